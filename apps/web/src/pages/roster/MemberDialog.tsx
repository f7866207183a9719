import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { JobSelect, RoleSelect } from "../../components/JobRoleSelects";
import { Modal } from "../../components/Modal";
import type { RosterMember } from "../../lib/api";
import { validateName } from "../../lib/current-static";
import { errorMessage } from "../../lib/errors";
import { roleAfterJobChange } from "../../lib/jobs";
import { LIMITS } from "../../lib/limits";
import { draftOf, memberChanges } from "../../lib/roster";
import { useStaticTRPC } from "../../lib/trpc";
import { AliasEditor } from "./AliasEditor";
import { useRefreshRoster } from "./refresh";

export function MemberDialog({ member, onClose }: { member: RosterMember; onClose: () => void }) {
  const trpc = useStaticTRPC();
  const refresh = useRefreshRoster();
  // The form starts from the member as it was when opened; saving sends only what changed.
  const [original] = useState(() => draftOf(member));
  const [draft, setDraft] = useState(original);
  const [error, setError] = useState<string | null>(null);

  const update = useMutation(
    trpc.roster.update.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onClose();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSave(event: FormEvent) {
    event.preventDefault();
    const problem = validateName(draft.name);
    setError(problem);
    if (problem !== null) return;
    const changes = memberChanges(original, draft);
    if (changes === null) {
      onClose();
      return;
    }
    update.mutate({ id: member.id, ...changes });
  }

  return (
    <Modal title={`Edit ${member.name}`} onClose={onClose}>
      <form className="stack-tight" onSubmit={onSave} noValidate>
        <div className="field">
          <label htmlFor="member-edit-name">Name</label>
          <input
            id="member-edit-name"
            className="input"
            data-autofocus
            autoComplete="off"
            maxLength={LIMITS.rosterName.maxLength}
            value={draft.name}
            aria-invalid={error !== null && draft.name.trim() === ""}
            onChange={(event) => setDraft({ ...draft, name: event.target.value })}
          />
        </div>
        <div className="form-grid">
          <div className="field grow-2">
            <label htmlFor="member-edit-job">Job</label>
            <JobSelect
              id="member-edit-job"
              value={draft.job}
              emptyLabel="No job"
              onChange={(job) => setDraft({ ...draft, job, role: roleAfterJobChange(draft.job, job, draft.role) })}
            />
          </div>
          <div className="field grow-2">
            <label htmlFor="member-edit-role">Role</label>
            <RoleSelect id="member-edit-role" value={draft.role} emptyLabel="No role" onChange={(role) => setDraft({ ...draft, role })} />
          </div>
        </div>
        <div className="field">
          <label htmlFor="member-edit-notes">Notes</label>
          <textarea
            id="member-edit-notes"
            className="input"
            rows={3}
            maxLength={LIMITS.notes.maxLength}
            placeholder="Private to this static"
            value={draft.notes}
            onChange={(event) => setDraft({ ...draft, notes: event.target.value })}
          />
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div className="row end">
          <button type="button" className="button ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={update.isPending}>
            {update.isPending ? "Saving…" : "Save changes"}
          </button>
        </div>
      </form>
      <hr className="divider" />
      <AliasEditor member={member} />
    </Modal>
  );
}
