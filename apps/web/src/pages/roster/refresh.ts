import { useQueryClient } from "@tanstack/react-query";
import { useStaticTRPC } from "../../lib/trpc";

/** After a roster change: the roster, and strats (they show member names). */
export function useRefreshRoster(): () => Promise<unknown> {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  return () => Promise.all([queryClient.invalidateQueries(trpc.roster.pathFilter()), queryClient.invalidateQueries(trpc.strats.list.pathFilter())]);
}
