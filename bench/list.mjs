// `npm run bench`: the benchmarks there are, and how to run each (method and results in
// bench/README.md). Each is its own script because each takes minutes and its own database.
const benchmarks = [
  ["npm run bench:lists", "history, chat list, unread, user search, gallery and music pages: timings and plans"],
  ["npm run bench:admin", "admin dashboard stats over 1,000,000 messages"],
  ["npm run bench:search", "message search over 1,000,000 messages (100,000 on PGlite): timings and plans"],
  ["npm run bench:upload-memory", "server memory during a 100 MB upload, local disk and UploadThing"],
  ["npm run bench:http-send", "the server's CPU for one message sent over HTTP, no live sockets"],
  ["npm run bench:fairness", "another user's send latency, quiet and while one user floods"],
  ["npm run bench:idle", "server memory per idle live connection, 10,000 subscribed sockets (PostgreSQL; build first)"],
  ["npm run bench:instances", "delivery against the baseline: alone, one instance on the Redis bus, two workers (PostgreSQL; build first)"],
  ["npm run bench:reconnect", "a server restart under 1,000 live clients: resubscribed, caught up, nothing lost (PostgreSQL; build first)"],
  ["npm run bench:first-load-js", "the JavaScript a conversation page (or any route) loads first, raw and gzipped (build first)"],
  ["npm run bench:lighthouse", "Lighthouse's mobile scores of /login, /chats and a conversation (build first)"],
];
console.log("Relay benchmarks (DATABASE_URL=postgres://… runs them on PostgreSQL; default PGlite):\n");
for (const [command, what] of benchmarks) console.log(`  ${command.padEnd(48)} ${what}`);
console.log("\nMethod and results: bench/README.md");
