import { TRPCClientError } from "@trpc/client";

/** The tRPC error code (UNAUTHORIZED, NOT_FOUND, CONFLICT, …) when the server sent one. */
export function errorCode(error: unknown): string | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (typeof data === "object" && data !== null && "code" in data && typeof data.code === "string") {
    return data.code;
  }
  return undefined;
}

/** A sentence a person can act on. Server messages (including rejected input) are written for people. */
export function errorMessage(error: unknown): string {
  if (error instanceof TRPCClientError && errorCode(error) === undefined) {
    // No tRPC error shape: the request never reached the API (offline, server down, proxy error).
    return "Can't reach the server. Check your connection and try again.";
  }
  if (error instanceof Error && error.message) return error.message;
  return "Something went wrong. Please try again.";
}
