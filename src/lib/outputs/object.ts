// The building blocks of the procedures' output schemas. Tests run them strict: a key the
// schema does not name fails the call, so the API document cannot drift from what the server
// sends. In production unknown keys are stripped instead, so nothing unnamed leaves the server.
import { z } from "zod";

export { jsonValue } from "@/lib/json-value";

const strict = Boolean(process.env.VITEST);

export function obj<Shape extends z.ZodRawShape>(shape: Shape): z.ZodObject<Shape> {
  return (strict ? z.strictObject(shape) : z.object(shape)) as unknown as z.ZodObject<Shape>;
}

/** A moment as a Date (superjson carries it to tRPC clients; JSON turns it into an ISO string). */
export const timestamp = z.date();
