// Test support for the file routes: the real server with its own storage directory and upload
// limit, and helpers that upload and fetch as a signed-in person.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRelayServer, type RelayServer } from "@/server/app";
import { ConnectionRegistry } from "@/server/connections";
import type { FileRoutesConfig } from "@/server/files/routes";
import type { FileView } from "@/server/services/dto";
import { createStorages, type Storages } from "@/server/storage";
import { createTestWorld, type TestWorld } from "./harness";

export type FileServer = {
  world: TestWorld;
  relay: RelayServer;
  storages: Storages;
  dataDir: string;
  base: string;
  close(): Promise<void>;
};

export async function startFileServer(options: { maxUploadBytes?: number; configure?: (dataDir: string) => Partial<FileRoutesConfig> } = {}): Promise<FileServer> {
  const world = await createTestWorld();
  const dataDir = await mkdtemp(path.join(tmpdir(), "relay-files-"));
  const overrides = options.configure?.(dataDir) ?? {};
  const storages = overrides.storages ?? createStorages({ dataDir });
  const relay = createRelayServer({
    database: world.database,
    bus: world.bus,
    connections: new ConnectionRegistry(),
    files: { storages, maxUploadBytes: options.maxUploadBytes ?? 1024 * 1024, uploadthing: null, ...overrides },
  });
  const port = await relay.listen(0, "127.0.0.1");
  return {
    world,
    relay,
    storages,
    dataDir,
    base: `http://127.0.0.1:${port}`,
    async close() {
      await relay.shutdown();
      await world.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export type UploadInput = { bytes: Buffer | Uint8Array; name: string; type?: string };

/** POST /api/files as the holder of `token` (none: anonymous). */
export function upload(base: string, token: string | null, file: UploadInput): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(file.bytes)], { type: file.type ?? "" }), file.name);
  return fetch(`${base}/api/files`, { method: "POST", body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
}

/** Uploads and expects 201; returns the FileView. */
export async function uploaded(base: string, token: string, file: UploadInput): Promise<FileView> {
  const response = await upload(base, token, file);
  const body = (await response.json()) as FileView & { error?: string };
  if (response.status !== 201) throw new Error(`upload of ${file.name} answered ${response.status}: ${body.error}`);
  return body;
}

export function download(base: string, token: string | null, url: string, headers: Record<string, string> = {}, method = "GET") {
  return fetch(`${base}${url}`, { method, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
}
