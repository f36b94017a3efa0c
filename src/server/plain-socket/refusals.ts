// A refused call as a plain client reads it: the same code, sentence and details the tRPC
// error formatter gives tRPC clients (field errors, retry-after, the request id of a failure).
import { getErrorShape, TRPCError } from "@trpc/server";
import { appRouter } from "@/server/api/root";

export type Refused = {
  code: TRPCError["code"];
  message: string;
  fieldErrors: Record<string, string[]> | null;
  retryAfterSeconds: number | null;
  requestId: string | null;
};

export function refusedAs(error: unknown, path: string): Refused {
  const trpc = error instanceof TRPCError ? error : new TRPCError({ code: "INTERNAL_SERVER_ERROR", cause: error });
  const shape = getErrorShape({ config: appRouter._def._config, error: trpc, type: "unknown", path, input: undefined, ctx: undefined });
  const data = shape.data as { fieldErrors?: Record<string, string[]> | null; retryAfterSeconds?: number | null; requestId?: string | null };
  return {
    code: trpc.code,
    message: shape.message,
    fieldErrors: data.fieldErrors ?? null,
    retryAfterSeconds: data.retryAfterSeconds ?? null,
    requestId: data.requestId ?? null,
  };
}
