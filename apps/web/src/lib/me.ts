import type { AppRouter } from "@progboard/api";
import type { QueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { errorCode } from "./errors";
import { clearPinnedStaticId, readPinnedStaticId } from "./static-pin";
import { trpc } from "./trpc";

export type Me = inferRouterOutputs<AppRouter>["me"]["get"];

export function meQueryOptions() {
  return trpc.me.get.queryOptions(undefined, {
    retry: (failureCount, error) => {
      // A tab still pinned to a static the user has since left: drop the pin and ask again.
      if (errorCode(error) === "NOT_FOUND" && readPinnedStaticId() !== null) {
        clearPinnedStaticId();
        return true;
      }
      return errorCode(error) === undefined && failureCount < 2;
    },
    retryDelay: (failureCount, error) => (errorCode(error) === "NOT_FOUND" ? 0 : Math.min(1000 * 2 ** failureCount, 30_000)),
  });
}

/**
 * Put a just-created static into the cached me.get before switching to it, so the switcher never
 * sees a pin it doesn't know yet (and falls back to the old static) while me.get refetches.
 */
export function addStaticToMe(queryClient: QueryClient, created: { id: number; name: string }): void {
  queryClient.setQueryData(trpc.me.get.queryKey(), (old) =>
    old && !old.statics.some((s) => s.id === created.id)
      ? { ...old, statics: [...old.statics, { id: created.id, name: created.name, memberCount: 1, role: "owner" as const }] }
      : old,
  );
}

/** The user just left a static: forget it at once rather than waiting for me.get. */
export function dropStaticFromMe(queryClient: QueryClient, staticId: number): void {
  queryClient.setQueryData(trpc.me.get.queryKey(), (old) =>
    old
      ? {
          ...old,
          currentStaticId: old.currentStaticId === staticId ? null : old.currentStaticId,
          statics: old.statics.filter((s) => s.id !== staticId),
        }
      : old,
  );
}

export function refreshMe(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries(trpc.me.get.queryFilter());
}
