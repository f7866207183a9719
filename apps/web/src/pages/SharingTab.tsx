import { reportCodeForDisplay } from "@progboard/domain";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "../components/ConfirmButton";
import { Feedback } from "../components/Feedback";
import { QueryRows, RowTable } from "../components/QueryRows";
import { useIsOwner } from "../components/StaticScope";
import { formatDateTime } from "../lib/dates";
import { errorMessage } from "../lib/errors";
import { navigateTo, useSubPath } from "../lib/router";
import { useStaticTRPC } from "../lib/trpc";
import { useNotice } from "../lib/use-notice";
import { SharedGrantView } from "./sharing/SharedGrantView";

/** /sharing: our handle and the grants we gave and received; /sharing/<grant>/<view>: a received grant opened. */
export function SharingTab({ staticName }: { staticName: string }) {
  const sub = useSubPath();
  const match = /^(\d+)\/(progress|analysis)$/.exec(sub);
  // Keyed by place: every navigation mounts it afresh, and so asks again whether the grant still stands.
  const isOwner = useIsOwner();
  if (match) return <SharedGrantView key={sub} grantId={Number(match[1])} view={match[2] as "progress" | "analysis"} />;
  return (
    <div className="page">
      <div className="page-header">
        <h1>Sharing</h1>
        <p className="muted">
          Let another static (a coach, a sister static) read <strong className="static-name">{staticName}</strong>&apos;s progress, one report or all
          of it, read-only, until you take it back. They never see roster notes, strat notes, override reasons or who is who among your members.
        </p>
      </div>
      <OurHandle />
      {isOwner ? <GiveAccessForm /> : <p className="muted">Owners of {staticName} give and revoke access, and rotate the handle.</p>}
      <GrantsGiven />
      <GrantsReceived />
    </div>
  );
}

