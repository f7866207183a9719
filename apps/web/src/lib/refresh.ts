// What a change to the static's config makes stale. Every analysis view (the Analysis tab, the
// Night page, the prog curve) reads the strats, the roster and its aliases and the prog points, so
// any edit of those refreshes all of them at once; the server's caches are keyed by the same
// config (packages/api/src/services/analysis/load.ts), so the refetch computes afresh.
import type { useQueryClient } from "@tanstack/react-query";
import type { useStaticTRPC } from "./trpc";

export type StaticTRPC = ReturnType<typeof useStaticTRPC>;
type QueryClient = ReturnType<typeof useQueryClient>;

/** Invalidates `own` and every analysis query, in one go. */
export function refreshAnalysisAnd(queryClient: QueryClient, trpc: StaticTRPC, own: Parameters<QueryClient["invalidateQueries"]>[0][]) {
  return Promise.all([...own.map((filter) => queryClient.invalidateQueries(filter)), queryClient.invalidateQueries(trpc.analysis.pathFilter())]);
}
