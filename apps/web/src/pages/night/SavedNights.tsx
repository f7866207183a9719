import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmButton } from "../../components/ConfirmButton";
import { useIsOwner } from "../../components/StaticScope";
import type { Snapshot } from "../../lib/api";
import { exportFileName } from "../../lib/csv";
import { formatDateTime } from "../../lib/dates";
import { downloadText } from "../../lib/download";
import { errorMessage } from "../../lib/errors";
import { isDemoTab } from "../../lib/static-pin";
import { useStaticTRPC } from "../../lib/trpc";
import { NightView } from "./NightView";

/** The static's saved nights: listed, viewed as they were saved, downloaded as JSON, deleted. */
export function SavedNights() {
  const trpc = useStaticTRPC();
  const list = useQuery(trpc.snapshots.list.queryOptions({}));
  const [open, setOpen] = useState<number | null>(null);
  // Deleting a saved night is an owner's (the server refuses a member): no button for a member.
  const isOwner = useIsOwner();

  return (
    <section className="section" aria-label="Saved nights">
      <h2>Saved nights</h2>
      {list.isError && (
        <p role="alert" className="error">
          {errorMessage(list.error)}
        </p>
      )}
      {list.data?.length === 0 && (
        <p className="muted">{isDemoTab() ? "None in the demo." : "None yet. “Save this night” keeps a night exactly as it reads now."}</p>
      )}
      {list.data && list.data.length > 0 && (
        <ul className="saved-nights">
          {list.data.map((s) => (
            <SavedNightRow key={s.id} snapshot={s} canDelete={isOwner} isOpen={open === s.id} onToggle={() => setOpen(open === s.id ? null : s.id)} />
          ))}
        </ul>
      )}
    </section>
  );
}

function SavedNightRow({ snapshot, canDelete, isOpen, onToggle }: { snapshot: Snapshot; canDelete: boolean; isOpen: boolean; onToggle: () => void }) {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const read = useQuery(trpc.snapshots.byId.queryOptions({ id: snapshot.id }, { enabled: isOpen }));
  const [error, setError] = useState<string | null>(null);
  const remove = useMutation(
    trpc.snapshots.remove.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.snapshots.pathFilter()),
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const download = async () => {
    const data = read.data ?? (await queryClient.fetchQuery(trpc.snapshots.byId.queryOptions({ id: snapshot.id })));
    downloadText(
      `${JSON.stringify(data.raw, null, 2)}\n`,
      exportFileName(["night", snapshot.name], new Date(snapshot.createdAt), "json"),
      "application/json",
    );
  };

  return (
    <li>
      <div className="row saved-night">
        <span>
          <strong>{snapshot.name}</strong>{" "}
          <span className="muted">
            saved {formatDateTime(snapshot.createdAt)}
            {snapshot.createdBy ? ` by ${snapshot.createdBy}` : ""}
          </span>
        </span>
        <button type="button" className="button" aria-expanded={isOpen} onClick={onToggle}>
          {isOpen ? "Hide" : "View"}
        </button>
        <button type="button" className="button" onClick={() => void download().catch((err: unknown) => setError(errorMessage(err)))}>
          Download JSON
        </button>
        {canDelete && (
          <ConfirmButton
            label="Delete"
            triggerName={`Delete ${snapshot.name}`}
            question={`Delete the saved night “${snapshot.name}”?`}
            confirmLabel="Delete"
            pendingLabel="Deleting…"
            isPending={remove.isPending}
            onConfirm={() => remove.mutate({ id: snapshot.id })}
          />
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {isOpen && read.isError && (
        <p role="alert" className="error">
          {errorMessage(read.error)}
        </p>
      )}
      {isOpen && read.data && !read.data.readable && <p className="insufficient">{read.data.message}</p>}
      {isOpen && read.data?.readable && read.data.document && (
        <div className="saved-night-body">
          <p className="hint">
            As saved on {formatDateTime(read.data.document.savedAt)}: later changes to the reports or the strats do not touch it.
          </p>
          <NightView
            night={read.data.document.night}
            title={`${read.data.document.night.sessionLabel}${read.data.document.encounterName ? ` · ${read.data.document.encounterName}` : ""} (saved)`}
            fileParts={["night", snapshot.name]}
          />
        </div>
      )}
    </li>
  );
}
