import { useMutation, useQuery } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Feedback, QueryError } from "../../components/Feedback";
import { errorMessage } from "../../lib/errors";
import { findJob } from "../../lib/jobs";
import { useStaticTRPC } from "../../lib/trpc";
import { useNotice } from "../../lib/use-notice";
import { useRefreshRoster } from "./refresh";

const keyOf = (c: { characterName: string; server: string }) => `${c.characterName}@${c.server}`;

/** "Add from reports": the characters the static's logs name, picked and added with their aliases. */
export function AddFromReports() {
  const trpc = useStaticTRPC();
  const refresh = useRefreshRoster();
  const [isOpen, setIsOpen] = useState(false);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useNotice();
  const seen = useQuery({ ...trpc.roster.seenInReports.queryOptions(), enabled: isOpen });
  const fresh = (seen.data ?? []).filter((c) => c.member === null);

  const add = useMutation(
    trpc.roster.addFromReports.mutationOptions({
      onSuccess: ({ added, skipped }) => {
        setPicked(new Set());
        const parts = [];
        if (added.length > 0) parts.push(`Added ${added.map((a) => (a.linked ? `${a.characterName} (to ${a.name})` : a.name)).join(", ")}.`);
        if (skipped.length > 0) parts.push(`Left out ${skipped.map((s) => `${s.characterName}@${s.server}: ${s.reason}`).join("; ")}.`);
        setNotice(parts.join(" ") || null);
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const characters = fresh.filter((c) => picked.has(keyOf(c)));
    if (characters.length === 0) {
      setError("Tick the characters to add first.");
      return;
    }
    setError(null);
    add.mutate({ characters: characters.map((c) => ({ characterName: c.characterName, server: c.server, job: c.job })) });
  }

  const toggle = (key: string, on: boolean) =>
    setPicked((old) => {
      const next = new Set(old);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  return (
    <section className="section" aria-labelledby="roster-from-reports-heading">
      <div className="section-header">
        <h2 id="roster-from-reports-heading">Add from reports</h2>
        <button data-edit type="button" className="button small" aria-expanded={isOpen} onClick={() => setIsOpen((open) => !open)}>
          {isOpen ? "Hide" : "Show characters from the logs"}
        </button>
      </div>
      {isOpen && (
        <form onSubmit={onSubmit} noValidate>
          {seen.isPending && <p className="muted">Reading the static's reports…</p>}
          {seen.isError && <QueryError error={seen.error} onRetry={() => seen.refetch()} />}
          {seen.data?.length === 0 && <p className="muted">No characters yet: the static's reports have no pulls with players in them.</p>}
          {seen.data && seen.data.length > 0 && (
            <>
              <p className="hint">
                Everyone who played in this static's reports, most pulls first. Each one added becomes a member with that character as alias.
              </p>
              <ul className="seen-list" aria-label="Characters in the reports">
                {seen.data.map((c) => {
                  const key = keyOf(c);
                  const job = c.job ? (findJob(c.job)?.name ?? c.job) : "job unknown";
                  return (
                    <li key={key}>
                      <label className="check">
                        <input
                          type="checkbox"
                          disabled={c.member !== null}
                          checked={c.member !== null || picked.has(key)}
                          onChange={(event) => toggle(key, event.target.checked)}
                        />
                        <span className="seen-name">{key}</span>
                      </label>
                      <span className="muted seen-facts">
                        {job} · {c.pulls.toLocaleString("en")} pull{c.pulls === 1 ? "" : "s"}
                        {c.member && ` · on the roster as ${c.member.memberName}`}
                      </span>
                    </li>
                  );
                })}
              </ul>
              <div className="form-actions">
                <button
                  type="button"
                  className="button small ghost"
                  disabled={fresh.length === 0}
                  onClick={() => setPicked(new Set(fresh.map(keyOf)))}
                >
                  Tick everyone new
                </button>
                <button type="submit" className="button primary" disabled={add.isPending || picked.size === 0}>
                  {add.isPending ? "Adding…" : `Add ${picked.size === 0 ? "" : `${picked.size} `}to the roster`}
                </button>
              </div>
            </>
          )}
          <Feedback error={error} notice={notice} />
        </form>
      )}
    </section>
  );
}
