// A per-connection event queue: a plain listener pushes, the subscription pulls. Cheaper than
// `events.on()` iterators (~0.2 KB vs ~36 KB per subscriber). Bounded: past `limit` waiting
// items it overflows and closes, and its reader ends (the client resumes from the log).
export class EventQueue<T> {
  private items: T[] = [];
  private head = 0;
  private wake: (() => void) | null = null;
  private closed = false;
  overflowed = false;

  constructor(private readonly limit = Infinity) {}

  push(item: T): void {
    if (this.closed) return;
    if (this.items.length - this.head >= this.limit) {
      this.overflowed = true;
      this.items = [];
      this.head = 0;
      return this.close();
    }
    this.items.push(item);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  /** What waits now, taken out of the queue. */
  takeAll(): T[] {
    const waiting = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return waiting;
  }

  /** Yields items as they come until closed or aborted. */
  async *drain(signal?: AbortSignal): AsyncGenerator<T> {
    const onAbort = () => this.close();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      while (true) {
        if (this.head < this.items.length) {
          const item = this.items[this.head++]!;
          // Drop what was read now and then, not on every item (shift() is O(n) per call).
          if (this.head > 1024 && this.head * 2 > this.items.length) {
            this.items = this.items.slice(this.head);
            this.head = 0;
          }
          yield item;
          continue;
        }
        this.items = [];
        this.head = 0;
        if (this.closed || signal?.aborted) return;
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
  }
}
