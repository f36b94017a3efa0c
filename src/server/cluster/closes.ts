// Closes across instances: a ban, a role change, an admin's disconnect or a signed-out session
// closes the person's sockets on every instance sharing the Redis, with the same code and
// reason, not only on the instance that handled the request.
// The deciding instance closes its own sockets at once (its answer waits for nothing, and with
// Redis down they still close; the link never hands it its own message); every other instance
// applies the close to its registry as it arrives, which also refuses a socket that was still
// authenticating then (ConnectionRegistry.mark / closedSince).
// Pub/sub keeps nothing for an instance that is cut off: when its link comes back, it looks in
// the database for the closes it may have missed (missed-closes.ts).
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import type { Close, ConnectionRegistry } from "@/server/connections";
import type { Database } from "@/server/db";
import { log } from "@/server/log";
import type { ClusterLink } from "./link";
import { closeWhatWasMissed } from "./missed-closes";

const CLOSES = "closes";
/** Where instances answer a counted close with how many of their sockets it closed. */
const COUNTED = "closes:counted";
/** How long a counted close (an admin's disconnect) waits for the other instances' answers. */
export const COUNT_WAIT_MS = 250;
/** Once the link is back: time for the resubscription to take hold before the database is read. */
const CATCH_UP_DELAY_MS = 250;

/** The codes `ws` lets a server close with (others throw). */
const closeCode = z
  .number()
  .int()
  .refine((code) => (code >= 3000 && code <= 4999) || [1000, 1001, 1011, 1012, 1013, 1014].includes(code));
const closeMessage = z.object({
  kind: z.enum(["user", "session"]),
  id: z.string().min(1).max(200),
  code: closeCode,
  reason: z.string().refine((reason) => Buffer.byteLength(reason) <= 123),
  /** Set when the sender counts: answer on COUNTED with this. */
  ask: z.string().max(64).optional(),
});
const countedMessage = z.object({ ask: z.string().max(64), closed: z.number().int().positive() });

/**
 * Makes `registry`'s closes reach the other instances on `link`, and theirs reach it; returns
 * the registry. Without a link (no REDIS_URL) Relay runs alone and nothing changes.
 */
export function shareCloses(registry: ConnectionRegistry, link: ClusterLink | null, db: Database): ConnectionRegistry {
  if (!link) return registry;
  const tallies = new Map<string, { closed: number }>();

  link.on(CLOSES, (message) => {
    const parsed = closeMessage.safeParse(message);
    if (!parsed.success) return log.warn("Ignored a malformed close from another instance");
    const { ask, ...close } = parsed.data;
    const closed = applyHere(registry, close);
    if (ask && closed > 0) link.publish(COUNTED, { ask, closed });
  });
  link.on(COUNTED, (message) => {
    const parsed = countedMessage.safeParse(message);
    const tally = parsed.success ? tallies.get(parsed.data.ask) : undefined;
    if (tally && parsed.success) tally.closed += parsed.data.closed;
  });

  registry.reachOthers({
    tell: (close) => link.publish(CLOSES, close),
    // How many instances there are is not known: the answers that come within the wait count.
    ask: async (close) => {
      const ask = randomBytes(8).toString("hex");
      const tally = { closed: 0 };
      tallies.set(ask, tally);
      link.publish(CLOSES, { ...close, ask });
      await sleep(COUNT_WAIT_MS);
      tallies.delete(ask);
      return tally.closed;
    },
  });

  link.onResubscribed(() => {
    setTimeout(() => {
      closeWhatWasMissed(registry, db).catch((error) => log.warn("Could not look for closes missed while Redis was unreachable", error));
    }, CATCH_UP_DELAY_MS).unref();
  });
  return registry;
}

function applyHere(registry: ConnectionRegistry, close: Close): number {
  try {
    return registry.closeHere(close);
  } catch (error) {
    // Thrown inside the subscriber's message handling, it would take the other channels down.
    log.warn("Could not apply a close from another instance", error);
    return 0;
  }
}
