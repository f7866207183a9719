import type { AppRouter } from "@progboard/api";
import { createTRPCClient, httpBatchLink } from "@trpc/client";

export type { AppRouter };

export interface ClientOptions {
  /** Base URL of a progboard server, e.g. http://localhost:3000 */
  url: string;
  /** Extra headers on every request (a session cookie, `x-dev-user`, `x-static-id`, …). */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
  fetch?: typeof globalThis.fetch;
}

/** A typed tRPC client for Node: scripts, tests and (later) the CLI. Plain JSON on the wire. */
export function createClient({ url, headers, fetch }: ClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${url.replace(/\/+$/, "")}/api/trpc`,
        // The server refuses longer batches (issue 12).
        maxItems: 50,
        headers: typeof headers === "function" ? headers : () => headers ?? {},
        ...(fetch ? { fetch } : {}),
      }),
    ],
  });
}

export type Client = ReturnType<typeof createClient>;
