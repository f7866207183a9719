import { FFLOGS_REGIONS, type FflogsRegion } from "@progboard/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "../../components/ConfirmButton";
import { Feedback } from "../../components/Feedback";
import { describeAge, formatDateTime } from "../../lib/dates";
import { errorMessage } from "../../lib/errors";
import { fflogsMissingWords } from "../../lib/fflogs";
import { LIMITS } from "../../lib/limits";
import { trpc, useStaticTRPC } from "../../lib/trpc";
import { useNotice } from "../../lib/use-notice";

type Kind = "guild" | "user";

/** The static's FFLogs guild or user: their new reports are watched as they appear. */
export function FollowSection() {
  const staticTrpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const fflogs = useQuery(trpc.fflogs.status.queryOptions());
  const follows = useQuery(staticTrpc.follows.list.queryOptions(undefined, { refetchInterval: 60_000 }));
  const [kind, setKind] = useState<Kind>("guild");
  const [name, setName] = useState("");
  const [server, setServer] = useState("");
  const [region, setRegion] = useState<FflogsRegion>("NA");
  const [userId, setUserId] = useState("");
  const [onlyProgressed, setOnlyProgressed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useNotice();
  const refresh = () => queryClient.invalidateQueries(staticTrpc.follows.pathFilter());

  const create = useMutation(
    staticTrpc.follows.create.mutationOptions({
      onSuccess: (follow) => {
        setName("");
        setServer("");
        setUserId("");
        setNotice(`Following ${follow.describe}: its reports of the last week, then each new one, are watched within a poll interval.`);
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const update = useMutation(staticTrpc.follows.update.mutationOptions({ onSuccess: refresh, onError: (err) => setError(errorMessage(err)) }));
  const remove = useMutation(staticTrpc.follows.remove.mutationOptions({ onSuccess: refresh, onError: (err) => setError(errorMessage(err)) }));

  const configured = fflogs.data?.configured ?? true;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    if (kind === "guild") {
      if (name.trim() === "" || server.trim() === "") {
        setError("Enter the guild's name and server, as FFLogs shows them.");
        return;
      }
      setError(null);
      create.mutate({ guild: { name: name.trim(), server: server.trim(), region }, onlyProgressed });
    } else {
      const id = Number(userId.trim());
      if (!Number.isInteger(id) || id <= 0 || id > LIMITS.id.max) {
        setError("An FFLogs user id is the number in the user's FFLogs page address (fflogs.com/profile/user/12345).");
        return;
      }
      setError(null);
      create.mutate({ fflogsUserId: id, onlyProgressed });
    }
  }

  return (
    <section className="section" aria-labelledby="follow-heading">
      <h2 id="follow-heading">Follow</h2>
      <p className="hint">
        Follow your FFLogs guild, or the FFLogs user who logs your raids: progboard looks for their new reports every poll interval and watches them,
        live while they are still being logged. After raid night the data is simply there.
      </p>
      {fflogs.data && !fflogs.data.configured && <p className="notice-box">{fflogsMissingWords(fflogs.data.canConfigure)}</p>}

      {follows.data && follows.data.length > 0 && (
        <ul className="follow-list" aria-label="Followed guilds and users">
          {follows.data.map((follow) => (
            <li key={follow.id} className="follow-item">
              <div>
                <strong>{follow.describe}</strong>
                <div className="muted small">
                  {follow.reportsWatched} report{follow.reportsWatched === 1 ? "" : "s"} watched ·{" "}
                  {follow.lastPolledAt ? (
                    <time dateTime={String(follow.lastPolledAt)} title={formatDateTime(String(follow.lastPolledAt))}>
                      looked {describeAge(String(follow.lastPolledAt))}
                    </time>
                  ) : (
                    "not looked at yet"
                  )}
                </div>
                {follow.lastError && (
                  <p role="alert" className="error small">
                    {follow.lastError}
                  </p>
                )}
              </div>
              <label className="check">
                <input
                  type="checkbox"
                  checked={follow.onlyProgressed}
                  onChange={(event) => update.mutate({ id: follow.id, onlyProgressed: event.target.checked })}
                />
                Only our encounters
              </label>
              <ConfirmButton
                label="Unfollow"
                triggerName={`Unfollow ${follow.describe}`}
                question={`Stop following ${follow.describe}? Reports already watched stay.`}
                confirmLabel="Unfollow"
                pendingLabel="Unfollowing…"
                isPending={remove.isPending}
                onConfirm={() => remove.mutate({ id: follow.id })}
              />
            </li>
          ))}
        </ul>
      )}

      <form onSubmit={onSubmit} noValidate aria-label="Follow a guild or user">
        <div className="form-grid">
          <div className="field">
            <label htmlFor="follow-kind">Follow</label>
            <select id="follow-kind" className="input" value={kind} disabled={!configured} onChange={(event) => setKind(event.target.value as Kind)}>
              <option value="guild">an FFLogs guild</option>
              <option value="user">an FFLogs user</option>
            </select>
          </div>
          {kind === "guild" ? (
            <>
              <div className="field grow-2">
                <label htmlFor="follow-guild">Guild name</label>
                <input
                  id="follow-guild"
                  className="input"
                  autoComplete="off"
                  maxLength={LIMITS.guildName.maxLength}
                  value={name}
                  disabled={!configured}
                  onChange={(event) => setName(event.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="follow-server">Server</label>
                <input
                  id="follow-server"
                  className="input"
                  autoComplete="off"
                  placeholder="e.g. Tonberry"
                  maxLength={LIMITS.server.maxLength}
                  value={server}
                  disabled={!configured}
                  onChange={(event) => setServer(event.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="follow-region">Region</label>
                <select
                  id="follow-region"
                  className="input"
                  value={region}
                  disabled={!configured}
                  onChange={(event) => setRegion(event.target.value as FflogsRegion)}
                >
                  {FFLOGS_REGIONS.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </div>
            </>
          ) : (
            <div className="field grow-2">
              <label htmlFor="follow-user">FFLogs user id</label>
              <input
                id="follow-user"
                className="input mono"
                inputMode="numeric"
                autoComplete="off"
                placeholder="e.g. 123456"
                value={userId}
                disabled={!configured}
                onChange={(event) => setUserId(event.target.value)}
              />
            </div>
          )}
          <label className="check">
            <input type="checkbox" checked={onlyProgressed} disabled={!configured} onChange={(event) => setOnlyProgressed(event.target.checked)} />
            Only our encounters
          </label>
          <button type="submit" className="button primary" disabled={!configured || create.isPending}>
            {create.isPending ? "Following…" : "Follow"}
          </button>
        </div>
        <p className="hint">
          "Only our encounters": reports with a pull of an encounter this static already has reports, strats or prog points for (all of them until it
          has any).
        </p>
      </form>
      <Feedback error={error} notice={notice} />
    </section>
  );
}
