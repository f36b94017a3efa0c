import { callHistoryInput, callIdInput, initiateCallInput, signalCallInput } from "@/lib/calls";
import * as callsService from "@/server/services/calls/lifecycle";
import { callHistory } from "@/server/services/calls/history";
import { browserCallConfig } from "@/server/services/calls/runtime";
import { callsOutputs } from "@/lib/outputs/calls";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const callsRouter = createTRPCRouter({
  /** Rings the other person of a direct chat; "busy" (already finished) if they are in a call. */
  initiate: protectedProcedure
    .input(initiateCallInput)
    .output(callsOutputs.initiate)
    .mutation(({ ctx, input }) => callsService.initiateCall(ctx, ctx.user.id, input)),
  answer: protectedProcedure
    .input(callIdInput)
    .output(callsOutputs.answer)
    .mutation(({ ctx, input }) => callsService.answerCall(ctx, ctx.user.id, input.callId)),
  reject: protectedProcedure
    .input(callIdInput)
    .output(callsOutputs.reject)
    .mutation(({ ctx, input }) => callsService.rejectCall(ctx, ctx.user.id, input.callId)),
  end: protectedProcedure
    .input(callIdInput)
    .output(callsOutputs.end)
    .mutation(({ ctx, input }) => callsService.endCall(ctx, ctx.user.id, input.callId)),
  /** WebRTC signal data (simple-peer's), relayed to the other party as `call:signal`. */
  signal: protectedProcedure
    .input(signalCallInput)
    .output(callsOutputs.signal)
    .mutation(({ ctx, input }) => callsService.relaySignal(ctx, ctx.user.id, input)),
  history: protectedProcedure
    .input(callHistoryInput.default({ limit: 30 }))
    .output(callsOutputs.history)
    .query(({ ctx, input }) => callHistory(ctx, ctx.user.id, input)),
  /** My ringing or active call, or null. */
  current: protectedProcedure.output(callsOutputs.current).query(({ ctx }) => callsService.currentCall(ctx, ctx.user.id)),
  /** What a browser needs to place calls: the ICE (STUN/TURN) servers and the ring time. */
  config: protectedProcedure.output(callsOutputs.config).query(({ ctx }) => browserCallConfig(ctx.bus)),
});
