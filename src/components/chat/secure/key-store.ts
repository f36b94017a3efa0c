// This browser's secure messaging keys, per signed-in person, in IndexedDB: the device the
// server registered, its identity and prekeys (private halves non-extractable), the texts of
// messages already opened (so they stay readable after their prekey is deleted; encrypted under
// a local non-extractable key) and the identity keys pinned for each peer.
import {
  newPrekey,
  publishPrekey,
  type DeviceKeys,
  type Prekey,
  type PublishedPrekey,
} from "@/lib/secure";
import { openDatabase, request, transaction, userRange } from "./idb";
import { currentPrekey, isPrekeyDue, nextPrekeyId, prekeysToDelete, sortedKeys } from "./prekey-schedule";

export { peerKeysChanged } from "./prekey-schedule";

/** This browser's device: the id the server gave it, and its keys. */
export type LocalDevice = DeviceKeys & { id: string };
export type PinnedPeer = { identityKeys: string[]; verified: boolean; pinnedAt: number };
export type RotationResult = { rotated: boolean; deletedPrekeyIds: number[] };

type DeviceRecord = { userId: string; deviceId: string; identity: CryptoKeyPair; createdAt: number };
type PrekeyRecord = Prekey & { userId: string; retiredAt: number | null };
type TextRecord = { userId: string; messageId: string; iv: Uint8Array<ArrayBuffer>; data: ArrayBuffer };
type PeerRecord = PinnedPeer & { userId: string; peerId: string };
type LocalRecord = { userId: string; cacheKey: CryptoKey };

export type KeyStore = {
  device(): Promise<LocalDevice | null>;
  /** Keeps the device registered as `deviceId`; if another tab saved one first, that one is kept and returned. */
  saveDevice(deviceId: string, keys: DeviceKeys): Promise<LocalDevice>;
  /** The private prekeys still held, by id: what `openMessage` needs. */
  prekeys(): Promise<Map<number, CryptoKey>>;
  /** Deletes expired prekeys; replaces the current one when due, switching only after `publish` succeeded. */
  rotatePrekeyIfDue(publish: (prekey: PublishedPrekey, deviceId: string) => Promise<unknown>, now?: number): Promise<RotationResult>;
  cachedText(messageId: string): Promise<string | null>;
  cacheText(messageId: string, text: string): Promise<void>;
  pinnedPeer(peerId: string): Promise<PinnedPeer | null>;
  pinPeer(peerId: string, identityKeys: string[], verified: boolean): Promise<void>;
  /** Forgets everything of this person in this browser (sign-out of a revoked device). */
  clear(): Promise<void>;
};

const subtle = () => globalThis.crypto.subtle;

