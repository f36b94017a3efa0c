// Domain refusals, expressed in the API's error codes (they are part of the public contract).
import { TRPCError } from "@trpc/server";

export const notFound = (what: string) => new TRPCError({ code: "NOT_FOUND", message: `${what} not found` });
export const forbidden = (message: string) => new TRPCError({ code: "FORBIDDEN", message });
export const conflict = (message: string) => new TRPCError({ code: "CONFLICT", message });
export const badRequest = (message: string) => new TRPCError({ code: "BAD_REQUEST", message });
export const unauthorized = (message: string) => new TRPCError({ code: "UNAUTHORIZED", message });
export const payloadTooLarge = (message: string) => new TRPCError({ code: "PAYLOAD_TOO_LARGE", message });

/** True when `error` (or the driver error drizzle wrapped) is a unique-constraint violation. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  return isViolation(error, "23505", constraint);
}

/** True when `error` (or the driver error drizzle wrapped) is a foreign-key violation. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  return isViolation(error, "23503", constraint);
}

function isViolation(error: unknown, code: string, constraint?: string): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    const pg = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; message?: unknown };
    if (pg.code === code) {
      if (!constraint) return true;
      const name = pg.constraint ?? pg.constraint_name;
      return name === constraint || (typeof pg.message === "string" && pg.message.includes(constraint));
    }
  }
  return false;
}
