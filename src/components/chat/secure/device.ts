"use client";
// This browser's secure device, set up on first use: keys generated here (private halves
// non-extractable), published with keys.registerDevice under the browser's name, kept in the
// key store; the prekey replaced on the schedule. One setup per person per page, and one per
// browser at a time (tabs share the device).
import { generateDeviceKeys, publicBundle } from "@/lib/secure";
import { deviceLabel } from "@/lib/device-label";
import type { useTRPCClient } from "@/trpc/react";
import { openKeyStore, type KeyStore, type LocalDevice } from "./key-store";

export type Client = ReturnType<typeof useTRPCClient>;

/** A failure of this browser's own part (not the network's): shown as it is, never retried by itself. */
export class SecureError extends Error {
  readonly data = { code: "SECURE" };
}

const stores = new Map<string, Promise<KeyStore>>();
const devices = new Map<string, Promise<LocalDevice>>();

export function keyStoreOf(userId: string): Promise<KeyStore> {
  let store = stores.get(userId);
  if (!store) {
    store = openKeyStore(userId);
    stores.set(userId, store);
    store.catch(() => stores.delete(userId));
  }
  return store;
}

async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  return locks ? ((await locks.request(name, work)) as T) : work();
}

async function register(client: Client, store: KeyStore): Promise<LocalDevice> {
  const keys = await generateDeviceKeys();
  const { device } = await client.keys.registerDevice.mutate({ name: deviceLabel("browser", navigator.userAgent), ...(await publicBundle(keys)) });
  return store.saveDevice(device.id, keys);
}

async function setUp(client: Client, userId: string): Promise<LocalDevice> {
  const store = await keyStoreOf(userId);
  const device = await withLock(`relay-secure-register:${userId}`, async () => {
    const stored = await store.device();
    if (stored) {
      // Revoked from another device: its keys are no longer sealed to, so this browser starts afresh.
      const { devices: mine } = await client.keys.devices.query();
      if (mine.some((d) => d.id === stored.id && d.revokedAt === null)) return stored;
      await store.clear();
    }
    return register(client, store);
  });
  await store.rotatePrekeyIfDue((prekey, deviceId) => client.keys.rotatePrekey.mutate({ deviceId, prekey }));
  return (await store.device()) ?? device;
}

/** This browser's device for `userId`, set up if it has none yet. */
export function ensureDevice(client: Client, userId: string): Promise<LocalDevice> {
  let device = devices.get(userId);
  if (!device) {
    device = setUp(client, userId);
    devices.set(userId, device);
    device.catch(() => devices.delete(userId));
  }
  return device;
}

/** The device this browser already has, without setting one up. */
export async function existingDevice(userId: string): Promise<LocalDevice | null> {
  return (await keyStoreOf(userId)).device();
}

/** My devices changed (perhaps this one was revoked elsewhere): the next use checks this device again. */
export function recheckDevice(userId: string) {
  devices.delete(userId);
}

/** After this device was revoked: its keys are forgotten here; the next use sets up a new one. */
export async function forgetDevice(userId: string): Promise<void> {
  devices.delete(userId);
  await (await keyStoreOf(userId)).clear();
}
