import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Native and WebAssembly database drivers load from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "@node-rs/argon2"],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm run dev` opened as http://127.0.0.1:3000 rather than localhost: Next blocks its dev
  // resources for other origins, and the pages would never hydrate.
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
