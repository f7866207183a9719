import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Feedback } from "../../components/Feedback";
import { useStaticId } from "../../components/StaticScope";
import { fetchWithUploadProgress, formatBytes, IMPORT_ACCEPT, IMPORT_MAX_LABEL, importReportFile } from "../../lib/import";
import { plural } from "../../lib/ingestion";
import { LIMITS } from "../../lib/limits";
import { useStaticTRPC } from "../../lib/trpc";

/** Where one chosen file is: waiting, uploading (share sent), imported, or refused in words. */
type FileState =
  | { state: "waiting" }
  | { state: "uploading"; sent: number }
  | { state: "imported"; message: string }
  | { state: "failed"; message: string };

interface Chosen {
  file: File;
  status: FileState;
}

/**
 * Offline and demo use (SPEC.md E): report files (the FFLogs API's JSON shapes), several at once,
 * uploaded one after another with each upload's percentage, and watched by this static.
 */
export function ImportReportForm() {
  const staticId = useStaticId();
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<Chosen[]>([]);
  const [label, setLabel] = useState("");
  // The file input can't be cleared through React; a new key gives a fresh, empty one.
  const [inputKey, setInputKey] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [isUploading, setIsUploading] = useState(false);

  const setStatus = (index: number, status: FileState) => setChosen((list) => list.map((c, i) => (i === index ? { ...c, status } : c)));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void importAll();
  }

  async function importAll() {
    if (chosen.length === 0) {
      setError("Choose one or more report files first.");
      return;
    }
    setError(null);
    setIsUploading(true);
    // One label for one file; several files keep the names their reports carry.
    const oneLabel = chosen.length === 1 ? label : "";
    try {
      for (const [index, { file }] of chosen.entries()) {
        setStatus(index, { state: "uploading", sent: 0 });
        const result = await importReportFile(file, {
          staticId,
          label: oneLabel,
          fetch: fetchWithUploadProgress((sent) => setStatus(index, { state: "uploading", sent })),
        });
        if (result.ok) {
          const { title, code, reportCode, pulls } = result.report;
          setStatus(index, { state: "imported", message: `Importing ${title} (${reportCode ?? code}): ${plural(pulls, "pull")}` });
        } else {
          setStatus(index, { state: "failed", message: result.message });
        }
        // Even a refused answer may have changed the list; each report shows up as it is watched.
        await Promise.all([
          queryClient.invalidateQueries(trpc.watchedReports.pathFilter()),
          queryClient.invalidateQueries(trpc.strats.encounters.queryFilter()),
        ]);
      }
    } finally {
      setIsUploading(false);
    }
    setLabel("");
    setInputKey((key) => key + 1);
  }

  const done = chosen.length > 0 && chosen.every((c) => c.status.state === "imported" || c.status.state === "failed");
  return (
    <form className="section" aria-labelledby="import-report-heading" onSubmit={onSubmit} noValidate>
      <h2 id="import-report-heading">Import report files</h2>
      <div className="form-grid">
        <div className="field grow-2">
          <label htmlFor="import-file">Report files (.json or .jsonl, several at once)</label>
          <input
            key={inputKey}
            id="import-file"
            type="file"
            multiple
            className="input file-input"
            accept={IMPORT_ACCEPT}
            aria-describedby="import-hint"
            disabled={isUploading}
            onChange={(event) => {
              setChosen([...(event.target.files ?? [])].map((file) => ({ file, status: { state: "waiting" } })));
              setError(null);
            }}
          />
        </div>
        {chosen.length <= 1 && (
          <div className="field">
            <label htmlFor="import-label">Label for the import (optional)</label>
            <input
              id="import-label"
              className="input"
              autoComplete="off"
              placeholder="e.g. Week 1 logs"
              maxLength={LIMITS.label.maxLength}
              value={label}
              disabled={isUploading}
              onChange={(event) => setLabel(event.target.value)}
            />
          </div>
        )}
        <button type="submit" className="button primary" disabled={chosen.length === 0 || isUploading || done}>
          {isUploading ? "Importing…" : chosen.length > 1 ? `Import ${chosen.length} files` : "Import"}
        </button>
      </div>
      <p id="import-hint" className="hint">
        {`Reports exported as JSON in the FFLogs API's shapes, or saved FFLogs GraphQL responses. Up to ${IMPORT_MAX_LABEL} each.`}
      </p>
      {chosen.length > 0 && (
        <ul className="upload-list" aria-label="Files to import">
          {chosen.map(({ file, status }, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list is replaced whole when files are chosen again
            <li key={index} className={`upload upload-${status.state}`}>
              <span className="upload-name">
                {file.name} <span className="muted">({formatBytes(file.size)})</span>
              </span>
              {status.state === "waiting" && <span className="muted">{isUploading ? "waiting" : "ready"}</span>}
              {status.state === "uploading" && (
                <span className="upload-progress">
                  <progress
                    max={100}
                    value={Math.round(status.sent * 100)}
                    aria-label={`Uploading ${file.name}`}
                    aria-valuetext={`${Math.round(status.sent * 100)}%`}
                  />
                  <span>{status.sent >= 1 ? "Checking…" : `${Math.round(status.sent * 100)}%`}</span>
                </span>
              )}
              {status.state === "imported" && (
                <span role="status" className="notice">
                  {status.message}
                </span>
              )}
              {status.state === "failed" && (
                <span role="alert" className="error">
                  {status.message}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <Feedback error={error} busy={isUploading} />
    </form>
  );
}
