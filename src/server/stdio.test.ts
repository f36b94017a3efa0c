// A guarded stream that failed once (EPIPE: the reader is gone) takes no more writes and
// raises nothing; a healthy one writes as before.
import { Writable } from "node:stream";
import { expect, test } from "vitest";
import { guardStdio } from "@/server/stdio";

function pipe(fails: boolean) {
  const written: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      written.push(chunk.toString());
      callback(fails ? Object.assign(new Error("write EPIPE"), { code: "EPIPE" }) : null);
    },
  });
  return { stream, written };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test("after a failed write, later writes are dropped without an error", async () => {
  const { stream, written } = pipe(true);
  guardStdio([stream]);
  stream.write("first\n");
  await settle();
  let called = false;
  expect(stream.write("second\n", () => (called = true))).toBe(true);
  stream.write("third\n");
  await settle();
  expect(written).toEqual(["first\n"]);
  expect(called).toBe(true);
});

test("a stream that works is written as before", async () => {
  const { stream, written } = pipe(false);
  guardStdio([stream]);
  guardStdio([stream]);
  stream.write("one\n");
  stream.write("two\n", "utf8");
  await settle();
  expect(written).toEqual(["one\n", "two\n"]);
});
