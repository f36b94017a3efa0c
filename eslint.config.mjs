import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import browserBoundary from "./eslint/browser-boundary.mjs";

const config = [
  ...nextVitals,
  ...nextTs,
  ...browserBoundary,
  { ignores: [".next/**", ".data/**", "node_modules/**", "drizzle/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
