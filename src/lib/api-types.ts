// The shapes the browser receives, inferred from the router: the server's procedures are the
// one source of truth, and the browser never imports a server module to name them.
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

export type RouterOutputs = inferRouterOutputs<AppRouter>;

export type MessageView = RouterOutputs["messages"]["byId"];
/** A message without its reactions (edits and pins travel so; reactions have events of their own). */
export type MessageCore = Omit<MessageView, "reactions" | "poll">;
export type PollView = NonNullable<MessageView["poll"]>;
export type MessageKind = MessageView["kind"];
export type ScheduledMessageView = RouterOutputs["messages"]["scheduled"][number];
export type ReplyPreview = NonNullable<MessageView["replyTo"]>;
export type ReactionGroup = MessageView["reactions"][number];
export type FileView = RouterOutputs["files"]["byId"];
export type PublicUser = RouterOutputs["users"]["byId"];
export type OwnProfile = RouterOutputs["auth"]["me"];
export type ChatSummary = RouterOutputs["chats"]["list"]["items"][number];
export type ChatInfo = RouterOutputs["chats"]["info"];
export type ChatMemberView = ChatInfo["members"][number];

/** One live event of `events.stream`, without the log id it is tracked by. */
export type RelayEvent = StreamItem extends { data: infer Event } ? Event : never;
type StreamItem = RouterOutputs["events"]["stream"] extends AsyncIterable<infer Item> ? Item : never;
export type Reaction = Extract<RelayEvent, { type: "reaction:new" }>["data"]["reaction"];
export type MessageSearchResult = RouterOutputs["messages"]["search"];
export type MessageSearchHit = MessageSearchResult["items"][number];
export type { SnippetPart as SearchSnippetPart } from "@/lib/search-snippet";
