// The whole API. `AppRouter` is the type clients are written against.
import { adminRouter } from "./routers/admin";
import { authRouter } from "./routers/auth";
import { callsRouter } from "./routers/calls";
import { chatsRouter } from "./routers/chats";
import { eventsRouter } from "./routers/events";
import { filesRouter } from "./routers/files";
import { messagesRouter } from "./routers/messages";
import { musicRouter } from "./routers/music";
import { reactionsRouter } from "./routers/reactions";
import { usersRouter } from "./routers/users";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  users: usersRouter,
  chats: chatsRouter,
  messages: messagesRouter,
  reactions: reactionsRouter,
  calls: callsRouter,
  files: filesRouter,
  music: musicRouter,
  events: eventsRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
