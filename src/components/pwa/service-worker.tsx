"use client";
// Registers Relay's service worker (public/sw.js: push notifications, the offline shell) in the
// built app. Browsers allow one only in a secure context: https, or localhost / 127.0.0.1.
import { useEffect } from "react";
import { registerServiceWorker } from "./register-worker";

export function ServiceWorker() {
  useEffect(() => {
    if (process.env.NODE_ENV !== "production") return;
    registerServiceWorker().catch(() => undefined);
  }, []);
  return null;
}
