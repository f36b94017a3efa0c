import { hostname, networkInterfaces } from "node:os";
import type { NextConfig } from "next";

/**
 * Every name and address this machine answers at, plus ALLOWED_DEV_ORIGINS (comma-separated):
 * the dev server serves its scripts to pages opened at any of them (at 127.0.0.1 or a LAN
 * address too, not only localhost). Otherwise Next refuses them and the page never hydrates.
 */
function devOrigins(): string[] {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .flatMap((address) => (address ? [address.address] : []));
  const extra = (process.env.ALLOWED_DEV_ORIGINS ?? "").split(",").map((origin) => origin.trim());
  return [...new Set(["127.0.0.1", hostname(), ...addresses, ...extra].filter(Boolean))];
}

const nextConfig: NextConfig = {
  // Native and WebAssembly database drivers load from node_modules at run time.
  serverExternalPackages: ["@electric-sql/pglite", "postgres", "@node-rs/argon2"],
  poweredByHeader: false,
  typedRoutes: false,
  allowedDevOrigins: devOrigins(),
};

export default nextConfig;
