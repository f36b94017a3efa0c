// The whole API. `AppRouter` is the type clients are written against.
import { adminRouter } from "./routers/admin";
import { authRouter } from "./routers/auth";
import { callsRouter } from "./routers/calls";
import { chatsRouter } from "./routers/chats";
import { eventsRouter } from "./routers/events";
import { filesRouter } from "./routers/files";
import { keysRouter } from "./routers/keys";
import { messagesRouter } from "./routers/messages";
import { musicRouter } from "./routers/music";
import { pollsRouter } from "./routers/polls";
import { pushRouter } from "./routers/push";
import { reactionsRouter } from "./routers/reactions";
import { usersRouter } from "./routers/users";
import { logProcedureError } from "./failures";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  users: usersRouter,
  chats: chatsRouter,
  messages: messagesRouter,
  reactions: reactionsRouter,
  polls: pollsRouter,
  calls: callsRouter,
  files: filesRouter,
  keys: keysRouter,
  music: musicRouter,
  push: pushRouter,
  events: eventsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

const callerFactory = createCallerFactory(appRouter);
/** In-process callers (server components, tests) log unexpected failures as the transports do. */
export const createCaller: typeof callerFactory = (ctx, options) =>
  callerFactory(ctx, { onError: ({ error, path }) => logProcedureError("call", path, error), ...options });
