import { DownloadButtons } from "../../components/charts/DownloadButtons";
import { DataTable } from "../../components/DataTable";
import type { PullRow } from "../../lib/api";
import { describeMissingEvents } from "../../lib/ingestion";
import { PULL_COLUMNS } from "../../lib/pulls";

export function PullsTable({ pulls, fileParts }: { pulls: readonly PullRow[]; fileParts: readonly string[] }) {
  const missing = describeMissingEvents(pulls);
  return (
    <section className="section" aria-labelledby="pulls-heading">
      <div className="section-header">
        <h2 id="pulls-heading">
          Pulls <span className="badge">{pulls.length}</span>
        </h2>
        <DownloadButtons name="Pulls" fileParts={[...fileParts, "Pulls"]} columns={PULL_COLUMNS} rows={pulls} />
      </div>
      {missing && (
        <p className="partial-note" role="note">
          {missing}
        </p>
      )}
      <p className="hint">
        First death: the first death of the pull. &ldquo;Not counted&rdquo; marks deaths the analysis holds against nobody (the enrage, the closing
        burst, the last one standing).
      </p>
      <DataTable label="Pulls" columns={PULL_COLUMNS} rows={pulls} rowKey={(p) => `${p.reportCode}#${p.fightId}`} className="scroll tall nowrap" />
    </section>
  );
}
