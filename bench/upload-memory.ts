// Upload memory benchmark: sends a 100 MB file to POST /api/files on the real server, which
// runs in a child process (bench/upload-server.ts) whose resident memory is sampled from
// /proc throughout, to show that an upload is streamed (request → busboy → temp file →
// storage), never held whole. Once with the local disk driver, once with the UploadThing
// driver against a local stand-in (UTApi uploads from the temp file opened as a Blob).
// Run: `npx tsx bench/upload-memory.ts` (Linux: it reads /proc/<pid>/status).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import os from "node:os";
import { createInterface } from "node:readline";
import { uploaded } from "@/server/testing/file-server";
import { wav, wavHeader } from "@/server/testing/sample-files";
import { startUploadThingStub } from "@/server/testing/uploadthing-stub";

const MB = 1024 * 1024;
const FILE_BYTES = 100 * MB;
const BUDGET = 64 * MB;
const CHUNK = Buffer.alloc(MB);
const BOUNDARY = "relay-bench-boundary";
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** The child's resident memory (VmRSS), in bytes. */
function residentMemory(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? 0) * 1024;
}

/** Streams a multipart body holding a WAV of FILE_BYTES (header + silence), with backpressure. */
function streamUpload(base: string, token: string): Promise<{ status: number; body: string }> {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="long.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  const header = wavHeader(FILE_BYTES - 44);
  return new Promise((resolve, reject) => {
    const req = request(`${base}/api/files`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": `multipart/form-data; boundary=${BOUNDARY}`,
        "content-length": head.length + FILE_BYTES + tail.length,
      },
    });
    req.on("response", (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    let sent = header.length;
    const pump = () => {
      while (sent < FILE_BYTES) {
        const size = Math.min(CHUNK.length, FILE_BYTES - sent);
        sent += size;
        if (!req.write(size === CHUNK.length ? CHUNK : CHUNK.subarray(0, size))) return void req.once("drain", pump);
      }
      req.end(tail);
    };
    req.write(head);
    req.write(header);
    pump();
  });
}

async function measure(label: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/upload-server.ts"], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "inherit"],
  });
  try {
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`the server exited (${code}) before it was ready`)));
    });
    const { base, token } = JSON.parse(firstLine) as { base: string; token: string };
    // Warm-up: the server loads sharp, music-metadata, file-type and its database paths.
    for (let i = 0; i < 3; i++) await uploaded(base, token, { bytes: wav(1), name: "warm.wav", type: "audio/wav" });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const baseline = residentMemory(child.pid!);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, residentMemory(child.pid!))), 5);
    const started = Date.now();
    const result = await streamUpload(base, token);
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    if (result.status !== 201) throw new Error(`${label}: upload answered ${result.status} ${result.body}`);
    const view = JSON.parse(result.body) as { size: number };
    if (view.size !== FILE_BYTES) throw new Error(`${label}: stored ${view.size} bytes, sent ${FILE_BYTES}`);
    return { label, baseline, peak, growth: peak - baseline, seconds };
  } finally {
    child.stdin!.end();
    await new Promise((resolve) => child.once("exit", resolve));
  }
}

async function main() {
  const results = [await measure("local disk", {})];

  const apiKey = "sk_bench_key";
  const token = Buffer.from(JSON.stringify({ apiKey, appId: "bench", regions: ["local"] })).toString("base64");
  const stub = await startUploadThingStub({ apiKey, appId: "bench", keepBytes: false });
  try {
    const config = JSON.stringify({ token, base: stub.base, ufsHost: stub.ufsHost });
    results.push(await measure("UploadThing (UTApi, temp file as a Blob)", { RELAY_BENCH_UPLOADTHING: config }));
  } finally {
    await stub.close();
  }

  console.log(`\n100 MB upload: resident memory of the server process (node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]!.toFixed(2)})\n`);
  console.log("| storage | RSS before | RSS peak | growth | time |");
  console.log("|---|---|---|---|---|");
  for (const r of results) console.log(`| ${r.label} | ${mb(r.baseline)} | ${mb(r.peak)} | ${mb(r.growth)} | ${r.seconds.toFixed(1)} s |`);
  const worst = Math.max(...results.map((r) => r.growth));
  console.log(`\nlargest growth ${mb(worst)}: ${worst <= BUDGET ? "within" : "OVER"} the ${mb(BUDGET)} budget`);
  if (worst > BUDGET) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