function OurHandle() {
  const isOwner = useIsOwner();
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const handle = useQuery(trpc.sharing.handle.queryOptions());
  const [notice, setNotice] = useNotice();
  const [error, setError] = useState<string | null>(null);
  const rotate = useMutation(
    trpc.sharing.rotateHandle.mutationOptions({
      onSuccess: () => {
        setNotice("New handle made. The old one no longer names this static; access already given stays.");
        void queryClient.invalidateQueries(trpc.sharing.handle.queryFilter());
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  async function copy() {
    if (!handle.data) return;
    try {
      await navigator.clipboard.writeText(handle.data.handle);
      setNotice("Handle copied.");
    } catch {
      setError("Couldn't copy: select the handle and copy it by hand.");
    }
  }

  return (
    <section className="section" aria-labelledby="our-handle-heading">
      <h2 id="our-handle-heading">Our share handle</h2>
      <p className="hint">Another static gives you access by pasting this handle. It says nothing about who you are; rotate it to stop new grants.</p>
      {handle.isPending && <p className="muted">Loading…</p>}
      {handle.isError && (
        <p role="alert" className="error">
          {errorMessage(handle.error)}
        </p>
      )}
      {handle.data && (
        <div className="form-grid">
          <code className="share-handle" aria-label="Share handle value">
            {handle.data.handle}
          </code>
          <button type="button" className="button" onClick={() => void copy()}>
            Copy
          </button>
          {isOwner && (
            <ConfirmButton
              label="Rotate"
              triggerName="Rotate the share handle"
              question="Make a new handle? The old one stops working."
              confirmLabel="Rotate"
              pendingLabel="Rotating…"
              isPending={rotate.isPending}
              onConfirm={() => rotate.mutate()}
            />
          )}
        </div>
      )}
      <Feedback error={error} notice={notice} />
    </section>
  );
}

function GiveAccessForm() {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const reports = useQuery(trpc.watchedReports.list.queryOptions());
  const [granteeHandle, setHandle] = useState("");
  const [what, setWhat] = useState("progression");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useNotice();
  const grant = useMutation(
    trpc.sharing.grant.mutationOptions({
      onSuccess: () => {
        setHandle("");
        setError(null);
        setNotice("Access given.");
        void queryClient.invalidateQueries(trpc.sharing.outgoing.queryFilter());
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (granteeHandle.trim() === "") {
      setError("Paste the other static's share handle (st_…).");
      return;
    }
    grant.mutate(
      what === "progression" ? { granteeHandle, scope: "progression" } : { granteeHandle, scope: "report", code: what.replace(/^report:/, "") },
    );
  }

  return (
    <form className="section" aria-labelledby="give-access-heading" onSubmit={onSubmit} noValidate>
      <h2 id="give-access-heading">Give access</h2>
      <div className="form-grid">
        <div className="field grow-2">
          <label htmlFor="grantee-handle">Their share handle</label>
          <input
            id="grantee-handle"
            className="input mono"
            value={granteeHandle}
            placeholder="st_…"
            autoComplete="off"
            onChange={(event) => setHandle(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="grant-scope">What they may read</label>
          <select id="grant-scope" className="input" value={what} onChange={(event) => setWhat(event.target.value)}>
            <option value="progression">All our progression</option>
            {(reports.data ?? []).map((r) => (
              <option key={r.code} value={`report:${r.code}`}>
                Report {r.label ?? reportCodeForDisplay(r.code)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button primary" disabled={grant.isPending}>
          {grant.isPending ? "Giving…" : "Give read-only access"}
        </button>
      </div>
      <Feedback error={error} notice={notice} busy={grant.isPending} />
    </form>
  );
}

function scopeText(scope: string, code: string | null): string {
  return scope === "report" ? `Report ${code === null ? "" : reportCodeForDisplay(code)}` : "All progression";
}

/** A shared report's name as its granter calls it, and its title when that says something more. */
function reportNameText(label: string | null, title: string | null): string {
  const names = [label, title].filter((name, i, all): name is string => name !== null && all.indexOf(name) === i);
  return names.length === 0 ? "" : ` (${names.map((n) => `“${n}”`).join(", ")})`;
}

function GrantsGiven() {
  const isOwner = useIsOwner();
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const grants = useQuery(trpc.sharing.outgoing.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.sharing.revoke.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.sharing.outgoing.queryFilter()),
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  return (
    <section className="section" aria-labelledby="grants-given-heading">
      <h2 id="grants-given-heading">Access we gave</h2>
      <QueryRows query={grants} loading="Loading…" empty="No static can read ours.">
        {(rows) => (
          <RowTable label="Access we gave" columns={["Static", "Access", "Given", "Status"]} actions>
            {rows.map((g) => (
              <tr key={g.grantId}>
                <th scope="row">{g.granteeName}</th>
                <td className="mono">{scopeText(g.scope, g.code)}</td>
                <td>{formatDateTime(new Date(g.grantedAt).toISOString())}</td>
                <td>{g.revokedAt ? `Revoked ${formatDateTime(new Date(g.revokedAt).toISOString())}` : "Active"}</td>
                <td className="actions">
                  {isOwner && !g.revokedAt && (
                    <ConfirmButton
                      label="Revoke"
                      triggerName={`Revoke ${g.granteeName}'s access`}
                      question={`Revoke ${g.granteeName}'s access?`}
                      confirmLabel="Revoke"
                      pendingLabel="Revoking…"
                      isPending={revoke.isPending}
                      onConfirm={() => revoke.mutate({ grantId: g.grantId })}
                    />
                  )}
                </td>
              </tr>
            ))}
          </RowTable>
        )}
      </QueryRows>
      <Feedback error={error} />
    </section>
  );
}

function GrantsReceived() {
  const trpc = useStaticTRPC();
  const grants = useQuery(trpc.sharing.incoming.queryOptions(undefined, { refetchOnMount: "always" }));
  return (
    <section className="section" aria-labelledby="grants-received-heading">
      <h2 id="grants-received-heading">Shared with us</h2>
      <QueryRows query={grants} empty="No static shares its progress with us yet. Give them our handle.">
        {(rows) => (
          <ul className="grant-list" aria-label="Shared with us">
            {rows.map((g) => (
              <li key={g.grantId}>
                <a
                  href={`/sharing/${g.grantId}/progress`}
                  className="report-link"
                  onClick={(event) => {
                    event.preventDefault();
                    navigateTo(`/sharing/${g.grantId}/progress`);
                  }}
                >
                  {g.granterName}
                </a>{" "}
                <span className="muted">
                  · {scopeText(g.scope, g.code)}
                  {reportNameText(g.reportLabel, g.reportTitle)} · since {formatDateTime(new Date(g.grantedAt).toISOString())}
                </span>
              </li>
            ))}
          </ul>
        )}
      </QueryRows>
    </section>
  );
}
