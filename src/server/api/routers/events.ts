import { eventStreamInput } from "@/lib/validators";
import { positionOf, streamEvents } from "@/server/events/stream";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const eventsRouter = createTRPCRouter({
  /**
   * Every live event of the chats I belong to. Each carries an id; a client that reconnects
   * with its last id (tRPC sends it as `lastEventId`) receives what it missed, once, or
   * `stream:reset` when the log no longer reaches back that far.
   */
  stream: protectedProcedure
    .input(eventStreamInput.default({}))
    .subscription(({ ctx, input, signal }) =>
      streamEvents(ctx, ctx.user.id, input.lastEventId ? positionOf(input.lastEventId) : null, signal, ctx.socket),
    ),
});
