// Registers public/sw.js. A module of its own: every page registers the worker, and this keeps
// the push code (and tRPC's client with it) out of the pages that do not subscribe.
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration> {
  await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  return navigator.serviceWorker.ready;
}
