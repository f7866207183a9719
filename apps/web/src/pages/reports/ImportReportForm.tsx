import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Feedback } from "../../components/Feedback";
import { useStaticId } from "../../components/StaticScope";
import { formatBytes, IMPORT_ACCEPT, IMPORT_MAX_LABEL, type ImportResult, importReportFile } from "../../lib/import";
import { plural } from "../../lib/ingestion";
import { LIMITS } from "../../lib/limits";
import { useStaticTRPC } from "../../lib/trpc";
import { useNotice } from "../../lib/use-notice";

/** Offline and demo use (SPEC.md E): a report's JSON export, uploaded and watched by this static. */
export function ImportReportForm() {
  const staticId = useStaticId();
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [label, setLabel] = useState("");
  // The file input can't be cleared through React; a new key gives a fresh, empty one.
  const [inputKey, setInputKey] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useNotice();

  const upload = useMutation({
    mutationFn: ({ file, label }: { file: File; label: string }): Promise<ImportResult> =>
      importReportFile(file, { staticId, label, fetch: (...args) => fetch(...args) }),
    onSuccess: (result) => {
      if (result.ok) {
        const { title, code, reportCode, pulls } = result.report;
        setFile(null);
        setLabel("");
        setInputKey((key) => key + 1);
        setNotice(`Importing ${title} (${reportCode ?? code}): ${plural(pulls, "pull")}`);
      } else {
        setError(result.message);
      }
      // Even a refused or unreadable answer may have changed the list; the report shows up
      // watched by this static and its status moves on from there.
      return Promise.all([
        queryClient.invalidateQueries(trpc.watchedReports.pathFilter()),
        queryClient.invalidateQueries(trpc.strats.encounters.queryFilter()),
      ]);
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    if (file === null) {
      setError("Choose a report file first.");
      return;
    }
    setError(null);
    upload.mutate({ file, label });
  }

  return (
    <form className="section" aria-labelledby="import-report-heading" onSubmit={onSubmit} noValidate>
      <h2 id="import-report-heading">Import a report file</h2>
      <div className="form-grid">
        <div className="field grow-2">
          <label htmlFor="import-file">Report file (.json or .jsonl)</label>
          <input
            key={inputKey}
            id="import-file"
            type="file"
            className="input file-input"
            accept={IMPORT_ACCEPT}
            aria-describedby="import-hint"
            disabled={upload.isPending}
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setError(null);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="import-label">Label for the import (optional)</label>
          <input
            id="import-label"
            className="input"
            autoComplete="off"
            placeholder="e.g. Week 1 logs"
            maxLength={LIMITS.label.maxLength}
            value={label}
            disabled={upload.isPending}
            onChange={(event) => setLabel(event.target.value)}
          />
        </div>
        <button type="submit" className="button primary" disabled={file === null || upload.isPending}>
          {upload.isPending ? "Importing…" : "Import"}
        </button>
      </div>
      <p id="import-hint" className="hint">
        {upload.isPending && file
          ? `Uploading ${file.name} (${formatBytes(file.size)})…`
          : `A report exported as JSON, in the same shapes as the FFLogs API. Up to ${IMPORT_MAX_LABEL}.`}
      </p>
      <Feedback error={error} notice={notice} busy={upload.isPending} />
    </form>
  );
}
