import { chatIdInput, deviceIdInput, registerDeviceInput, rotatePrekeyInput } from "@/lib/validators";
import * as devices from "@/server/services/keys/devices";
import { keysOutputs } from "@/lib/outputs/keys";
import { createTRPCRouter, protectedProcedure } from "../trpc";

export const keysRouter = createTRPCRouter({
  registerDevice: protectedProcedure
    .input(registerDeviceInput)
    .output(keysOutputs.registerDevice)
    .mutation(({ ctx, input }) => devices.registerDevice(ctx, ctx.user.id, input)),
  rotatePrekey: protectedProcedure
    .input(rotatePrekeyInput)
    .output(keysOutputs.rotatePrekey)
    .mutation(({ ctx, input }) => devices.rotatePrekey(ctx, ctx.user.id, input)),
  devices: protectedProcedure.output(keysOutputs.devices).query(({ ctx }) => devices.myDevices(ctx.db, ctx.user.id)),
  revoke: protectedProcedure
    .input(deviceIdInput)
    .output(keysOutputs.revoke)
    .mutation(({ ctx, input }) => devices.revokeDevice(ctx, ctx.user.id, input.deviceId)),
  bundles: protectedProcedure
    .input(chatIdInput)
    .output(keysOutputs.bundles)
    .query(({ ctx, input }) => devices.keyBundles(ctx.db, ctx.user.id, input.chatId)),
});
