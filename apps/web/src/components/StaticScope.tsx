import { useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useContext, useEffect, useMemo } from "react";
import { meQueryOptions } from "../lib/me";
import { createStaticClient, StaticTRPCProvider, staticKeyPrefix, staticPrefixOf } from "../lib/trpc";

const StaticIdContext = createContext<number | null>(null);

/**
 * Everything below talks to the API as one static: a client whose x-static-id header is fixed,
 * and query keys prefixed with the static. Switching statics swaps both at once.
 */
export function StaticScope({ staticId, children }: { staticId: number; children: ReactNode }) {
  const queryClient = useQueryClient();
  const client = useMemo(() => createStaticClient(staticId), [staticId]);
  const prefix = staticKeyPrefix(staticId);

  useEffect(() => {
    // Other statics' cache entries can't be shown (their keys differ); drop them so nothing
    // stale is kept around or refetched in the background.
    queryClient.removeQueries({
      predicate: (query) => {
        const owner = staticPrefixOf(query.queryKey);
        return owner !== undefined && owner !== prefix;
      },
    });
  }, [queryClient, prefix]);

  return (
    <StaticIdContext value={staticId}>
      <StaticTRPCProvider trpcClient={client} queryClient={queryClient} keyPrefix={prefix}>
        {children}
      </StaticTRPCProvider>
    </StaticIdContext>
  );
}

/**
 * The static this part of the page acts as, for requests made outside tRPC (file imports): the
 * same id the scope's tRPC client sends, so both always agree, even while a switch is in flight.
 */
export function useStaticId(): number {
  const staticId = useContext(StaticIdContext);
  if (staticId === null) throw new Error("useStaticId must be used inside <StaticScope>");
  return staticId;
}

/**
 * Whether the caller is an owner of the static this part of the page acts as (me.get's role):
 * owner-only buttons show only then, never while the role is not known yet. The server refuses a
 * member anyway; this keeps them from being offered a FORBIDDEN.
 */
export function useIsOwner(): boolean {
  const staticId = useStaticId();
  const me = useQuery(meQueryOptions());
  return me.data?.statics.find((s) => s.id === staticId)?.role === "owner";
}
