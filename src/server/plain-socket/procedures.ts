// Each client frame (other than auth and message:send, which have answers of their own) as the
// tRPC procedure it stands for, called through the router with the socket's context: the same
// validation, authorization and limits as over tRPC.
import type { z } from "zod";
import type { createCaller } from "@/server/api/root";
import type { ClientFrameType, clientFrameData } from "./protocol";

export type Caller = ReturnType<typeof createCaller>;
type Mapped = Exclude<ClientFrameType, "auth" | "message:send">;
type Procedure<T extends Mapped> = { path: string; call: (api: Caller, data: z.output<(typeof clientFrameData)[T]>) => Promise<unknown> };

export const procedures: { [T in Mapped]: Procedure<T> } = {
  "typing:start": { path: "chats.setTyping", call: (api, { chatId }) => api.chats.setTyping({ chatId, typing: true }) },
  "typing:stop": { path: "chats.setTyping", call: (api, { chatId }) => api.chats.setTyping({ chatId, typing: false }) },
  "messages:read": { path: "messages.markRead", call: (api, data) => api.messages.markRead(data) },
  "call:initiate": { path: "calls.initiate", call: (api, data) => api.calls.initiate(data) },
  "call:answer": { path: "calls.answer", call: (api, data) => api.calls.answer(data) },
  "call:reject": { path: "calls.reject", call: (api, data) => api.calls.reject(data) },
  "call:end": { path: "calls.end", call: (api, data) => api.calls.end(data) },
  "call:signal": { path: "calls.signal", call: (api, data) => api.calls.signal(data) },
};
