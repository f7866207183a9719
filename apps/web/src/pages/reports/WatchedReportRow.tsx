import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "../../components/ConfirmButton";
import type { WatchedReport } from "../../lib/api";
import { describeAge, formatDateTime, formatDuration, formatStamp } from "../../lib/dates";
import { errorMessage } from "../../lib/errors";
import { LIMITS } from "../../lib/limits";
import { progressLabel } from "../../lib/pulls";
import { reportUrl } from "../../lib/report-ref";
import { isDemoTab } from "../../lib/static-pin";
import { useStaticTRPC } from "../../lib/trpc";
import { IngestionStatus } from "./IngestionStatus";

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

export function WatchedReportRow({ report }: { report: WatchedReport }) {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const [isEditing, setIsEditing] = useState(false);
  const [label, setLabel] = useState("");
  const [error, setError] = useState<string | null>(null);
  const { summary } = report;
  const isFile = report.source === "file";
  const name = report.label ?? report.code;

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.watchedReports.pathFilter()),
      queryClient.invalidateQueries(trpc.strats.encounters.queryFilter()),
    ]);

  const update = useMutation(
    trpc.watchedReports.update.mutationOptions({
      onSuccess: (_data, input) => {
        if (input.label !== undefined) setIsEditing(false);
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const retry = useMutation(trpc.watchedReports.retry.mutationOptions({ onSuccess: refresh, onError: (err) => setError(errorMessage(err)) }));
  const remove = useMutation(trpc.watchedReports.remove.mutationOptions({ onSuccess: refresh, onError: (err) => setError(errorMessage(err)) }));

  // While a toggle is in flight (including the refetch after it), show where it is going.
  const live = update.isPending && update.variables.live !== undefined ? update.variables.live : report.live;

  function onSaveLabel(event: FormEvent) {
    event.preventDefault();
    setError(null);
    const trimmed = label.trim();
    if (trimmed === (report.label ?? "")) {
      setIsEditing(false);
      return;
    }
    update.mutate({ code: report.code, label: trimmed === "" ? null : trimmed });
  }

  return (
    <>
      <tr className="report-row">
        <td className="report-cell">
          {isEditing ? (
            <form className="inline-edit" onSubmit={onSaveLabel}>
              <input
                // Replaces the Rename button just pressed.
                autoFocus
                className="input small"
                aria-label={`Label for ${report.code}`}
                maxLength={LIMITS.label.maxLength}
                value={label}
                placeholder={summary?.title ?? "No label"}
                onChange={(event) => setLabel(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === "Escape") {
                    event.preventDefault();
                    setIsEditing(false);
                  }
                }}
              />
              <button type="submit" className="button small primary" disabled={update.isPending}>
                Save
              </button>
              <button type="button" className="button small ghost" onClick={() => setIsEditing(false)}>
                Cancel
              </button>
            </form>
          ) : (
            <span className="label-cell">
              <strong className="report-title">{report.label ?? summary?.title ?? (isFile ? "Imported report" : report.code)}</strong>
              <button
                data-edit
                type="button"
                className="button small ghost"
                aria-label={`Rename ${name}`}
                onClick={() => {
                  setError(null);
                  setLabel(report.label ?? "");
                  setIsEditing(true);
                }}
              >
                Rename
              </button>
            </span>
          )}
          <span className="report-meta">
            <span className={`source-chip source-${report.source}`}>{isFile ? "File" : "FFLogs"}</span>
            {isFile ? (
              // An imported file's data: its own, not FFLogs' report of the code it carries.
              <span className="mono muted" title={`Imported from a file (${report.code})`}>
                from a file
              </span>
            ) : (
              <a className="mono report-link" href={reportUrl(report.code)} target="_blank" rel="noreferrer noopener">
                {report.code}
              </a>
            )}
            {summary && (
              <time dateTime={new Date(summary.startTime).toISOString()} title={formatDateTime(new Date(summary.startTime).toISOString())}>
                {formatStamp(summary.startTime)}
              </time>
            )}
            {summary?.zone && <span>{summary.zone}</span>}
          </span>
          {report.label && summary?.title && summary.title !== report.label && <span className="report-subtitle muted">{summary.title}</span>}
        </td>
        <td className="report-pulls">
          {summary ? (
            <>
              <span>
                {plural(report.ingestion.pulls, "pull")} · {plural(summary.kills, "kill")}
              </span>
              <span className="muted">
                {summary.encounters.map((e) => e.name).join(", ") || "no encounters"} · {formatDuration(summary.durationMs)}
              </span>
            </>
          ) : (
            <span className="muted">not fetched yet</span>
          )}
        </td>
        <td className="report-best" data-label="Best pull">
          {summary?.bestPull ? (
            <span title={`Best pull of ${summary.bestPull.encounter}`}>
              <span className="visually-hidden">Best pull: </span>

              {progressLabel(summary.bestPull)}
            </span>
          ) : (
            <span className="muted">{summary ? "no pulls" : "unknown"}</span>
          )}
        </td>
        <td className="ingestion-cell">
          <IngestionStatus
            report={report}
            isRetrying={retry.isPending}
            // A file's data comes only from its file: importing it again is the retry.
            onRetry={
              isFile
                ? undefined
                : () => {
                    setError(null);
                    retry.mutate({ code: report.code });
                  }
            }
          />
        </td>
        <td className={isFile ? "report-live no-live" : "report-live"}>
          {isFile ? (
            <span className="muted" title="A file does not change: there is nothing to poll">
              —
            </span>
          ) : (
            <label className="switch-label">
              <input
                type="checkbox"
                role="switch"
                className="switch"
                aria-label={`Live polling for ${name}`}
                checked={live}
                disabled={update.isPending}
                onChange={(event) => {
                  setError(null);
                  update.mutate({ code: report.code, live: event.target.checked });
                }}
              />
              <span className={live ? "live-on" : "muted"} aria-hidden="true">
                {live ? "Live" : "Off"}
              </span>
            </label>
          )}
        </td>
        <td>
          <span className="added">
            <time dateTime={report.addedAt} title={formatDateTime(report.addedAt)}>
              {describeAge(report.addedAt)}
            </time>
            <span className="muted">{report.addedBy ? ` by @${report.addedBy}` : isDemoTab() ? "" : " by a deleted account"}</span>
          </span>
        </td>
        <td className="actions">
          <ConfirmButton
            label="Remove"
            triggerName={`Remove ${name}`}
            question={`Stop watching ${name}?`}
            confirmLabel="Stop watching"
            pendingLabel="Removing…"
            isPending={remove.isPending}
            onConfirm={() => {
              setError(null);
              remove.mutate({ code: report.code });
            }}
          />
        </td>
      </tr>
      {error && (
        <tr className="row-error">
          <td colSpan={7}>
            <p role="alert" className="error">
              {error}
            </p>
          </td>
        </tr>
      )}
    </>
  );
}
