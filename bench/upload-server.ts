// The server side of the upload memory benchmark, in a process of its own so that its memory
// is measured alone: the real server (PGlite in memory) with local disk or UploadThing storage
// (the stand-in's URL from RELAY_BENCH_UPLOADTHING). Prints one JSON line when ready.
import { createStorages } from "@/server/storage";
import { startFileServer } from "@/server/testing/file-server";

async function main() {
  const uploadthing = process.env.RELAY_BENCH_UPLOADTHING
    ? (JSON.parse(process.env.RELAY_BENCH_UPLOADTHING) as { token: string; base: string; ufsHost: string })
    : null;
  const server = await startFileServer({
    maxUploadBytes: 110 * 1024 * 1024,
    configure: (dataDir) =>
      uploadthing
        ? {
            storages: createStorages({
              dataDir,
              uploadthing: { token: uploadthing.token, apiUrl: uploadthing.base, ingestUrl: uploadthing.base, ufsHost: uploadthing.ufsHost, ufsAppIdLocation: "path" },
            }),
          }
        : {},
  });
  const person = await server.world.signUp();
  console.log(JSON.stringify({ base: server.base, token: person.token }));
  const stop = () => void server.close().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.stdin.on("end", stop);
  process.stdin.resume();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
