// A stand-in for UploadThing's servers, for tests (UploadThing has no offline mode): the ingest
// server (presigned PUTs, route metadata, callback results), the API (deleteFiles) and the file
// host (GET with Range). After a PUT for a key a route registered, it calls the app back the
// way UploadThing does: a JSON payload signed with HMAC-SHA256 of the API key.
import { createHash, createHmac } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import busboy from "busboy";

export type StubObject = { bytes: Buffer; name: string; type: string };

/** `keepBytes: false` (benchmarks) counts and hashes what is PUT without keeping it. */
export async function startUploadThingStub(options: { apiKey: string; appId: string; keepBytes?: boolean }) {
  const objects = new Map<string, StubObject>();
  const routes = new Map<string, { callbackUrl: string; callbackSlug: string; metadata: unknown }>();
  const callbackResults: { fileKey: string; callbackData: unknown }[] = [];
  const deleted: string[] = [];
  const callbacks: { status: number }[] = [];
  let base = "";

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", base);
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      };
      const keyed = req.headers["x-uploadthing-api-key"] === options.apiKey;
      if (req.method === "POST" && url.pathname === "/route-metadata") {
        if (!keyed) return json(401, { error: "bad api key" });
        const body = JSON.parse((await text(req)) || "{}") as { fileKeys: string[]; callbackUrl: string; callbackSlug: string; metadata: unknown };
        for (const key of body.fileKeys) routes.set(key, { callbackUrl: body.callbackUrl, callbackSlug: body.callbackSlug, metadata: body.metadata });
        return json(200, { ok: true });
      }
      if (req.method === "POST" && url.pathname === "/callback-result") {
        if (!keyed) return json(401, { error: "bad api key" });
        callbackResults.push(JSON.parse(await text(req)) as { fileKey: string; callbackData: unknown });
        return json(200, { ok: true });
      }
      if (req.method === "POST" && url.pathname === "/v6/deleteFiles") {
        if (!keyed) return json(401, { error: "bad api key" });
        const { fileKeys } = JSON.parse(await text(req)) as { fileKeys: string[] };
        for (const key of fileKeys) {
          objects.delete(key);
          deleted.push(key);
        }
        return json(200, { success: true, deletedCount: fileKeys.length });
      }
      if (req.method === "PUT") {
        const key = url.pathname.slice(1);
        if (!signedCorrectly(url, options.apiKey)) return json(403, { error: "bad signature" });
        const { bytes, size, md5 } = await fileFromForm(req, options.keepBytes ?? true);
        const object = { bytes, name: url.searchParams.get("x-ut-file-name") ?? key, type: url.searchParams.get("x-ut-file-type") ?? "" };
        objects.set(key, object);
        const fileUrl = `${base}/a/${options.appId}/${key}`;
        const fileHash = md5;
        json(200, { url: fileUrl, appUrl: fileUrl, ufsUrl: fileUrl, fileHash });
        const route = routes.get(key);
        if (route) {
          const file = { name: object.name, size, type: object.type, customId: null, key, url: fileUrl, appUrl: fileUrl, ufsUrl: fileUrl, fileHash, lastModified: Date.now() };
          const payload = JSON.stringify({ status: "uploaded", file, origin: base, metadata: route.metadata });
          callbacks.push({ status: await callBack(route, payload, options.apiKey) });
        }
        return;
      }
      const served = /^\/a\/[^/]+\/([^/]+)$/.exec(url.pathname);
      if (served && (req.method === "GET" || req.method === "HEAD")) {
        const object = objects.get(served[1]!);
        if (!object) return json(404, { error: "not found" });
        const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
        const start = range ? Number(range[1]) : 0;
        const end = range && range[2] ? Math.min(Number(range[2]), object.bytes.length - 1) : object.bytes.length - 1;
        const slice = object.bytes.subarray(start, end + 1);
        res.writeHead(range ? 206 : 200, {
          "content-type": object.type || "application/octet-stream",
          "content-length": String(slice.length),
          ...(range ? { "content-range": `bytes ${start}-${end}/${object.bytes.length}` } : {}),
        });
        return void res.end(req.method === "HEAD" ? undefined : slice);
      }
      json(404, { error: `stub has no ${req.method} ${url.pathname}` });
    })().catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  base = `http://127.0.0.1:${port}`;

  return {
    base,
    /** The file host as UTApi builds it: "localhost" makes it use http. */
    ufsHost: `localhost:${port}`,
    objects,
    callbackResults,
    callbacks,
    deleted,
    /** Sends a callback as UploadThing would, with any signature (to test refusals). */
    callBack: (route: { callbackUrl: string; callbackSlug: string }, payload: string, secret: string) => callBack(route, payload, secret),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type UploadThingStub = Awaited<ReturnType<typeof startUploadThingStub>>;

async function callBack(route: { callbackUrl: string; callbackSlug: string }, payload: string, secret: string): Promise<number> {
  const url = new URL(route.callbackUrl);
  url.searchParams.set("slug", route.callbackSlug);
  const signature = `hmac-sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`;
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "uploadthing-hook": "callback", "x-uploadthing-signature": signature },
    body: payload,
  });
  await response.arrayBuffer();
  return response.status;
}

/** The presigned URL's signature: HMAC-SHA256 of the URL without it, keyed with the API key. */
function signedCorrectly(url: URL, apiKey: string): boolean {
  const signature = url.searchParams.get("signature");
  const unsigned = new URL(url);
  unsigned.searchParams.delete("signature");
  const expected = `hmac-sha256=${createHmac("sha256", apiKey).update(unsigned.toString()).digest("hex")}`;
  return signature === expected;
}

function text(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function fileFromForm(req: IncomingMessage, keep: boolean): Promise<{ bytes: Buffer; size: number; md5: string }> {
  return new Promise((resolve, reject) => {
    const parser = busboy({ headers: req.headers });
    const chunks: Buffer[] = [];
    const hash = createHash("md5");
    let size = 0;
    parser.on("file", (_field, stream) =>
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
        if (keep) chunks.push(chunk);
      }),
    );
    parser.on("close", () => resolve({ bytes: Buffer.concat(chunks), size, md5: hash.digest("hex") }));
    parser.on("error", reject);
    req.pipe(parser);
  });
}
