"use client";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/react";
import { formatWhen, personLabel } from "./format";
import { QueryState } from "./query-state";
import { Table, Td, Th } from "./table";

export function ReactionsTable() {
  const trpc = useTRPC();
  const reactions = useInfiniteQuery(
    trpc.admin.reactions.infiniteQueryOptions({ limit: 25 }, { getNextPageParam: (last) => last.nextCursor }),
  );
  const items = reactions.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <QueryState query={reactions} isEmpty={items.length === 0} empty="No reactions yet." what="reactions">
      <Table caption="Reactions">
        <thead>
          <tr>
            <Th>When</Th>
            <Th>Reaction</Th>
            <Th>By</Th>
            <Th>On message</Th>
            <Th>Chat</Th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id}>
              <Td className="whitespace-nowrap">{formatWhen(r.createdAt)}</Td>
              <Td className="text-xl">{r.emoji}</Td>
              <Td>{personLabel(r.user)}</Td>
              <Td className="max-w-sm">
                {r.message.deletedAt ? <em className="text-slate-500 dark:text-slate-400">Deleted</em> : <span className="line-clamp-2 break-words">{r.message.content}</span>}
              </Td>
              <Td>{r.chat.title}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </QueryState>
  );
}
