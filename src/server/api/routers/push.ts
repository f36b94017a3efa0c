import { pushSubscribeInput, pushUnsubscribeInput } from "@/lib/validators";
import { pushOutputs } from "@/lib/outputs/push";
import * as subscriptions from "@/server/services/push/subscriptions";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const pushRouter = createTRPCRouter({
  /** The VAPID key a browser subscribes with (PushManager.subscribe's applicationServerKey). */
  publicKey: protectedProcedure.output(pushOutputs.publicKey).query(() => ({ publicKey: subscriptions.pushPublicKey() })),
  /** Pushes for my messages go to this browser while I have no Relay open; bound to this session. */
  subscribe: protectedProcedure
    .input(pushSubscribeInput)
    .output(pushOutputs.subscribe)
    .mutation(({ ctx, input }) => subscriptions.subscribe(ctx.db, ctx.user, input)),
  /** Stops pushes to one of my browsers (someone else's does not exist for me). */
  unsubscribe: protectedProcedure
    .input(pushUnsubscribeInput)
    .output(pushOutputs.unsubscribe)
    .mutation(({ ctx, input }) => subscriptions.unsubscribe(ctx.db, ctx.user.id, input.endpoint)),
});
