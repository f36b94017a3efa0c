"use client";
// A poll inside its bubble: each option a bar filled by its share of the voters (live, from
// `poll:updated`), my choice ticked, and what I may do: vote (one click, or tick several and
// Vote), retract, close, see who voted (public polls only).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Check, X } from "lucide-react";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { toast } from "@/components/ui/toast";
import { useNow } from "@/components/ui/use-now";
import { fullName } from "@/lib/format";
import type { PollView } from "@/lib/api-types";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { setPollInCache } from "@/components/chat/cache";
import { useMe } from "@/components/chat/me-context";

const reason = (error: unknown) => (error instanceof Error ? error.message : "Something went wrong");

export function PollCard({ poll, mine }: { poll: PollView; mine: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const me = useMe();
  const info = useQuery(trpc.chats.info.queryOptions({ chatId: poll.chatId }));
  const now = useNow(15_000);
  const [ticked, setTicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [showingVotes, setShowingVotes] = useState(false);

  const closed = poll.closed || (poll.closesAt !== null && Date.parse(poll.closesAt) <= now.getTime());
  const voted = poll.myChoice.length > 0;
  // A quiz is answered once; any other poll takes a new vote until it closes.
  const canVote = !closed && !(poll.quiz && voted);
  const myRole = info.data?.myRole;
  const canClose = !closed && (poll.creatorId === me.id || myRole === "owner" || myRole === "admin");

  async function run(action: () => Promise<PollView>, failure: string) {
    setBusy(true);
    try {
      setPollInCache(queryClient, trpc, await action());
      setTicked([]);
    } catch (error) {
      toast(`${failure}: ${reason(error)}`, "error");
    } finally {
      setBusy(false);
    }
  }
  const vote = (optionIds: string[]) => run(() => client.polls.vote.mutate({ pollId: poll.id, optionIds }), "Could not vote");

  function choose(optionId: string) {
    if (!canVote || busy) return;
    if (!poll.multipleChoice) return void vote([optionId]);
    setTicked((now) => (now.includes(optionId) ? now.filter((id) => id !== optionId) : [...now, optionId]));
  }

  const muted = mine ? "text-white/90" : "text-slate-500 dark:text-slate-400";
  const kindLabel = [poll.anonymous ? "Anonymous" : "Public", poll.quiz ? "quiz" : "poll", poll.multipleChoice ? "· several answers" : ""]
    .filter(Boolean)
    .join(" ");
  const linkClass = `font-semibold underline-offset-2 hover:underline focus-visible:underline focus-visible:outline-none disabled:opacity-60`;

  return (
    <div data-testid="poll" data-poll-id={poll.id} className="w-72 max-w-full py-1">
      <p className="text-[15px] font-semibold leading-snug break-words">{poll.question}</p>
      <p className={`mb-2 text-xs ${muted}`}>
        {closed ? "Final results · " : ""}
        {kindLabel}
      </p>
      <ul className="space-y-1.5" aria-label="Options">
        {poll.options.map((option) => {
          const chosen = poll.myChoice.includes(option.id);
          const isTicked = ticked.includes(option.id);
          const right = poll.correctOptionId === option.id;
          const wrong = poll.quiz && chosen && poll.correctOptionId !== null && !right;
          const bar = right ? "bg-emerald-500/60" : wrong ? "bg-red-500/50" : mine ? "bg-white/35" : "bg-brand-500/25 dark:bg-brand-500/40";
          return (
            <li key={option.id}>
              <button
                type="button"
                data-testid="poll-option"
                data-votes={option.votes}
                aria-pressed={poll.multipleChoice && canVote ? isTicked : chosen}
                disabled={!canVote || busy}
                onClick={() => choose(option.id)}
                aria-label={`${option.text}: ${option.votes} ${option.votes === 1 ? "vote" : "votes"}, ${option.percent}%${chosen ? ", my choice" : ""}${right ? ", right answer" : ""}`}
                className={`relative block w-full overflow-hidden rounded-lg border text-left text-sm transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500 disabled:cursor-default ${
                  mine ? "border-white/40" : "border-slate-200 dark:border-slate-700"
                } ${isTicked ? "ring-2 ring-brand-500" : ""}`}
              >
                <span
                  data-testid="poll-bar"
                  aria-hidden="true"
                  className={`absolute inset-y-0 left-0 transition-[width] duration-500 ${bar}`}
                  style={{ width: `${option.percent}%` }}
                />
                <span className="relative flex items-center gap-2 px-2.5 py-1.5">
                  <span className="inline-flex w-4 shrink-0 justify-center" aria-hidden="true">
                    {chosen || isTicked ? <Check className="h-4 w-4" /> : wrong ? <X className="h-4 w-4" /> : null}
                  </span>
                  <span className="min-w-0 flex-1 break-words">{option.text}</span>
                  <span className="shrink-0 text-xs font-semibold tabular-nums">{option.percent}%</span>
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      {poll.explanation ? <p className={`mt-2 text-xs ${muted}`}>💡 {poll.explanation}</p> : null}
      <div className={`mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs ${muted}`}>
        <span data-testid="poll-total">
          {poll.totalVoters} {poll.totalVoters === 1 ? "vote" : "votes"}
        </span>
        {poll.multipleChoice && canVote && ticked.length > 0 ? (
          <button type="button" className={linkClass} disabled={busy} onClick={() => void vote(ticked)}>
            Vote
          </button>
        ) : null}
        {voted && canVote && !poll.quiz ? (
          <button type="button" className={linkClass} disabled={busy} onClick={() => void vote([])}>
            Retract vote
          </button>
        ) : null}
        {!poll.anonymous && poll.totalVoters > 0 ? (
          <button type="button" className={linkClass} onClick={() => setShowingVotes(true)}>
            View votes
          </button>
        ) : null}
        {canClose ? (
          <button
            type="button"
            className={linkClass}
            disabled={busy}
            onClick={() => void run(() => client.polls.close.mutate({ pollId: poll.id }), "Could not close the poll")}
          >
            Close poll
          </button>
        ) : null}
      </div>
      {showingVotes ? <PollVotesDialog poll={poll} onClose={() => setShowingVotes(false)} /> : null}
    </div>
  );
}

/** Who chose what in a public poll, option by option (the first hundred of each). */
function PollVotesDialog({ poll, onClose }: { poll: PollView; onClose: () => void }) {
  return (
    <Dialog title="Votes" onClose={onClose}>
      <div className="space-y-3 px-4 py-3">
        {poll.options.map((option) => (
          <OptionVoters key={option.id} pollId={poll.id} optionId={option.id} text={option.text} votes={option.votes} />
        ))}
      </div>
    </Dialog>
  );
}

function OptionVoters({ pollId, optionId, text, votes }: { pollId: string; optionId: string; text: string; votes: number }) {
  const trpc = useTRPC();
  const voters = useQuery(trpc.polls.voters.queryOptions({ pollId, optionId, limit: 100 }, { enabled: votes > 0 }));
  return (
    <section>
      <h3 className="text-sm font-semibold">
        {text} <span className="font-normal text-slate-500 dark:text-slate-400">· {votes}</span>
      </h3>
      {votes === 0 ? null : voters.isPending ? (
        <p className="text-xs text-slate-500 dark:text-slate-400">Loading…</p>
      ) : voters.isError ? (
        <p className="text-xs text-red-600 dark:text-red-400">{voters.error.message}</p>
      ) : (
        <ul className="mt-1 space-y-0.5 text-sm text-slate-700 dark:text-slate-300" data-testid="poll-voters">
          {voters.data.items.map(({ user }) => (
            <li key={user.id}>{fullName(user)}</li>
          ))}
          {voters.data.nextCursor ? <li className="text-xs text-slate-500 dark:text-slate-400">and more…</li> : null}
        </ul>
      )}
    </section>
  );
}
