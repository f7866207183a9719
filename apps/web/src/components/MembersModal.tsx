import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { StaticSummary } from "../lib/current-static";
import { errorMessage } from "../lib/errors";
import { LIMITS } from "../lib/limits";
import { type Me, refreshMe } from "../lib/me";
import { navigateToTab } from "../lib/router";
import { useStaticTRPC } from "../lib/trpc";
import { ConfirmButton } from "./ConfirmButton";
import { Feedback } from "./Feedback";
import { Modal } from "./Modal";

interface MembersModalProps {
  me: Me;
  current: StaticSummary;
  onClose: () => void;
  /** Called once the user has left the static (or deleted it). */
  onLeft: () => void;
}

const joinedFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });

export function MembersModal({ me, current, onClose, onLeft }: MembersModalProps) {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const staticId = current.id;
  const [username, setUsername] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [isConfirmingLeave, setIsConfirmingLeave] = useState(false);

  const members = useQuery(trpc.members.list.queryOptions({ staticId }));
  const refresh = () => Promise.all([queryClient.invalidateQueries(trpc.members.list.queryFilter({ staticId })), refreshMe(queryClient)]);

  const add = useMutation(
    trpc.members.add.mutationOptions({
      onSuccess: (_data, input) => {
        setUsername("");
        setNotice(`Added ${input.username}.`);
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  const isOwner = current.role === "owner";
  const isSoleMember = members.data?.length === 1;

  const setRole = useMutation(
    trpc.members.setRole.mutationOptions({
      onSuccess: (data) => {
        const who = members.data?.find((m) => m.userId === data.userId)?.username ?? "member";
        setNotice(data.role === "owner" ? `${who} is now an owner.` : `${who} is now a member.`);
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  const leave = useMutation(
    trpc.members.leave.mutationOptions({
      onSuccess: () => onLeft(),
      onError: (err) => {
        setIsConfirmingLeave(false);
        setError(errorMessage(err));
      },
    }),
  );

  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: (_data, input) => {
        const removed = members.data?.find((m) => m.userId === input.userId);
        setNotice(`Removed ${removed?.username ?? "member"}.`);
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function startAction() {
    setError(null);
    setNotice(null);
  }

  function onAdd(event: FormEvent) {
    event.preventDefault();
    startAction();
    const name = username.trim();
    if (name === "") {
      setError("Enter the username of someone who has signed in at least once.");
      return;
    }
    add.mutate({ staticId, username: name });
  }

  const isBusy = add.isPending || remove.isPending || leave.isPending || setRole.isPending;

  return (
    <Modal title={`Members of ${current.name}`} onClose={onClose}>
      {members.isPending && <p className="muted">Loading members…</p>}
      {members.isError && (
        <p role="alert" className="error">
          {errorMessage(members.error)}
        </p>
      )}
      {members.data && (
        <ul className="member-list" aria-label="Members">
          {members.data.map((member) => {
            const isSelf = member.userId === me.user.id;
            return (
              <li key={member.userId} className="member">
                <div className="member-who">
                  <span className="member-name">{member.displayName}</span>
                  <span className="muted">@{member.username}</span>
                  {member.role === "owner" && <span className="tag tag-owner">owner</span>}
                  {isSelf && <span className="tag">you</span>}
                </div>
                <span className="muted member-joined">
                  Joined <time dateTime={member.joinedAt}>{joinedFormat.format(new Date(member.joinedAt))}</time>
                </span>
                <span className="member-actions">
                  {isOwner && (
                    <button
                      type="button"
                      className="button small ghost"
                      aria-label={member.role === "owner" ? `Make ${member.username} a member` : `Make ${member.username} an owner`}
                      disabled={isBusy}
                      onClick={() => {
                        startAction();
                        setRole.mutate({ staticId, userId: member.userId, role: member.role === "owner" ? "member" : "owner" });
                      }}
                    >
                      {member.role === "owner" ? "Make member" : "Make owner"}
                    </button>
                  )}
                  {isSelf ? (
                    <button
                      type="button"
                      className="button small danger"
                      disabled={isBusy || isConfirmingLeave}
                      onClick={() => {
                        startAction();
                        setIsConfirmingLeave(true);
                      }}
                    >
                      Leave
                    </button>
                  ) : (
                    isOwner && (
                      <ConfirmButton
                        label="Remove"
                        triggerName={`Remove ${member.username}`}
                        question={`Remove ${member.username} from ${current.name}?`}
                        confirmLabel={`Remove ${member.username}`}
                        pendingLabel="Removing…"
                        isPending={remove.isPending}
                        disabled={isBusy}
                        onConfirm={() => {
                          startAction();
                          remove.mutate({ staticId, userId: member.userId });
                        }}
                      />
                    )
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      )}

      {isConfirmingLeave && (
        <div className="confirm" role="group" aria-label="Confirm leaving">
          <p>
            {isSoleMember
              ? `You are the only member: leaving deletes ${current.name} and everything in it (its reports, roster, strats and activity). Download the CSVs you want to keep from Progress and Analysis first.`
              : `Leave ${current.name}? You'll lose access to its data until a member adds you back.`}
          </p>
          <div className="row">
            <button
              type="button"
              className="button danger"
              disabled={isBusy}
              onClick={() => leave.mutate({ staticId, ...(isSoleMember ? { deleteStatic: true } : {}) })}
            >
              {leave.isPending ? "Leaving…" : isSoleMember ? `Leave and delete ${current.name}` : `Leave ${current.name}`}
            </button>
            <button type="button" className="button ghost" onClick={() => setIsConfirmingLeave(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}

      <form className="add-member" onSubmit={onAdd}>
        <label htmlFor="add-member-username">Add by username</label>
        <div className="row">
          <input
            id="add-member-username"
            className="input"
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            placeholder="username"
            maxLength={LIMITS.username.maxLength}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
          <button type="submit" className="button primary" disabled={isBusy}>
            {add.isPending ? "Adding…" : "Add"}
          </button>
        </div>
        <p className="hint">They need to have signed in once before they can be added.</p>
      </form>

      {isOwner ? (
        <OwnerSettings staticId={staticId} name={current.name} onDeleted={onLeft} onRenamed={refresh} />
      ) : (
        <p className="hint">Owners of {current.name} rename it, remove members and change roles.</p>
      )}

      <Feedback error={error} notice={notice} />
    </Modal>
  );
}

/** Rename and delete, for owners. Deleting offers the CSV downloads first. */
function OwnerSettings({
  staticId,
  name,
  onDeleted,
  onRenamed,
}: {
  staticId: number;
  name: string;
  onDeleted: () => void;
  onRenamed: () => unknown;
}) {
  const trpc = useStaticTRPC();
  const [newName, setNewName] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const rename = useMutation(
    trpc.statics.rename.mutationOptions({
      onSuccess: (data) => {
        setNotice(`Renamed to ${data.name}.`);
        return onRenamed();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const remove = useMutation(trpc.statics.delete.mutationOptions({ onSuccess: () => onDeleted(), onError: (err) => setError(errorMessage(err)) }));

  function onRename(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    rename.mutate({ staticId, name: newName });
  }

  return (
    <section className="owner-settings" aria-label="Owner settings">
      <form onSubmit={onRename}>
        <label htmlFor="rename-static">Rename the static</label>
        <div className="row">
          <input
            id="rename-static"
            className="input"
            maxLength={LIMITS.staticName.maxLength}
            value={newName}
            onChange={(event) => setNewName(event.target.value)}
          />
          <button type="submit" className="button" disabled={rename.isPending || newName.trim() === name}>
            {rename.isPending ? "Renaming…" : "Rename"}
          </button>
        </div>
      </form>
      <div className="row delete-static">
        <p className="hint">
          Deleting removes {name} with its reports, roster, strats and activity, for every member.{" "}
          <a
            href="/progress"
            onClick={(event) => {
              event.preventDefault();
              navigateToTab("progress");
            }}
          >
            Download the CSVs
          </a>{" "}
          (Progress, Analysis) you want to keep first.
        </p>
        <ConfirmButton
          label="Delete static"
          question={`Delete ${name} and everything in it?`}
          confirmLabel={`Delete ${name}`}
          pendingLabel="Deleting…"
          isPending={remove.isPending}
          onConfirm={() => remove.mutate({ staticId })}
        />
      </div>
      <Feedback error={error} notice={notice} />
    </section>
  );
}
