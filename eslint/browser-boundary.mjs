// The browser's code talks to the server through tRPC only: it may name the router's type
// (`import type { AppRouter }`), never import a server module, whose code or secrets would
// otherwise end up in the page bundle. Shared types and constants live in src/lib.
const message = "Browser code must not import server modules: use src/lib (or RouterOutputs from @/lib/api-types).";

const browserBoundary = [
  {
    files: ["src/components/**", "src/app/**", "src/trpc/react.tsx"],
    // Tests never reach a page bundle: they may build their data with the real server.
    ignores: ["**/*.test.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/server/*", "!@/server/api/root", "**/server/**", "!**/trpc/server"], message },
            { group: ["@/server/api/root"], allowTypeImports: true, message },
          ],
        },
      ],
    },
  },
  {
    // Route handlers run only on the server; next-auth's handler must import its config from there.
    files: ["src/app/api/**/route.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": "off" },
  },
];

export default browserBoundary;
