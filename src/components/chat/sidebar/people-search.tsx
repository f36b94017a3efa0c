"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useDeferredValue } from "react";
import { Spinner } from "@/components/ui/spinner";
import { useTRPC } from "@/trpc/react";
import { PersonSummary } from "@/components/chat/people/person-summary";

export function PeopleSearch({ query, onOpened }: { query: string; onOpened: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const q = useDeferredValue(query);
  const results = useQuery(trpc.users.search.queryOptions({ q, limit: 20 }));
  const open = useMutation(
    trpc.chats.openDirect.mutationOptions({
      onSuccess: (chat) => {
        onOpened();
        router.push(`/chats/${chat.id}`);
      },
    }),
  );

  if (results.isPending) {
    return (
      <div className="flex justify-center p-6">
        <Spinner label="Searching" />
      </div>
    );
  }
  if (results.isError) {
    return (
      <p role="alert" className="p-6 text-center text-sm text-red-600">
        {results.error.message}
      </p>
    );
  }
  if (results.data.items.length === 0) {
    return <p className="p-6 text-center text-sm text-slate-500">Nobody matches “{q}”.</p>;
  }
  return (
    <section aria-label="People">
      <h2 className="px-3 pb-1 pt-2 text-xs font-semibold uppercase tracking-wide text-slate-500">People</h2>
      <ul>
        {results.data.items.map((user) => (
          <li key={user.id}>
            <button
              type="button"
              onClick={() => open.mutate({ userId: user.id })}
              disabled={open.isPending}
              className="flex w-full items-center gap-3 px-3 py-2.5 text-left hover:bg-slate-50 disabled:opacity-60 dark:hover:bg-slate-800/60"
            >
              <PersonSummary user={user} />
            </button>
          </li>
        ))}
      </ul>
      {open.isError ? (
        <p role="alert" className="px-3 py-2 text-sm text-red-600">
          {open.error.message}
        </p>
      ) : null}
    </section>
  );
}
