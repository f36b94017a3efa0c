"use client";
// Asking a poll: the question, 2–10 options (added and removed), and whether it takes several
// answers, hides who voted, or is a quiz with one right answer and why. The server checks it
// all again; the bounds here are the same numbers (lib/limits.ts).
import { useQueryClient } from "@tanstack/react-query";
import { Plus, Trash2 } from "lucide-react";
import { useId, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/text-field";
import { toast } from "@/components/ui/toast";
import { POLL_LIMITS } from "@/lib/limits";
import { useTRPC, useTRPCClient } from "@/trpc/react";
import { addMessageToCache } from "@/components/chat/cache";

const reason = (error: unknown) => (error instanceof Error ? error.message : "Something went wrong");

export function CreatePollDialog({ chatId, onClose }: { chatId: string; onClose: () => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [question, setQuestion] = useState("");
  const [options, setOptions] = useState(["", ""]);
  const [multipleChoice, setMultipleChoice] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  const [quiz, setQuiz] = useState(false);
  const [correct, setCorrect] = useState(0);
  const [explanation, setExplanation] = useState("");
  const [closesAt, setClosesAt] = useState("");
  // One per dialog: pressing Send again after a failure that did go through makes no second poll.
  const [clientId] = useState(() => crypto.randomUUID());
  const [sending, setSending] = useState(false);
  const quizName = useId();

  const filled = options.map((o) => o.trim()).filter(Boolean);
  const duplicate = new Set(filled.map((o) => o.toLowerCase())).size !== filled.length;
  const ready =
    question.trim().length > 0 &&
    question.length <= POLL_LIMITS.QUESTION &&
    filled.length >= POLL_LIMITS.MIN_OPTIONS &&
    !duplicate &&
    (!quiz || options[correct]?.trim());

  async function send() {
    if (!ready || sending) return;
    setSending(true);
    // Empty rows are left out; the quiz's answer follows its option.
    const kept = options.map((text, index) => ({ text: text.trim(), index })).filter((o) => o.text);
    try {
      const message = await client.polls.create.mutate({
        chatId,
        clientId,
        question: question.trim(),
        options: kept.map((o) => o.text),
        multipleChoice: quiz ? false : multipleChoice,
        anonymous,
        quiz: quiz ? { correctOptionIndex: kept.findIndex((o) => o.index === correct), explanation: explanation.trim() || undefined } : undefined,
        closesAt: closesAt ? new Date(closesAt) : undefined,
      });
      addMessageToCache(queryClient, trpc, message);
      void queryClient.invalidateQueries(trpc.chats.list.pathFilter());
      onClose();
    } catch (error) {
      toast(`Could not send the poll: ${reason(error)}`, "error");
      setSending(false);
    }
  }

  const setOption = (index: number, text: string) => setOptions((now) => now.map((o, i) => (i === index ? text : o)));
  function removeOption(index: number) {
    setOptions((now) => now.filter((_, i) => i !== index));
    setCorrect((c) => (c === index ? 0 : c > index ? c - 1 : c));
  }
  const toggleClass = "flex items-center gap-2 text-sm";

  return (
    <Dialog title="New poll" onClose={onClose} action={{ label: sending ? "Sending…" : "Send poll", onClick: () => void send(), disabled: !ready || sending }}>
      <form
        className="space-y-4 px-4 py-3"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <TextField
          label="Question"
          value={question}
          maxLength={POLL_LIMITS.QUESTION}
          autoFocus
          onChange={(e) => setQuestion(e.target.value)}
          placeholder="Ask something"
        />
        <fieldset className="space-y-2">
          <legend className="mb-1 text-sm font-medium text-slate-700 dark:text-slate-300">Options</legend>
          {options.map((option, index) => (
            <div key={index} className="flex items-center gap-2">
              {quiz ? (
                <input
                  type="radio"
                  name={quizName}
                  checked={correct === index}
                  onChange={() => setCorrect(index)}
                  aria-label={`Option ${index + 1} is the right answer`}
                  className="h-4 w-4 accent-emerald-600"
                />
              ) : null}
              <input
                value={option}
                maxLength={POLL_LIMITS.OPTION}
                onChange={(e) => setOption(index, e.target.value)}
                aria-label={`Option ${index + 1}`}
                placeholder={`Option ${index + 1}`}
                className="min-w-0 flex-1 rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder:text-slate-400 focus:border-brand-500 focus:outline-none focus:ring-2 focus:ring-brand-500/30 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
              />
              <button
                type="button"
                onClick={() => removeOption(index)}
                disabled={options.length <= POLL_LIMITS.MIN_OPTIONS}
                aria-label={`Remove option ${index + 1}`}
                className="inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-full text-slate-500 dark:text-slate-400 hover:bg-slate-100 disabled:opacity-40 dark:hover:bg-slate-800"
              >
                <Trash2 className="h-4 w-4" aria-hidden="true" />
              </button>
            </div>
          ))}
          {options.length < POLL_LIMITS.MAX_OPTIONS ? (
            <button
              type="button"
              onClick={() => setOptions((now) => [...now, ""])}
              className="inline-flex items-center gap-1 rounded-lg px-2 py-1 text-sm font-medium text-brand-600 hover:bg-slate-100 dark:text-brand-100 dark:hover:bg-slate-800"
            >
              <Plus className="h-4 w-4" aria-hidden="true" />
              Add an option
            </button>
          ) : null}
          {duplicate ? (
            <p role="alert" className="text-xs text-red-600 dark:text-red-400">
              Each option must be different.
            </p>
          ) : null}
        </fieldset>
        <fieldset className="space-y-2">
          <legend className="sr-only">Settings</legend>
          <label className={toggleClass}>
            <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} className="h-4 w-4 accent-brand-600" />
            Anonymous voting
          </label>
          <label className={`${toggleClass} ${quiz ? "opacity-50" : ""}`}>
            <input
              type="checkbox"
              checked={multipleChoice && !quiz}
              disabled={quiz}
              onChange={(e) => setMultipleChoice(e.target.checked)}
              className="h-4 w-4 accent-brand-600"
            />
            Several answers
          </label>
          <label className={toggleClass}>
            <input type="checkbox" checked={quiz} onChange={(e) => setQuiz(e.target.checked)} className="h-4 w-4 accent-brand-600" />
            Quiz (one right answer; pick it above)
          </label>
          {quiz ? (
            <TextField
              label="Explanation (optional)"
              value={explanation}
              maxLength={POLL_LIMITS.EXPLANATION}
              onChange={(e) => setExplanation(e.target.value)}
              hint="Shown once someone has answered"
            />
          ) : null}
          <TextField label="Closes at (optional)" type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} />
        </fieldset>
        {/* Enter in a field sends, as the dialog's button does. */}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </form>
    </Dialog>
  );
}
