// Errors in one place. Services and routers throw ApiError (a tRPC code and words for the user);
// database constraint violations become ApiErrors through mapViolations, in the caller's words,
// or else through toTRPCError's generic ones; toTRPCError is what trpc.ts's one error middleware
// applies to every call. Nothing else maps errors.
import {
  CREDENTIAL_REFUSED,
  CredentialRefusedError,
  DATABASE_UNAVAILABLE,
  isDatabaseUnavailable,
  isForeignKeyViolation,
  isUniqueViolation,
  sqlState,
} from "@progboard/db";
import { TRPCError } from "@trpc/server";

export type ApiErrorCode = "NOT_FOUND" | "CONFLICT" | "FORBIDDEN" | "BAD_REQUEST";

/** An error the user may read: its message is shown as it is. */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const notFound = (message: string) => new ApiError("NOT_FOUND", message);
export const conflict = (message: string) => new ApiError("CONFLICT", message);

/** The one NOT_FOUND for "no such static, or not yours": identical either way. */
export const staticNotFound = () => notFound("Static not found");
/** A report code the static does not watch, whether or not the report exists. */
export const notWatched = () => notFound("This static does not watch that report");

export interface Violations {
  /** What a unique-key clash means here. */
  unique?: () => ApiError;
  /** What a dangling reference means here (a composite key naming another static's row, say). */
  foreignKey?: () => ApiError;
}

/** Runs `query`; a unique or foreign-key violation it causes becomes the error the caller names. */
export async function mapViolations<T>(query: PromiseLike<T>, violations: Violations): Promise<T> {
  try {
    return await query;
  } catch (error) {
    if (violations.unique && isUniqueViolation(error)) throw violations.unique();
    if (violations.foreignKey && isForeignKeyViolation(error)) throw violations.foreignKey();
    throw error;
  }
}

/**
 * The tRPC error for what a call threw: an ApiError keeps its code and words; a violation no
 * caller named is a CONFLICT or NOT_FOUND in words of our own (never the constraint's name).
 * Null: leave it to tRPC (an internal error, its cause logged and never shown).
 */
export function toTRPCError(error: unknown): TRPCError | null {
  if (error instanceof ApiError) return new TRPCError({ code: error.code, message: error.message, cause: error });
  // The session ended (signed out, expired) or the key was revoked while the request ran: the
  // database refused the credential (migrations/0019), so the caller is not signed in.
  if (error instanceof CredentialRefusedError || sqlState(error) === CREDENTIAL_REFUSED)
    return new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first", cause: error });
  if (isUniqueViolation(error)) return new TRPCError({ code: "CONFLICT", message: "That already exists" });
  if (isForeignKeyViolation(error)) return new TRPCError({ code: "NOT_FOUND", message: "Not found" });
  // The database is away (a dropped connection, a restart): a 503 in words; the client may retry.
  if (isDatabaseUnavailable(error)) return new TRPCError({ code: "SERVICE_UNAVAILABLE", message: DATABASE_UNAVAILABLE, cause: error });
  return null;
}
