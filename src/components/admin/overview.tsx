"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { formatBytes, formatCount, formatWhen } from "./format";
import { MessagesChart } from "./messages-chart";
import { QueryState } from "./query-state";
import { Table, Td, Th } from "./table";

// Live connections change by the second; the rest barely. Refreshing keeps the page honest.
const REFRESH_MS = 15_000;

export function Overview() {
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.admin.stats.queryOptions(), refetchInterval: REFRESH_MS });
  const data = stats.data;
  const cards = data
    ? [
        { label: "Users", value: formatCount(data.users), note: `${formatCount(data.activeUsers24h)} active in 24 h` },
        { label: "Live connections", value: formatCount(data.liveConnections), note: "open WebSockets on all servers" },
        { label: "Chats", value: formatCount(data.chats) },
        { label: "Messages", value: formatCount(data.messages) },
        { label: "Files", value: formatCount(data.files) },
        { label: "Storage", value: formatBytes(data.storageBytes) },
      ]
    : [];
  return (
    <QueryState query={stats} isEmpty={false} empty="" what="statistics">
      {data ? (
        <div className="space-y-6">
          <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6" aria-label="Totals">
            {cards.map((card) => (
              <li key={card.label} className="rounded-2xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
                <p className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">{card.label}</p>
                <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`stat-${card.label.toLowerCase().replace(/\s+/g, "-")}`}>
                  {card.value}
                </p>
                {card.note ? <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{card.note}</p> : null}
              </li>
            ))}
          </ul>
          <section aria-labelledby="chart-heading" className="rounded-2xl border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
            <h2 id="chart-heading" className="mb-2 font-semibold">
              Messages per day
            </h2>
            <MessagesChart days={data.messagesPerDay} />
          </section>
          <section aria-labelledby="newest-heading" className="rounded-2xl border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
            <h2 id="newest-heading" className="p-4 pb-2 font-semibold">
              Newest users
            </h2>
            <Table caption="Newest users" narrow>
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Username</Th>
                  <Th>Joined</Th>
                  <Th>Status</Th>
                </tr>
              </thead>
              <tbody>
                {data.newestUsers.map((u) => (
                  <tr key={u.id}>
                    <Td>{`${u.firstName} ${u.lastName}`}</Td>
                    <Td>@{u.username}</Td>
                    <Td>{formatWhen(u.createdAt)}</Td>
                    <Td>{u.bannedAt ? "Banned" : u.online ? "Online" : "Offline"}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </section>
        </div>
      ) : null}
    </QueryState>
  );
}
