"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { SearchField } from "@/components/ui/search-field";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toast";
import type { ChatSummary, MessageSearchHit, PublicUser } from "@/lib/api-types";
import { useTRPC } from "@/trpc/react";
import { useOpenAtMessage } from "@/components/chat/conversation/open-at-message";
import { ChatResult, MessageResult, PersonResult } from "./result-rows";
import { nextOption } from "./result-steps";
import { SearchSection } from "./search-section";
import { useGlobalResults, type SectionState } from "./use-global-results";
import { useSearchText } from "./use-search-text";


type Option = { key: string; open: () => void };

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const itemsOf = <T,>(section: SectionState<T>): T[] => (section.status === "ready" ? section.items : []);

/**
 * The chat list's one search box: chats, people and messages as you type. The box keeps the
 * focus; ↑/↓ move through every result of every section (aria-activedescendant), Enter opens
 * the active one (or the first), Esc clears. `children` is what shows while the box is empty.
 */
export function GlobalSearch({ children }: { children: ReactNode }) {
  const trpc = useTRPC();
  const router = useRouter();
  const openMessage = useOpenAtMessage();
  const input = useRef<HTMLInputElement>(null);
  const baseId = useId();
  const { query, setQuery, typed, q } = useSearchText();
  const results = useGlobalResults(q);
  // The active result belongs to the text it was chosen for: new text, nothing active.
  const [active, setActive] = useState<{ q: string; key: string } | null>(null);
  const activeKey = active?.q === q ? active.key : null;

  const openDirect = useMutation(
    trpc.chats.openDirect.mutationOptions({
      onSuccess: (chat) => {
        setQuery("");
        router.push(`/chats/${chat.id}`);
      },
      onError: (error) => toast(`Could not open the chat: ${error.message}`, "error"),
    }),
  );

  const optionId = (key: string) => `${baseId}-${key}`;
  const listIds = { chats: `${baseId}-chats`, people: `${baseId}-people`, messages: `${baseId}-messages` };
  const chatKey = (chat: ChatSummary) => `chat-${chat.id}`;
  const personKey = (user: PublicUser) => `person-${user.id}`;
  const messageKey = (messageId: string) => `message-${messageId}`;

  function openChat(chat: ChatSummary) {
    setQuery("");
    router.push(`/chats/${chat.id}`);
  }
  function openPerson(user: PublicUser) {
    if (!openDirect.isPending) openDirect.mutate({ userId: user.id });
  }
  // Open at the message, the results staying: the next hit is one press away.
  const openHit = (hit: MessageSearchHit) => openMessage(hit.chat.id, hit.message.id);

  const options: Option[] = [
    ...itemsOf(results.chats).map((chat) => ({ key: chatKey(chat), open: () => openChat(chat) })),
    ...itemsOf(results.people).map((user) => ({ key: personKey(user), open: () => openPerson(user) })),
    ...itemsOf(results.messages).map((hit) => ({ key: messageKey(hit.message.id), open: () => openHit(hit) })),
  ];
  const byKey = new Map(options.map((option) => [option.key, option]));

  useEffect(() => {
    if (activeKey) document.getElementById(`${baseId}-${activeKey}`)?.scrollIntoView({ block: "nearest" });
  }, [activeKey, baseId]);

  function clear() {
    setQuery("");
    input.current?.focus();
  }

  /** Past the last message, the next page is fetched and its first hit becomes active. */
  async function moveIntoNextPage() {
    const result = await results.moreMessages.load();
    const page = result.data?.pages.at(-1);
    const first = page?.items[0];
    if (first) setActive({ q, key: messageKey(first.message.id) });
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      const more = results.moreMessages;
      const next = nextOption(options.map((o) => o.key), activeKey, e.key === "ArrowDown", more.hasMore);
      if (next === null) return;
      e.preventDefault();
      if (next !== "more") setActive({ q, key: next });
      else if (!more.loading) void moveIntoNextPage();
    } else if (e.key === "Enter") {
      const chosen = byKey.get(activeKey ?? "") ?? options[0];
      if (!chosen) return;
      e.preventDefault();
      chosen.open();
    }
  }

  const ready = q !== "";
  const found = { chats: itemsOf(results.chats).length, people: itemsOf(results.people).length, messages: itemsOf(results.messages).length };
  const settledAll = [results.chats, results.people, results.messages].every((section) => section.status === "ready");
  const more = results.moreMessages.hasMore ? "+" : "";
  const counts = settledAll
    ? `${count(found.chats, "chat", "chats")}, ${count(found.people, "person", "people")}, ${count(found.messages, "message", "messages")}${more}`
    : "";
  const shownLists = (["chats", "people", "messages"] as const).filter((name) => found[name] > 0);
  return (
    <>
      <div className="px-3 py-2">
        <SearchField
          label="Search"
          value={query}
          onChange={setQuery}
          onEscape={clear}
          onClear={clear}
          onKeyDown={onKeyDown}
          inputRef={input}
          inputProps={{
            role: "combobox",
            "aria-expanded": typed !== "",
            "aria-autocomplete": "list",
            "aria-controls": shownLists.map((name) => listIds[name]).join(" ") || undefined,
            "aria-activedescendant": activeKey && byKey.has(activeKey) ? optionId(activeKey) : undefined,
          }}
        />
      </div>
      {typed === "" ? (
        children
      ) : (
        <div className="min-h-0 flex-1 overflow-y-auto pb-2" data-testid="search-results">
          <p className="sr-only" role="status">
            {counts}
          </p>
          {!ready ? (
            <div className="flex justify-center p-6">
              <Spinner label="Searching" />
            </div>
          ) : settledAll && options.length === 0 ? (
            <div className="p-6 text-center text-sm text-slate-500 dark:text-slate-400">
              <p className="font-medium text-slate-700 dark:text-slate-300">No results for “{q}”</p>
              <p className="mt-1">Try other words, or narrow it down: from:@username, in:chat, has:image, before:YYYY-MM-DD.</p>
            </div>
          ) : (
            <>
              <SearchSection
                title="Chats"
                q={q}
                state={results.chats}
                listId={listIds.chats}
                failed="Could not search chats."
                renderItem={(chat) => (
                  <ChatResult key={chat.id} chat={chat} id={optionId(chatKey(chat))} active={activeKey === chatKey(chat)} onOpen={() => openChat(chat)} />
                )}
              />
              <SearchSection
                title="People"
                q={q}
                state={results.people}
                listId={listIds.people}
                failed="Could not search people."
                renderItem={(user) => (
                  <PersonResult key={user.id} user={user} id={optionId(personKey(user))} active={activeKey === personKey(user)} onOpen={() => openPerson(user)} />
                )}
              />
              <SearchSection
                title="Messages"
                q={q}
                state={results.messages}
                listId={listIds.messages}
                failed="Could not search messages."
                renderItem={(hit) => {
                  const key = messageKey(hit.message.id);
                  return <MessageResult key={hit.message.id} hit={hit} id={optionId(key)} active={activeKey === key} onOpen={() => openHit(hit)} />;
                }}
                footer={
                  results.moreMessages.hasMore || results.moreMessages.failed ? (
                    <div className="px-3 pt-1 text-center">
                      <Button variant="ghost" onClick={() => void results.moreMessages.load()} disabled={results.moreMessages.loading}>
                        {results.moreMessages.loading ? "Loading…" : results.moreMessages.failed ? "Could not load more. Try again" : "Load more messages"}
                      </Button>
                    </div>
                  ) : null
                }
              />
            </>
          )}
        </div>
      )}
    </>
  );
}
