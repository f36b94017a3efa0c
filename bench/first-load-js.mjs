// `npm run bench:first-load-js [route]` after `next build`: the JavaScript a browser loads to
// show a page first (Next's bootstrap chunks plus the client chunks of the page and its
// layouts), raw and gzipped. Turbopack builds print no sizes, so this reads the manifests.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const route = process.argv[2] ?? "/(chat)/chats/[chatId]/page";
const next = path.resolve(process.argv[3] ?? ".next");
const pageDir = path.join(next, "server/app", route);
if (!existsSync(`${pageDir}/build-manifest.json`)) throw new Error(`no build of ${route} in ${next}: run next build first`);

const build = JSON.parse(readFileSync(`${pageDir}/build-manifest.json`, "utf8"));
globalThis.self = globalThis;
await import(`${pageDir}_client-reference-manifest.js`);
const client = globalThis.__RSC_MANIFEST[route];
// The page and the layouts above it (not the error and not-found boundaries).
const segments = Object.entries(client.entryJSFiles).filter(([entry]) => !/not-found|global-error/.test(entry));
// Polyfills load only in browsers without ES modules (nomodule): not counted.
const files = new Set([...build.rootMainFiles, ...segments.flatMap(([, list]) => list)]);

let raw = 0;
let gzip = 0;
for (const file of files) {
  const bytes = readFileSync(path.join(next, file));
  raw += bytes.length;
  gzip += gzipSync(bytes).length;
}
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`${route}: ${files.size} files, ${kb(raw)} raw, ${kb(gzip)} gzipped`);
