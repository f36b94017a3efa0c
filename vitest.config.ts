import path from "node:path";
import { defineConfig } from "vitest/config";

// The suite runs on embedded PGlite; with DATABASE_URL set it runs a second time on that
// PostgreSQL server (each test file in a database of its own, dropped afterwards), and the
// tests of several instances sharing that server and Redis (`*.cluster.test.ts`) run too.
const shared = {
  include: ["src/**/*.test.ts"],
  exclude: ["src/**/*.cluster.test.ts", "**/node_modules/**"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  // Test files share their worker's module cache: each file still opens its own database, and
  // loading the API's modules and PGlite's WebAssembly once per worker instead of once per file
  // takes about 40% off the suite's CPU time.
  isolate: false,
};

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "src") } },
  test: {
    // The process-wide request limits stay off in tests; a test of the limits builds its own.
    env: { RATE_LIMITS: "off" },
    // next-auth imports "next/server" without an extension, which only a bundler resolves.
    server: { deps: { inline: ["next-auth"] } },
    projects: [
      { extends: true as const, test: { ...shared, name: "pglite", env: { RELAY_TEST_DB: "pglite" } } },
      ...(process.env.DATABASE_URL
        ? [
            { extends: true as const, test: { ...shared, name: "postgres", env: { RELAY_TEST_DB: "postgres" } } },
            // Several instances on one database: PostgreSQL only (PGlite belongs to one process).
            { extends: true as const, test: { ...shared, include: ["src/**/*.cluster.test.ts"], exclude: [], name: "cluster" } },
          ]
        : []),
    ],
  },
});
