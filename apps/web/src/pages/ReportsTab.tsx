import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Feedback } from "../components/Feedback";
import { QueryRows, RowTable } from "../components/QueryRows";
import { errorMessage } from "../lib/errors";
import { fflogsMissingWords } from "../lib/fflogs";
import { pollInterval } from "../lib/ingestion";
import { LIMITS } from "../lib/limits";
import { parseReportRef } from "../lib/report-ref";
import { trpc as userTrpc, useStaticTRPC } from "../lib/trpc";
import { useNotice } from "../lib/use-notice";
import { FollowSection } from "./reports/FollowSection";
import { ImportReportForm } from "./reports/ImportReportForm";
import { WatchedReportRow } from "./reports/WatchedReportRow";

export function ReportsTab({ staticName }: { staticName: string }) {
  const trpc = useStaticTRPC();
  const reports = useQuery(
    trpc.watchedReports.list.queryOptions(undefined, {
      // Ask again while reports are being fetched, so their progress moves; stop when all settle.
      refetchInterval: (query) => pollInterval(query.state.data ?? []),
    }),
  );

  return (
    <div className="page">
      <div className="page-header">
        <h1>Reports</h1>
        <p className="muted">
          FFLogs reports watched by <strong className="static-name">{staticName}</strong>. Each static keeps its own list.
        </p>
      </div>

      <WatchReportForm />
      <FollowSection />
      <ImportReportForm />

      <section className="section" aria-labelledby="watched-reports-heading">
        <h2 id="watched-reports-heading">Watched reports</h2>
        <QueryRows
          query={reports}
          loading="Loading reports…"
          empty={
            <div className="empty-inline">
              <p>No reports yet.</p>
              <p className="muted">Paste an FFLogs report link above to start watching it, or import a report file.</p>
            </div>
          }
        >
          {(rows) => (
            <RowTable label="Watched reports" columns={["Report", "Pulls", "Best pull", "Status", "Live", "Added"]} actions className="reports-table">
              {rows.map((report) => (
                <WatchedReportRow key={report.code} report={report} />
              ))}
            </RowTable>
          )}
        </QueryRows>
      </section>
    </div>
  );
}

function WatchReportForm() {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const [report, setReport] = useState("");
  const [label, setLabel] = useState("");
  const [live, setLive] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useNotice();
  // Without FFLogs access a watched code could never be fetched: say so, and who can fix it.
  const fflogs = useQuery(userTrpc.fflogs.status.queryOptions());
  const configured = fflogs.data?.configured ?? true;

  const code = parseReportRef(report);
  const isUrl = code !== null && code !== report.trim();

  const add = useMutation(
    trpc.watchedReports.add.mutationOptions({
      onSuccess: (added) => {
        setReport("");
        setLabel("");
        setLive(false);
        setNotice(`Now watching ${added.label ?? added.code}.`);
        // Encounters for the strats picker come from watched reports too.
        return Promise.all([
          queryClient.invalidateQueries(trpc.watchedReports.pathFilter()),
          queryClient.invalidateQueries(trpc.strats.encounters.queryFilter()),
        ]);
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    if (report.trim() === "") {
      setError("Paste an FFLogs report link or type its code.");
      return;
    }
    if (code === null) {
      setError("That is not a report code or an FFLogs report link (https://www.fflogs.com/reports/…).");
      return;
    }
    setError(null);
    const trimmedLabel = label.trim();
    add.mutate({ report: code, label: trimmedLabel === "" ? undefined : trimmedLabel, live });
  }

  return (
    <form className="section" aria-labelledby="watch-report-heading" onSubmit={onSubmit} noValidate>
      <h2 id="watch-report-heading">Watch a report</h2>
      {fflogs.data && !configured && <p className="notice-box">{fflogsMissingWords(fflogs.data.canConfigure)}</p>}
      <div className="form-grid">
        <div className="field grow-2">
          <label htmlFor="watch-report">Report code or FFLogs URL</label>
          <input
            id="watch-report"
            className="input mono"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://www.fflogs.com/reports/…"
            maxLength={LIMITS.reportRef.maxLength}
            value={report}
            disabled={!configured}
            aria-invalid={error !== null && code === null}
            aria-describedby="watch-report-hint"
            onChange={(event) => {
              setReport(event.target.value);
              setError(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="watch-label">Label (optional)</label>
          <input
            id="watch-label"
            className="input"
            autoComplete="off"
            placeholder="e.g. Tuesday night"
            maxLength={LIMITS.label.maxLength}
            value={label}
            onChange={(event) => setLabel(event.target.value)}
          />
        </div>
        <label className="check">
          <input type="checkbox" checked={live} onChange={(event) => setLive(event.target.checked)} />
          Live
        </label>
        <button type="submit" className="button primary" disabled={!configured || add.isPending}>
          {add.isPending ? "Adding…" : "Watch report"}
        </button>
      </div>
      <p id="watch-report-hint" className="hint">
        {isUrl ? `Report ${code} from that link.` : "Paste a report link from FFLogs, or its code. Tick Live while the raid is still being logged."}
      </p>
      <Feedback error={error} notice={notice} />
    </form>
  );
}
