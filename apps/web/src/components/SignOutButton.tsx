import { hashKey, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { signOut } from "../lib/auth";
import { errorMessage } from "../lib/errors";
import { clearPinnedStaticId } from "../lib/static-pin";
import { trpc } from "../lib/trpc";

export function SignOutButton() {
  const queryClient = useQueryClient();
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setIsPending(true);
    setError(null);
    try {
      await signOut();
    } catch (err) {
      setError(errorMessage(err));
      setIsPending(false);
      return;
    }
    // Nothing of this user's may outlive the session in this tab: drop every cached answer,
    // then ask me.get again, which now answers UNAUTHORIZED and shows the sign-in page.
    clearPinnedStaticId();
    const meHash = hashKey(trpc.me.get.queryKey());
    queryClient.removeQueries({ predicate: (query) => query.queryHash !== meHash });
    queryClient.getMutationCache().clear();
    await queryClient.resetQueries(trpc.me.get.queryFilter());
  }

  return (
    <>
      {error && (
        <span role="alert" className="inline-error">
          {error}
        </span>
      )}
      <button type="button" className="button ghost" onClick={() => void onClick()} disabled={isPending}>
        {isPending ? "Signing out…" : "Sign out"}
      </button>
    </>
  );
}
