import type { AppRouter } from "@progboard/api";
import { QueryCache, QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext, createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { errorCode } from "./errors";
import { LIMITS } from "./limits";
import { demoHeaders, readPinnedStaticId, staticHeaders } from "./static-pin";

const TRPC_URL = "/api/trpc";

// Retrying cannot fix "not signed in", "not found" or a rejected input; only transient failures.
const FINAL_CODES = new Set(["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "BAD_REQUEST", "CONFLICT"]);

export const queryClient = new QueryClient({
  queryCache: new QueryCache({
    onError: (error, query) => {
      // A static's data answering NOT_FOUND usually means we were removed from it (by another
      // member, or from another tab): ask me.get again, which moves this tab to another static.
      if (errorCode(error) === "NOT_FOUND" && staticPrefixOf(query.queryKey) !== undefined) {
        void queryClient.invalidateQueries(trpc.me.get.queryFilter());
      }
    },
  }),
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      retry: (failureCount, error) => !FINAL_CODES.has(errorCode(error) ?? "") && failureCount < 2,
    },
  },
});

/**
 * User-level client (me.*, statics.*): sends the tab's pin when there is one, so the server
 * resolves the same current static this tab shows.
 */
const userClient = createTRPCClient<AppRouter>({
  links: [
    httpBatchLink({
      url: TRPC_URL,
      maxItems: LIMITS.batchCalls.max,
      headers() {
        const pinned = readPinnedStaticId();
        return pinned === null ? demoHeaders() : staticHeaders(pinned);
      },
    }),
  ],
});

export const trpc = createTRPCOptionsProxy<AppRouter>({ client: userClient, queryClient });

/**
 * Static-scoped data goes through a client bound to one static: its header is fixed at creation
 * and every query key is prefixed with the static (see StaticScope), so a request or cache entry
 * can never be attributed to another static, even while a switch is in flight.
 */
export function createStaticClient(staticId: number) {
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: TRPC_URL, maxItems: LIMITS.batchCalls.max, headers: staticHeaders(staticId) })],
  });
}

export const staticKeyPrefix = (staticId: number) => `static:${staticId}`;

/** The static prefix of a query key made through a static-scoped proxy, if it is one. */
export function staticPrefixOf(queryKey: readonly unknown[]): string | undefined {
  const first = queryKey[0];
  return Array.isArray(first) && typeof first[0] === "string" && first[0].startsWith("static:") ? first[0] : undefined;
}

export const { TRPCProvider: StaticTRPCProvider, useTRPC: useStaticTRPC } = createTRPCContext<AppRouter, { keyPrefix: true }>();
