// Keeps a write to a closed stdout or stderr from taking the server down or spinning it. When
// the process that started Relay is gone, its pipes are closed: every write fails with EPIPE,
// delivered as an 'error' event. Unhandled, that is an uncaught exception; a handler that logs
// it (Next installs one) writes again, fails again, and loops for ever. Here a stream that has
// failed once is marked broken and every later write to it is dropped, silently: nothing is
// ever logged about it, least of all to the stream that broke.
import type { Writable } from "node:stream";

const guarded = Symbol.for("relay.stdio-guarded");
type Guardable = Writable & { [guarded]?: true };

/** Installs the guard on process.stdout and process.stderr (again is harmless). */
export function guardStdio(streams: Writable[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) guardStream(stream as Guardable);
}

function guardStream(stream: Guardable) {
  if (stream[guarded]) return;
  stream[guarded] = true;
  let broken = false;
  stream.on("error", () => {
    broken = true;
  });
  const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
  // Same contract as Writable.write: (chunk, [encoding], [callback]) → whether to keep writing.
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (broken || stream.destroyed) {
      const callback = rest.find((arg): arg is () => void => typeof arg === "function");
      if (callback) process.nextTick(callback);
      return true;
    }
    try {
      return write(chunk, ...rest);
    } catch {
      // A synchronous failure (a stream already ended) means the same: stop writing to it.
      broken = true;
      return true;
    }
  }) as Writable["write"];
}
