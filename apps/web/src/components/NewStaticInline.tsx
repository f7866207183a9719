import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { NAME_MAX_LENGTH, validateName } from "../lib/current-static";
import { errorMessage } from "../lib/errors";
import { addStaticToMe } from "../lib/me";
import { trpc } from "../lib/trpc";

/** "+ static": turns into a name input in place; Enter creates and switches, Escape cancels. */
export function NewStaticInline({ onCreated }: { onCreated: (staticId: number) => void }) {
  const queryClient = useQueryClient();
  const [isOpen, setIsOpen] = useState(false);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const shouldRefocus = useRef(false);

  useEffect(() => {
    if (!isOpen && shouldRefocus.current) {
      shouldRefocus.current = false;
      buttonRef.current?.focus();
    }
  }, [isOpen]);

  const create = useMutation(
    // eslint-disable-next-line react-hooks/refs -- mutationOptions only stores the callbacks: close() writes the ref in onSuccess, after render
    trpc.statics.create.mutationOptions({
      onSuccess: (created) => {
        addStaticToMe(queryClient, created);
        close();
        onCreated(created.id);
        void queryClient.invalidateQueries(trpc.statics.list.queryFilter());
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function close() {
    shouldRefocus.current = true;
    setIsOpen(false);
    setName("");
    setError(null);
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problem = validateName(name, "Static name");
    setError(problem);
    if (problem === null) create.mutate({ name: name.trim() });
  }

  if (!isOpen) {
    return (
      <button ref={buttonRef} type="button" className="button" onClick={() => setIsOpen(true)}>
        + static
      </button>
    );
  }

  return (
    <form className="inline-create" onSubmit={onSubmit}>
      <input
        // The input replaces the button the user just pressed, so moving focus here is expected.
        autoFocus
        className="input"
        aria-label="New static name"
        aria-invalid={error !== null}
        aria-describedby={error ? "new-static-error" : undefined}
        placeholder="New static name"
        maxLength={NAME_MAX_LENGTH}
        value={name}
        disabled={create.isPending}
        onChange={(event) => setName(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Escape") {
            event.preventDefault();
            close();
          }
        }}
      />
      <button type="submit" className="button primary" disabled={create.isPending}>
        {create.isPending ? "Creating…" : "Create"}
      </button>
      <button type="button" className="button ghost" onClick={close}>
        Cancel
      </button>
      {error && (
        <span id="new-static-error" role="alert" className="inline-error">
          {error}
        </span>
      )}
    </form>
  );
}
