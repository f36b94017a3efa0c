// Relay's service worker: shows Web Push notifications while no Relay tab is open, and answers
// navigations with the offline shell when the network fails. Nothing else is cached: the app
// itself always comes from the server.
const SHELL_CACHE = "relay-shell-v1";
const OFFLINE_URL = "/offline.html";
const SHELL = [OFFLINE_URL, "/offline.css", "/icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("relay-") && name !== SHELL_CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match(OFFLINE_URL)));
    return;
  }
  const url = new URL(request.url);
  // What the offline shell itself loads, when the network cannot give it.
  if (url.origin === self.location.origin && SHELL.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
  }
});

/** The push's JSON ({ chatId, title, body }), or nothing usable. */
function pushData(event) {
  try {
    const data = event.data ? event.data.json() : null;
    return data && typeof data === "object" ? data : {};
  } catch {
    return {};
  }
}

self.addEventListener("push", (event) => {
  const { chatId, title, body } = pushData(event);
  // One notification per chat (the tag an open tab's notifications use too): a newer replaces it.
  const tag = typeof chatId === "string" ? `relay-chat:${chatId}` : "relay";
  event.waitUntil(
    self.registration.showNotification(typeof title === "string" && title ? title : "Relay", {
      body: typeof body === "string" ? body : "New message",
      tag,
      renotify: true,
      icon: "/icons/icon-192.png",
      badge: "/icons/maskable-192.png",
      data: { chatId: typeof chatId === "string" ? chatId : null },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const chatId = event.notification.data && event.notification.data.chatId;
  const path = chatId ? `/chats/${encodeURIComponent(chatId)}` : "/chats";
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin);
      if (!open) return self.clients.openWindow(path);
      const focused = await open.focus();
      // A window this worker does not control cannot be navigated: a new one opens instead.
      return focused.navigate(path).catch(() => self.clients.openWindow(path));
    })(),
  );
});

// The push service replaced this browser's subscription: tell Relay the new one (best effort,
// with the session cookie; signed out, it fails and the settings page offers to turn pushes on).
self.addEventListener("pushsubscriptionchange", (event) => {
  const options = event.oldSubscription ? event.oldSubscription.options : null;
  if (!options) return;
  event.waitUntil(
    (async () => {
      const subscription = event.newSubscription || (await self.registration.pushManager.subscribe(options));
      const { endpoint, keys } = subscription.toJSON();
      await fetch("/api/trpc/push.subscribe", {
        method: "POST",
        credentials: "same-origin",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ json: { endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } } }),
      });
    })().catch(() => undefined),
  );
});
