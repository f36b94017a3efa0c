// Any JSON value (a group's metadata holds them). Named, so that the API document refers to
// one recursive "JsonValue" schema instead of anonymous ones.
import { z } from "zod";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const jsonValue: z.ZodType<JsonValue> = z
  .lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(jsonValue), z.record(z.string(), jsonValue)]))
  .meta({ id: "JsonValue", description: "Any JSON value" });
