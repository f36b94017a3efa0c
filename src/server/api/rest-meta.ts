// The REST face of the procedures: one method and path each under /api/v1. The procedures,
// their zod inputs and outputs stay the one definition; this table only says where each one
// lives over plain HTTP (served by http/rest.ts, described by http/openapi.ts).
// Queries are GET with query parameters; mutations take a JSON body (DELETE: query
// parameters). `{name}` segments are input fields. events.stream is a subscription: no REST
// route (it is served over SSE and WebSocket).
import type { inferRouterInputs } from "@trpc/server";
import type { AppRouter } from "./root";

export type RestMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type RestRoute = {
  method: RestMethod;
  path: `/${string}`;
  summary: string;
  /** Callable without a token (signing up and in). */
  public?: boolean;
};

type Inputs = inferRouterInputs<AppRouter>;
type ProcedurePath = { [R in keyof Inputs]: `${R & string}.${keyof Inputs[R] & string}` }[keyof Inputs];
export type RestProcedure = Exclude<ProcedurePath, "events.stream">;

export const restRoutes: Record<RestProcedure, RestRoute> = {
  "auth.register": { method: "POST", path: "/auth/register", summary: "Create an account; answers the profile and a session token", public: true },
  "auth.login": { method: "POST", path: "/auth/login", summary: "Sign in; answers the profile and a session token", public: true },
  "auth.me": { method: "GET", path: "/auth/me", summary: "My own profile" },
  "auth.logout": { method: "POST", path: "/auth/logout", summary: "End this session (its token stops working)" },
  "auth.sessions": { method: "GET", path: "/auth/sessions", summary: "My signed-in devices and API tokens" },
  "auth.revokeSession": { method: "DELETE", path: "/auth/sessions/{sessionId}", summary: "Sign one of my sessions out" },
  "auth.revokeOtherSessions": { method: "POST", path: "/auth/sessions/revoke-others", summary: "Sign out every session but this one" },

  "users.byId": { method: "GET", path: "/users/{userId}", summary: "A person's public profile" },
  "users.updateMe": { method: "PATCH", path: "/users/me", summary: "Change my profile" },
  "users.search": { method: "GET", path: "/users/search", summary: "Find people by name or username" },

  "chats.list": { method: "GET", path: "/chats", summary: "My chats, most recent activity first" },
  "chats.openDirect": { method: "POST", path: "/chats/direct", summary: "Open (or create) the direct chat with a person" },
  "chats.createGroup": { method: "POST", path: "/chats/group", summary: "Create a group" },
  "chats.openSupport": { method: "POST", path: "/chats/support", summary: "Open a chat with the support team" },
  "chats.openContext": { method: "POST", path: "/chats/context", summary: "Open the chat about an object of another application" },
  "chats.stats": { method: "GET", path: "/chats/stats", summary: "My chat totals" },
  "chats.info": { method: "GET", path: "/chats/{chatId}", summary: "A chat with its members" },
  "chats.update": { method: "PATCH", path: "/chats/{chatId}", summary: "Rename a group" },
  "chats.delete": { method: "DELETE", path: "/chats/{chatId}", summary: "Delete a group (its owner)" },
  "chats.archive": { method: "POST", path: "/chats/{chatId}/archive", summary: "Archive or unarchive a chat for me" },
  "chats.addMembers": { method: "POST", path: "/chats/{chatId}/members", summary: "Add people to a group" },
  "chats.removeMember": { method: "DELETE", path: "/chats/{chatId}/members/{userId}", summary: "Remove someone from a group" },
  "chats.setMemberRole": { method: "PUT", path: "/chats/{chatId}/members/{userId}/role", summary: "Make a member admin or member" },
  "chats.setDisappearing": { method: "PUT", path: "/chats/{chatId}/disappearing", summary: "Set the chat's disappearing-message timer" },
  "chats.setSecureDefault": { method: "PUT", path: "/chats/{chatId}/secure-default", summary: "Make new messages of a direct chat end-to-end encrypted by default" },
  "chats.leave": { method: "POST", path: "/chats/{chatId}/leave", summary: "Leave a group" },
  "chats.files": { method: "GET", path: "/chats/{chatId}/files", summary: "The chat's shared media, audio or documents" },
  "chats.setTyping": { method: "POST", path: "/chats/{chatId}/typing", summary: "Start or stop my typing indicator" },

  "messages.list": { method: "GET", path: "/chats/{chatId}/messages", summary: "A page of the chat's history" },
  "messages.pinned": { method: "GET", path: "/chats/{chatId}/pinned", summary: "The chat's pinned messages" },
  "messages.markRead": { method: "POST", path: "/chats/{chatId}/read", summary: "Mark the chat read (up to a message)" },
  "messages.send": { method: "POST", path: "/messages/send", summary: "Send (or schedule) a message" },
  "messages.sendSecure": { method: "POST", path: "/messages/send-secure", summary: "Send an end-to-end encrypted message in a direct chat" },
  "messages.search": { method: "GET", path: "/messages/search", summary: "Search the messages of my chats" },
  "messages.scheduled": { method: "GET", path: "/messages/scheduled", summary: "My scheduled messages" },
  "messages.editScheduled": { method: "PATCH", path: "/messages/scheduled/{id}", summary: "Change a scheduled message" },
  "messages.cancelScheduled": { method: "DELETE", path: "/messages/scheduled/{id}", summary: "Cancel a scheduled message" },
  "messages.sendScheduledNow": { method: "POST", path: "/messages/scheduled/{id}/send", summary: "Send a scheduled message now" },
  "messages.byId": { method: "GET", path: "/messages/{messageId}", summary: "One message" },
  "messages.edit": { method: "PATCH", path: "/messages/{messageId}", summary: "Edit my message" },
  "messages.delete": { method: "DELETE", path: "/messages/{messageId}", summary: "Delete a message for me or for everyone" },
  "messages.forward": { method: "POST", path: "/messages/{messageId}/forward", summary: "Forward a message to other chats" },
  "messages.pin": { method: "POST", path: "/messages/{messageId}/pin", summary: "Pin or unpin a message" },
  "messages.receipts": { method: "GET", path: "/messages/{messageId}/receipts", summary: "Who received and read my message" },
  "messages.report": { method: "POST", path: "/messages/{messageId}/report", summary: "Report a message to the moderators" },

  "reactions.available": { method: "GET", path: "/reactions", summary: "The reactions one may use" },
  "reactions.add": { method: "POST", path: "/messages/{messageId}/reactions", summary: "React to a message" },
  "reactions.remove": { method: "DELETE", path: "/messages/{messageId}/reactions/{reactionId}", summary: "Remove my reaction" },

  "polls.create": { method: "POST", path: "/polls", summary: "Post a poll in a chat" },
  "polls.vote": { method: "POST", path: "/polls/{pollId}/vote", summary: "Vote (an empty choice retracts the vote)" },
  "polls.close": { method: "POST", path: "/polls/{pollId}/close", summary: "Close a poll" },
  "polls.voters": { method: "GET", path: "/polls/{pollId}/voters", summary: "Who voted for an option (not for anonymous polls)" },

  "calls.initiate": { method: "POST", path: "/calls/initiate", summary: "Ring the other person of a direct chat" },
  "calls.history": { method: "GET", path: "/calls/history", summary: "My past calls" },
  "calls.current": { method: "GET", path: "/calls/current", summary: "My ringing or active call, or null" },
  "calls.config": { method: "GET", path: "/calls/config", summary: "ICE servers and ring time for placing calls" },
  "calls.answer": { method: "POST", path: "/calls/{callId}/answer", summary: "Answer a ringing call" },
  "calls.reject": { method: "POST", path: "/calls/{callId}/reject", summary: "Decline a ringing call" },
  "calls.end": { method: "POST", path: "/calls/{callId}/end", summary: "Hang up (or cancel a call I placed)" },
  "calls.signal": { method: "POST", path: "/calls/{callId}/signal", summary: "Relay WebRTC signal data to the other party" },

  "files.byId": { method: "GET", path: "/files/{fileId}", summary: "A file's description (download: GET /api/files/{id})" },
  "files.extractMetadata": { method: "POST", path: "/files/{fileId}/metadata", summary: "Read an audio file's tags again" },

  "keys.registerDevice": { method: "POST", path: "/keys/devices", summary: "Publish a new device's identity key and signed prekey" },
  "keys.devices": { method: "GET", path: "/keys/devices", summary: "My devices with encryption keys" },
  "keys.rotatePrekey": { method: "PUT", path: "/keys/devices/{deviceId}/prekey", summary: "Publish a new signed prekey for one of my devices" },
  "keys.revoke": { method: "DELETE", path: "/keys/devices/{deviceId}", summary: "Revoke one of my devices' keys" },
  "keys.bundles": { method: "GET", path: "/chats/{chatId}/keys", summary: "The devices of both people of a direct chat, to seal messages to" },

  "push.publicKey": { method: "GET", path: "/push/public-key", summary: "The VAPID public key browsers subscribe to Web Push with" },
  "push.subscribe": { method: "POST", path: "/push/subscriptions", summary: "Send this browser Web Push notifications while I have no Relay open" },
  "push.unsubscribe": { method: "POST", path: "/push/unsubscribe", summary: "Stop Web Push notifications to one of my browsers" },

  "music.all": { method: "GET", path: "/music", summary: "Every audio file of my chats" },

  "admin.stats": { method: "GET", path: "/admin/stats", summary: "Totals and messages per day" },
  "admin.users": { method: "GET", path: "/admin/users", summary: "List and search users" },
  "admin.ban": { method: "POST", path: "/admin/users/{userId}/ban", summary: "Ban a user (disconnects them at once)" },
  "admin.unban": { method: "POST", path: "/admin/users/{userId}/unban", summary: "Lift a ban" },
  "admin.setRole": { method: "PUT", path: "/admin/users/{userId}/role", summary: "Make a user admin or user" },
  "admin.disconnect": { method: "POST", path: "/admin/users/{userId}/disconnect", summary: "Close a user's live connections" },
  "admin.messages": { method: "GET", path: "/admin/messages", summary: "List and filter messages" },
  "admin.deleteMessage": { method: "DELETE", path: "/admin/messages/{messageId}", summary: "Delete a message for everyone" },
  "admin.reactions": { method: "GET", path: "/admin/reactions", summary: "List reactions" },
  "admin.reports": { method: "GET", path: "/admin/reports", summary: "The reports queue" },
  "admin.resolveReport": { method: "POST", path: "/admin/reports/{reportId}/resolve", summary: "Dismiss, delete the message or ban its author" },
  "admin.auditLog": { method: "GET", path: "/admin/audit-log", summary: "Every admin action" },
};
