// What the fairness benchmark's processes share: the seed the server prints, and one send.
import superjson from "superjson";

export type Pair = { token: string; chatId: string };
export type Seed = { base: string; limits: boolean; victims: Pair[]; flooders: { frames: Pair; batch: Pair; sends: Pair } };

export const QUIET_MS = 5_000;
export const FLOOD_MS = 5_000;
/** Each victim sends at most this often: well inside the per-user budget of 30 sends per 10 s. */
export const VICTIM_SPACING_MS = 450;
/** A phase that has not settled by then is cut short (and says so). */
export const PHASE_CAP_MS = 120_000;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function sendBody(chatId: string, content: string) {
  return JSON.stringify(superjson.serialize({ chatId, content }));
}

/** The HTTP status, or 0 when the connection failed (a stalled server drops kept-alive sockets). */
export async function send(base: string, { token, chatId }: Pair, content: string): Promise<number> {
  try {
    const response = await fetch(`${base}/api/trpc/messages.send`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: sendBody(chatId, content),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

export type FloodOutcome = { sent: number; refused: number; note: string };
