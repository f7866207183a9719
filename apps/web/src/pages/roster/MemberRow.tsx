import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ConfirmButton } from "../../components/ConfirmButton";
import { RoleBadge } from "../../components/RoleBadge";
import type { RosterMember } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { findJob } from "../../lib/jobs";
import { aliasLabel } from "../../lib/roster";
import { useStaticTRPC } from "../../lib/trpc";
import { useRefreshRoster } from "./refresh";

const COLUMNS = 6;

export function MemberRow({ member, onEdit }: { member: RosterMember; onEdit: () => void }) {
  const trpc = useStaticTRPC();
  const refresh = useRefreshRoster();
  const [error, setError] = useState<string | null>(null);
  const options = { onSuccess: refresh, onError: (err: unknown) => setError(errorMessage(err)) };
  const claim = useMutation(trpc.roster.claim.mutationOptions(options));
  const unclaim = useMutation(trpc.roster.unclaim.mutationOptions(options));
  const remove = useMutation(trpc.roster.remove.mutationOptions(options));
  const job = findJob(member.job);
  const isBusy = claim.isPending || unclaim.isPending || remove.isPending;

  return (
    <>
      <tr>
        <th scope="row" className="member-cell">
          <span className="member-name">{member.name}</span>
          {member.notes && (
            <span className="member-notes muted" title={member.notes}>
              {member.notes}
            </span>
          )}
        </th>
        <td>
          {member.job ? (
            <span className="job" title={job?.name}>
              <span className="job-abbr">{member.job}</span>
              {job && <span className="muted job-name">{job.name}</span>}
            </span>
          ) : (
            <span className="muted">—</span>
          )}
        </td>
        <td>
          <RoleBadge role={member.role} />
        </td>
        <td>
          {member.aliases.length === 0 ? (
            <span className="muted">None yet</span>
          ) : (
            <ul className="chips" aria-label={`Characters of ${member.name}`}>
              {member.aliases.map((alias) => (
                <li key={aliasLabel(alias)} className="chip">
                  {alias.characterName} <span className="muted">· {alias.server}</span>
                </li>
              ))}
            </ul>
          )}
        </td>
        <td>
          <div className="claim">
            {member.claimedBy ? (
              <span>
                @{member.claimedBy.username ?? "unknown"}
                {member.isMe && <span className="tag">you</span>}
              </span>
            ) : (
              <span className="muted">Unclaimed</span>
            )}
            {member.isMe ? (
              <button
                data-edit
                type="button"
                className="button small ghost"
                disabled={isBusy}
                onClick={() => {
                  setError(null);
                  unclaim.mutate({ id: member.id });
                }}
              >
                Not me
              </button>
            ) : (
              member.claimedBy === null && (
                <button
                  data-edit
                  type="button"
                  className="button small"
                  disabled={isBusy}
                  onClick={() => {
                    setError(null);
                    claim.mutate({ id: member.id });
                  }}
                >
                  This is me
                </button>
              )
            )}
          </div>
        </td>
        <td className="actions">
          <button data-edit type="button" className="button small ghost" aria-label={`Edit ${member.name}`} onClick={onEdit}>
            Edit
          </button>
          <ConfirmButton
            label="Remove"
            triggerName={`Remove ${member.name}`}
            question={`Remove ${member.name} and their characters?`}
            confirmLabel="Remove"
            pendingLabel="Removing…"
            isPending={remove.isPending}
            disabled={isBusy}
            onConfirm={() => {
              setError(null);
              remove.mutate({ id: member.id });
            }}
          />
        </td>
      </tr>
      {error && (
        <tr className="row-error">
          <td colSpan={COLUMNS}>
            <p role="alert" className="error">
              {error}
            </p>
          </td>
        </tr>
      )}
    </>
  );
}