export async function openKeyStore(userId: string): Promise<KeyStore> {
  await openDatabase(); // Fails here, not on first use, where IndexedDB is unavailable.
  const readPrekeys = (store: IDBObjectStore) => request(store.getAll(userRange(userId))) as Promise<PrekeyRecord[]>;

  async function device(): Promise<LocalDevice | null> {
    return transaction(["devices", "prekeys"], "readonly", async ({ devices, prekeys }) => {
      const record = (await request(devices.get(userId))) as DeviceRecord | undefined;
      const current = currentPrekey(await readPrekeys(prekeys));
      if (!record || !current) return null;
      return { id: record.deviceId, identity: record.identity, prekey: { id: current.id, keyPair: current.keyPair, createdAt: current.createdAt } };
    });
  }

  async function saveDevice(deviceId: string, keys: DeviceKeys): Promise<LocalDevice> {
    await transaction(["devices", "prekeys"], "readwrite", async ({ devices, prekeys }) => {
      if (await request(devices.get(userId))) return;
      await request(prekeys.delete(userRange(userId)));
      const record: DeviceRecord = { userId, deviceId, identity: keys.identity, createdAt: Date.now() };
      await request(devices.put(record));
      await request(prekeys.put({ userId, ...keys.prekey, retiredAt: null } satisfies PrekeyRecord));
    });
    const stored = await device();
    if (!stored) throw new Error("The secure device could not be saved");
    return stored;
  }

  async function prekeys(): Promise<Map<number, CryptoKey>> {
    const records = await transaction(["prekeys"], "readonly", ({ prekeys }) => readPrekeys(prekeys));
    return new Map(records.map((record) => [record.id, record.keyPair.privateKey]));
  }

  async function deleteExpired(now: number): Promise<number[]> {
    return transaction(["prekeys"], "readwrite", async ({ prekeys }) => {
      const ids = prekeysToDelete(await readPrekeys(prekeys), now);
      for (const id of ids) await request(prekeys.delete([userId, id]));
      return ids;
    });
  }

  async function rotate(publish: (prekey: PublishedPrekey, deviceId: string) => Promise<unknown>, now: number): Promise<RotationResult> {
    const deletedPrekeyIds = await deleteExpired(now);
    const current = await device();
    if (!current || !isPrekeyDue(current.prekey, now)) return { rotated: false, deletedPrekeyIds };
    const next = { ...(await newPrekey(current.identity, nextPrekeyId(current.prekey))), createdAt: now };
    // Senders seal to what the server publishes: switch only once it has the new prekey.
    await publish(await publishPrekey(current.identity, next), current.id);
    await transaction(["prekeys"], "readwrite", async ({ prekeys }) => {
      const old = (await request(prekeys.get([userId, current.prekey.id]))) as PrekeyRecord | undefined;
      if (old) await request(prekeys.put({ ...old, retiredAt: now } satisfies PrekeyRecord));
      await request(prekeys.put({ userId, ...next, retiredAt: null } satisfies PrekeyRecord));
    });
    return { rotated: true, deletedPrekeyIds };
  }

  async function rotatePrekeyIfDue(publish: (prekey: PublishedPrekey, deviceId: string) => Promise<unknown>, now = Date.now()) {
    // Tabs of this browser share the device: one rotation at a time, the others then find it done.
    const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
    if (!locks) return rotate(publish, now);
    return await locks.request(`relay-secure-rotate:${userId}`, () => rotate(publish, now));
  }

  async function cacheKey(): Promise<CryptoKey> {
    const existing = await transaction(["local"], "readonly", ({ local }) => request(local.get(userId)) as Promise<LocalRecord | undefined>);
    if (existing) return existing.cacheKey;
    const fresh = await subtle().generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
    // Another tab may have made one meanwhile: the first one stored wins.
    return transaction(["local"], "readwrite", async ({ local }) => {
      const raced = (await request(local.get(userId))) as LocalRecord | undefined;
      if (raced) return raced.cacheKey;
      await request(local.put({ userId, cacheKey: fresh } satisfies LocalRecord));
      return fresh;
    });
  }

  async function cacheText(messageId: string, text: string): Promise<void> {
    const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
    const additionalData = new TextEncoder().encode(messageId);
    const data = await subtle().encrypt({ name: "AES-GCM", iv, additionalData }, await cacheKey(), new TextEncoder().encode(text));
    await transaction(["texts"], "readwrite", ({ texts }) => request(texts.put({ userId, messageId, iv, data } satisfies TextRecord)));
  }

  async function cachedText(messageId: string): Promise<string | null> {
    const record = await transaction(["texts"], "readonly", ({ texts }) => request(texts.get([userId, messageId])) as Promise<TextRecord | undefined>);
    if (!record) return null;
    try {
      const additionalData = new TextEncoder().encode(messageId);
      return new TextDecoder().decode(await subtle().decrypt({ name: "AES-GCM", iv: record.iv, additionalData }, await cacheKey(), record.data));
    } catch {
      return null;
    }
  }

  async function pinnedPeer(peerId: string): Promise<PinnedPeer | null> {
    const record = await transaction(["peers"], "readonly", ({ peers }) => request(peers.get([userId, peerId])) as Promise<PeerRecord | undefined>);
    return record ? { identityKeys: record.identityKeys, verified: record.verified, pinnedAt: record.pinnedAt } : null;
  }

  async function pinPeer(peerId: string, identityKeys: string[], verified: boolean): Promise<void> {
    const record: PeerRecord = { userId, peerId, identityKeys: sortedKeys(identityKeys), verified, pinnedAt: Date.now() };
    await transaction(["peers"], "readwrite", ({ peers }) => request(peers.put(record)));
  }

  async function clear(): Promise<void> {
    await transaction(["devices", "prekeys", "texts", "peers", "local"], "readwrite", async (stores) => {
      await request(stores.devices.delete(userId));
      await request(stores.local.delete(userId));
      for (const store of [stores.prekeys, stores.texts, stores.peers]) await request(store.delete(userRange(userId)));
    });
  }

  return { device, saveDevice, prekeys, rotatePrekeyIfDue, cachedText, cacheText, pinnedPeer, pinPeer, clear };
}
