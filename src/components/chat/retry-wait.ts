// A send refused with TOO_MANY_REQUESTS: how long to wait, and the notice that counts it down.
// The seconds come from the error's data when the server puts them there, else from the
// server's sentence ("Too many messages — try again in 7 s").

const WAIT_IN_MESSAGE = /try again in (\d+) s/;

type ErrorLike = { message?: unknown; data?: { code?: unknown; retryAfterSeconds?: unknown } | null };

/** The seconds a refusal asks to wait, or null when it is not a rate-limit refusal. */
export function retryAfterOf(error: unknown): number | null {
  if (typeof error !== "object" || error === null) return null;
  const { message, data } = error as ErrorLike;
  if (data?.code !== "TOO_MANY_REQUESTS") return null;
  if (typeof data.retryAfterSeconds === "number" && data.retryAfterSeconds > 0) return Math.ceil(data.retryAfterSeconds);
  const match = typeof message === "string" ? WAIT_IN_MESSAGE.exec(message) : null;
  return match ? Number(match[1]) : 1;
}

/** The refusal's sentence with the seconds still left; once the wait is over, that it may be retried. */
export function waitNotice(message: string, secondsLeft: number): string {
  if (secondsLeft <= 0) return "Not sent — you can retry now";
  return WAIT_IN_MESSAGE.test(message)
    ? message.replace(WAIT_IN_MESSAGE, `try again in ${secondsLeft} s`)
    : `${message} — try again in ${secondsLeft} s`;
}
