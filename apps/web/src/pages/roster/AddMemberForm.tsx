import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Feedback } from "../../components/Feedback";
import { JobSelect, RoleSelect } from "../../components/JobRoleSelects";
import type { Role } from "../../lib/api";
import { validateName } from "../../lib/current-static";
import { errorMessage } from "../../lib/errors";
import { findJob, ROLE_LABELS } from "../../lib/jobs";
import { LIMITS } from "../../lib/limits";
import { useStaticTRPC } from "../../lib/trpc";
import { useNotice } from "../../lib/use-notice";
import { useRefreshRoster } from "./refresh";

export function AddMemberForm() {
  const trpc = useStaticTRPC();
  const refresh = useRefreshRoster();
  const [name, setName] = useState("");
  const [job, setJob] = useState("");
  const [role, setRole] = useState<Role | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useNotice();
  const jobRole = findJob(job)?.role;

  const create = useMutation(
    trpc.roster.create.mutationOptions({
      onSuccess: (created) => {
        setName("");
        setJob("");
        setRole(null);
        setNotice(`Added ${created?.name ?? "the member"} to the roster.`);
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const problem = validateName(name);
    setError(problem);
    if (problem !== null) return;
    // Without a role, the server takes the job's.
    create.mutate({ name: name.trim(), job: job || undefined, role: role ?? undefined });
  }

  return (
    <form className="section" aria-labelledby="add-roster-member-heading" onSubmit={onSubmit} noValidate>
      <h2 id="add-roster-member-heading">Add a member</h2>
      <div className="form-grid">
        <div className="field grow-2">
          <label htmlFor="roster-new-name">Name</label>
          <input
            id="roster-new-name"
            className="input"
            autoComplete="off"
            placeholder="What the static calls them"
            maxLength={LIMITS.rosterName.maxLength}
            value={name}
            aria-invalid={error !== null && name.trim() === ""}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="roster-new-job">Job</label>
          <JobSelect id="roster-new-job" value={job} onChange={setJob} emptyLabel="No job yet" />
        </div>
        <div className="field">
          <label htmlFor="roster-new-role">Role</label>
          <RoleSelect id="roster-new-role" value={role} onChange={setRole} emptyLabel={jobRole ? `From job (${ROLE_LABELS[jobRole]})` : "No role"} />
        </div>
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add member"}
        </button>
      </div>
      <Feedback error={error} notice={notice} />
    </form>
  );
}
