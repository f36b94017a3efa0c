// Completes package-lock.json with the other platforms' optional native packages (Next's SWC,
// Tailwind's oxide, ...). The registry mirror this project is developed against serves only
// the linux-x64 builds, so npm leaves the rest out of the lock file and `npm ci` then refuses
// the lock as out of sync. Each added entry names its version and platform; npm skips it on
// other platforms and fetches it by version where it applies. Run after changing dependencies.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages;

const systems = ["darwin", "linux", "win32", "freebsd", "android", "openbsd", "openharmony", "sunos", "aix", "netbsd"];
const cpus = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x", "wasm32", "mips64el"];

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(meta.optionalDependencies ?? {})) {
    const nested = path ? `${path}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[`node_modules/${name}`] || packages[nested]) continue;
    const entry = { version: range.replace(/^[\^~=]/, ""), optional: true };
    const os = systems.find((s) => name.includes(`-${s}`));
    const cpu = cpus.find((c) => new RegExp(`-${c}(-|$)`).test(name));
    if (os) entry.os = [os];
    if (cpu) entry.cpu = [cpu];
    if (/-(gnu|musl)/.test(name)) entry.libc = [name.includes("musl") ? "musl" : "glibc"];
    packages[`node_modules/${name}`] = entry;
    added += 1;
  }
}

writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries`);
