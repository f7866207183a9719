import type { AppRouter } from "@progboard/api";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";

export type { AppRouter };

export interface ClientOptions {
  /** Base URL of a progboard server, e.g. http://localhost:3000 */
  url: string;
  /** An API key (`pb_…`, made on the API keys page): sent as `Authorization: Bearer <key>`. */
  apiKey?: string | undefined;
  /** The static to act on (`x-static-id`); without it, the key's static or the user's default. */
  staticId?: number | undefined;
  /** Extra headers on every request (a session cookie, `x-dev-user`, …). */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  fetch?: typeof globalThis.fetch;
}

/** A typed tRPC client for Node: scripts, tests, the CLI and the MCP server. Plain JSON on the wire. */
export function createClient({ url, apiKey, staticId, headers, fetch }: ClientOptions) {
  const fixed: Record<string, string> = {};
  if (apiKey !== undefined) fixed.authorization = `Bearer ${apiKey}`;
  if (staticId !== undefined) fixed["x-static-id"] = String(staticId);
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${url.replace(/\/+$/, "")}/api/trpc`,
        // The server refuses longer batches (issue 12).
        maxItems: 50,
        headers: async () => ({ ...fixed, ...(typeof headers === "function" ? await headers() : (headers ?? {})) }),
        ...(fetch ? { fetch } : {}),
      }),
    ],
  });
}

export type Client = ReturnType<typeof createClient>;

/** The codes a progboard call fails with (tRPC's, as the server sends them). */
export type ProgboardErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL_SERVER_ERROR"
  | "SERVICE_UNAVAILABLE"
  /** No answer from the server at all (it is down, or the URL is wrong). */
  | "UNREACHABLE";

/** A failed call as a value: its code, and the server's words for it. */
export interface ProgboardError {
  code: ProgboardErrorCode;
  message: string;
  /** The HTTP status, when the server answered. */
  httpStatus: number | null;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: ProgboardError };

/** Any error a call threw, as a ProgboardError. */
export function toProgboardError(error: unknown): ProgboardError {
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as { code?: string; httpStatus?: number } | undefined;
    if (data?.code) return { code: data.code as ProgboardErrorCode, message: error.message, httpStatus: data.httpStatus ?? null };
    // Refused before tRPC (a JSON body { error: { code, message } } from the HTTP layer), or no answer.
    const body = (error.cause as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (body?.code) return { code: body.code as ProgboardErrorCode, message: body.message ?? error.message, httpStatus: null };
    return { code: "UNREACHABLE", message: `No answer from the server: ${error.message}`, httpStatus: null };
  }
  return { code: "UNREACHABLE", message: error instanceof Error ? error.message : String(error), httpStatus: null };
}

/**
 * Runs a call and hands back its outcome as a value instead of throwing:
 * `const r = await attempt(client.roster.list.query()); if (!r.ok && r.error.code === "NOT_FOUND") …`
 */
export async function attempt<T>(call: Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, data: await call };
  } catch (error) {
    return { ok: false, error: toProgboardError(error) };
  }
}
