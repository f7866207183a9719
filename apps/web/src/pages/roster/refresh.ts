import { useQueryClient } from "@tanstack/react-query";
import { refreshAnalysisAnd } from "../../lib/refresh";
import { useStaticTRPC } from "../../lib/trpc";

/** After a roster change: the roster, strats (they show member names) and every analysis (who is who). */
export function useRefreshRoster(): () => Promise<unknown> {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  return () => refreshAnalysisAnd(queryClient, trpc, [trpc.roster.pathFilter(), trpc.strats.list.pathFilter()]);
}
