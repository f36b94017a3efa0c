import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import browserBoundary from "./eslint/browser-boundary.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  ...browserBoundary,
  {
    // eslint-config-next registers eslint-plugin-import (as "import") with the TypeScript
    // resolver, so "@/..." paths are followed. A circle between modules fails the lint.
    files: ["**/*.{js,jsx,mjs,ts,tsx}"],
    // Packages are not followed: their exports are not ours to check, and some (PGlite's
    // bundle) are too large for the parser.
    settings: { "import/ignore": ["node_modules"] },
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  { ignores: [".next/**", ".data/**", "node_modules/**", "drizzle/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
