"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { formatWhen, personLabel } from "./format";
import { QueryState } from "./query-state";
import { Table, Td, Th } from "./table";

const actionLabels = {
  ban: "Banned",
  unban: "Unbanned",
  set_role: "Changed role",
  disconnect: "Disconnected",
  delete_message: "Deleted a message",
  resolve_report: "Resolved a report",
} as const;

function detailText(details: Record<string, string | number | boolean | null> | null): string {
  if (!details) return "";
  if ("to" in details) return `${details.from} → ${details.to}`;
  if ("resolution" in details) return `${details.resolution} (${details.reports} report${details.reports === 1 ? "" : "s"})`;
  return "";
}

export function AuditTable() {
  const trpc = useTRPC();
  const audit = useInfiniteQuery(trpc.admin.auditLog.infiniteQueryOptions({ limit: 25 }, { getNextPageParam: (last) => last.nextCursor }));
  const items = audit.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <QueryState query={audit} isEmpty={items.length === 0} empty="No admin actions yet." what="audit entries">
      <Table caption="Audit log: every admin action">
        <thead>
          <tr>
            <Th>When</Th>
            <Th>Admin</Th>
            <Th>Action</Th>
            <Th>About</Th>
            <Th>Why</Th>
          </tr>
        </thead>
        <tbody>
          {items.map((row) => (
            <tr key={row.id}>
              <Td className="whitespace-nowrap">{formatWhen(row.at)}</Td>
              <Td>{personLabel(row.actor)}</Td>
              <Td>
                {actionLabels[row.action]}
                {detailText(row.details) ? <div className="text-xs text-slate-500 dark:text-slate-400">{detailText(row.details)}</div> : null}
              </Td>
              <Td>
                {row.targetUser ? personLabel(row.targetUser) : null}
                {row.targetMessageId ? <div className="text-xs text-slate-500 dark:text-slate-400">Message {row.targetMessageId}</div> : null}
              </Td>
              <Td className="max-w-sm break-words">{row.reason ?? <span className="text-slate-500 dark:text-slate-400">—</span>}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </QueryState>
  );
}
