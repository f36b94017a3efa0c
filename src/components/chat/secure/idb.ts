// The few IndexedDB calls the secure key store needs, as promises. CryptoKey objects go in and
// out by structured clone, so a non-extractable key stays non-extractable on disk.

const DATABASE = "relay-secure";
const VERSION = 1;
export const STORES = ["devices", "prekeys", "texts", "peers", "local"] as const;
export type StoreName = (typeof STORES)[number];

// Records carry the signed-in user's id, so accounts sharing a browser never see each other's keys.
const KEY_PATHS: Record<StoreName, string | string[]> = {
  devices: "userId",
  prekeys: ["userId", "id"],
  texts: ["userId", "messageId"],
  peers: ["userId", "peerId"],
  local: "userId",
};

export const request = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

let opening: Promise<IDBDatabase> | null = null;

export function openDatabase(): Promise<IDBDatabase> {
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(DATABASE, VERSION);
    req.onupgradeneeded = () => {
      for (const name of STORES) {
        if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { keyPath: KEY_PATHS[name] });
      }
    };
    req.onsuccess = () => {
      // A newer release in another tab upgrades the database: let it, and reopen on next use.
      req.result.onversionchange = () => {
        req.result.close();
        opening = null;
      };
      resolve(req.result);
    };
    req.onerror = () => {
      opening = null;
      reject(req.error);
    };
  });
  return opening;
}

/**
 * Runs `work` in one transaction and resolves with its result once the transaction has
 * committed. `work` may await only requests of this transaction (an awaited WebCrypto call
 * would let the transaction end early): do the cryptography before.
 */
export async function transaction<T>(
  names: StoreName[],
  mode: IDBTransactionMode,
  work: (stores: Record<StoreName, IDBObjectStore>) => Promise<T>,
): Promise<T> {
  const tx = (await openDatabase()).transaction(names, mode);
  const done = new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException("The transaction was aborted", "AbortError"));
  });
  done.catch(() => undefined); // Handled below; this only keeps an early abort from being reported as unhandled.
  const stores = Object.fromEntries(names.map((name) => [name, tx.objectStore(name)])) as Record<StoreName, IDBObjectStore>;
  try {
    const result = await work(stores);
    await done;
    return result;
  } catch (error) {
    if (!tx.error) {
      try {
        tx.abort();
      } catch {
        // Already finished.
      }
    }
    await done.catch(() => undefined);
    throw error;
  }
}

/** Every key of one user's records in a store keyed by [userId, …]. */
export const userRange = (userId: string) => IDBKeyRange.bound([userId], [userId, []]);
