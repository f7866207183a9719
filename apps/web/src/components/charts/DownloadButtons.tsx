import { useState } from "react";
import { type Column, exportFileName, toCsv } from "../../lib/csv";
import { downloadCanvas, downloadText } from "../../lib/download";
import { errorMessage } from "../../lib/errors";

interface DownloadButtonsProps<T> {
  /** The chart or table, for the buttons' accessible names. */
  name: string;
  fileParts: readonly string[];
  /** The drawn chart; without one there is only the CSV. */
  canvas?: HTMLCanvasElement | null;
  columns: readonly Column<T>[];
  rows: readonly T[];
}

export function DownloadButtons<T>({ name, fileParts, canvas, columns, rows }: DownloadButtonsProps<T>) {
  const [error, setError] = useState<string | null>(null);

  function savePng(target: HTMLCanvasElement) {
    setError(null);
    downloadCanvas(target, exportFileName(fileParts, new Date(), "png")).catch((err: unknown) => setError(errorMessage(err)));
  }

  return (
    <div className="download-buttons">
      {canvas !== undefined && (
        <button
          type="button"
          className="button small"
          aria-label={`Download PNG: ${name}`}
          disabled={canvas === null}
          onClick={() => canvas && savePng(canvas)}
        >
          Download PNG
        </button>
      )}
      <button
        type="button"
        className="button small"
        aria-label={`Download CSV: ${name}`}
        onClick={() => downloadText(toCsv(rows, columns), exportFileName(fileParts, new Date(), "csv"), "text/csv;charset=utf-8")}
      >
        Download CSV
      </button>
      {error && (
        <p role="alert" className="inline-error">
          {error}
        </p>
      )}
    </div>
  );
}
