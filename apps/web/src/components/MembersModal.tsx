import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { StaticSummary } from "../lib/current-static";
import { errorMessage } from "../lib/errors";
import { LIMITS } from "../lib/limits";
import { type Me, refreshMe } from "../lib/me";
import { useStaticTRPC } from "../lib/trpc";
import { Feedback } from "./Feedback";
import { Modal } from "./Modal";

interface MembersModalProps {
  me: Me;
  current: StaticSummary;
  onClose: () => void;
  /** Called once the user has removed themself from the static. */
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

  function onRemove(userId: number) {
    startAction();
    remove.mutate({ staticId, userId });
  }

  const isBusy = add.isPending || remove.isPending || leave.isPending;

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
                  {isSelf && <span className="tag">you</span>}
                </div>
                <span className="muted member-joined">
                  Joined <time dateTime={member.joinedAt}>{joinedFormat.format(new Date(member.joinedAt))}</time>
                </span>
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
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Remove ${member.username}`}
                    disabled={isBusy}
                    onClick={() => onRemove(member.userId)}
                  >
                    Remove
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}

      {isConfirmingLeave && (
        <div className="confirm" role="group" aria-label="Confirm leaving">
          <p>Leave {current.name}? You'll lose access to its data until a member adds you back.</p>
          <div className="row">
            <button type="button" className="button danger" disabled={isBusy} onClick={() => leave.mutate({ staticId })}>
              {leave.isPending ? "Leaving…" : `Leave ${current.name}`}
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

      <Feedback error={error} notice={notice} />
    </Modal>
  );
}
