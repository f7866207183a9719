import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { SignOutButton } from "../components/SignOutButton";
import { NAME_MAX_LENGTH, validateName } from "../lib/current-static";
import { errorMessage } from "../lib/errors";
import { addStaticToMe, type Me, refreshMe } from "../lib/me";
import { pinStaticId } from "../lib/static-pin";
import { trpc } from "../lib/trpc";

export function CreateFirstStaticPage({ me }: { me: Me }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const storeDefault = useMutation(trpc.me.setCurrentStatic.mutationOptions());

  const create = useMutation(
    trpc.statics.create.mutationOptions({
      onSuccess: async (created) => {
        pinStaticId(created.id);
        await storeDefault.mutateAsync({ staticId: created.id }).catch(() => undefined);
        addStaticToMe(queryClient, created);
        await refreshMe(queryClient);
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problem = validateName(name, "Static name");
    setError(problem);
    if (problem === null) create.mutate({ name: name.trim() });
  }

  return (
    <div className="auth-page">
      <div className="card auth-card">
        <div className="row between">
          <p className="brand-large">progboard</p>
          <SignOutButton />
        </div>
        <form className="stack" onSubmit={onSubmit}>
          <h1>Create your first static</h1>
          <p className="muted">
            Hi {me.user.displayName}. A static is your raid group: its reports, roster, strats and progress live together. You can add the others once
            it exists.
          </p>
          <div className="field">
            <label htmlFor="first-static-name">Static name</label>
            <input
              id="first-static-name"
              className="input"
              maxLength={NAME_MAX_LENGTH}
              placeholder="e.g. Savage Tuesdays"
              value={name}
              aria-invalid={error !== null}
              onChange={(event) => setName(event.target.value)}
            />
          </div>
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" className="button primary wide" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create static"}
          </button>
        </form>
      </div>
    </div>
  );
}
