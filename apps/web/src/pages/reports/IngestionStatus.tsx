import type { WatchedReport } from "../../lib/api";
import { formatDateTime } from "../../lib/dates";
import { describeIngestion } from "../../lib/ingestion";

interface IngestionStatusProps {
  report: WatchedReport;
  /** Fetches the report again (Retry / Fetch again); absent for an imported file (nothing to fetch). */
  onRetry?: (() => void) | undefined;
  isRetrying: boolean;
}

/** A report's fetch: chip, progress while fetching, pulls when done, the reason when it failed. */
export function IngestionStatus({ report, onRetry, isRetrying }: IngestionStatusProps) {
  const view = describeIngestion(report.ingestion);
  const { finishedAt } = report.ingestion;

  return (
    <div className="ingestion">
      <div className="ingestion-line">
        <span
          className={`status-chip status-${view.tone}`}
          title={view.tone === "done" && finishedAt ? `Fetched ${formatDateTime(finishedAt)}` : undefined}
        >
          {view.chip}
        </span>
        {view.detail && <span className="ingestion-detail">{view.detail}</span>}
        {view.action && onRetry && (
          <button
            data-edit
            type="button"
            className="button small ghost"
            aria-label={`${view.action} ${report.code}`}
            disabled={isRetrying}
            onClick={onRetry}
          >
            {isRetrying ? "Queuing…" : view.action}
          </button>
        )}
      </div>
      {view.progress && (
        <div
          className="progress"
          role="progressbar"
          aria-label={`Fetching ${report.code}`}
          aria-valuemin={0}
          aria-valuemax={view.progress.total}
          aria-valuenow={view.progress.done}
          aria-valuetext={view.detail ?? undefined}
        >
          <div
            className="progress-fill"
            style={{ width: `${view.progress.total === 0 ? 100 : (100 * view.progress.done) / view.progress.total}%` }}
          />
        </div>
      )}
      {view.error && (
        // Failed: the reason it stopped. Retrying: why it is waiting (not an alarm yet).
        <p className={view.tone === "failed" ? "ingestion-error" : "ingestion-note"}>{view.error}</p>
      )}
    </div>
  );
}
