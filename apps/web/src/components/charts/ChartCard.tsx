import { Component, lazy, type ReactNode, Suspense, useId, useState } from "react";
import type { ChartSpec } from "../../lib/chart-spec";
import type { Column } from "../../lib/csv";
import { DataTable } from "../DataTable";
import { DownloadButtons } from "./DownloadButtons";

// Chart.js is loaded with the first chart, not with the app (initial bundle budget).
const ChartCanvas = lazy(() => import("./ChartCanvas"));

interface ChartCardProps<T> {
  title: string;
  /** Drawn under the title: the static, the encounter and the sessions shown. */
  subtitle: string;
  /** Static and encounter, for the download names. */
  fileParts: readonly string[];
  spec: ChartSpec;
  height: number;
  /** The chart in words, for screen readers. */
  description: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  /** What the chart says, in sentences. */
  children?: ReactNode;
  /** Above the chart: what narrows it (a player, say). */
  controls?: ReactNode;
  className?: string;
}

/** A chart with what it says, its data as a table, and PNG / CSV downloads of exactly that. */
export function ChartCard<T>(props: ChartCardProps<T>) {
  const { title, subtitle, fileParts, spec, height, description, columns, rows, rowKey, children, controls, className } = props;
  const headingId = useId();
  const [canvas, setCanvas] = useState<HTMLCanvasElement | null>(null);
  const [showData, setShowData] = useState(false);

  return (
    <section className={`section chart-card ${className ?? ""}`} aria-labelledby={headingId}>
      {/* The title is drawn on the canvas (so the PNG carries it); this one is for the outline. */}
      <h2 id={headingId} className="visually-hidden">
        {title}
      </h2>
      {controls}
      <ChartBoundary height={height}>
        <Suspense fallback={<ChartPlaceholder height={height} text="Loading chart…" />}>
          <ChartCanvas spec={spec} title={title} subtitle={subtitle} description={description} height={height} onDrawn={setCanvas} />
        </Suspense>
      </ChartBoundary>
      <div className="chart-footer">
        <div className="chart-summary">{children}</div>
        <DownloadButtons name={title} fileParts={[...fileParts, title]} canvas={canvas} columns={columns} rows={rows} />
      </div>
      <details className="chart-data" onToggle={(event) => setShowData(event.currentTarget.open)}>
        <summary>Data shown ({rows.length === 1 ? "1 row" : `${rows.length} rows`})</summary>
        {/* Built when opened: a long prog has thousands of rows nobody may look at. */}
        {showData && <DataTable label={`${title} data`} columns={columns} rows={rows} rowKey={rowKey} className="scroll" />}
      </details>
    </section>
  );
}

function ChartPlaceholder({ height, text, isError = false }: { height: number; text: string; isError?: boolean }) {
  return (
    <div className="chart-placeholder" style={{ height }} role={isError ? "alert" : "status"}>
      <p className={isError ? "error" : "muted"}>{text}</p>
    </div>
  );
}

/** The chart module failing to load (offline, a new deploy) leaves the rest of the page working. */
class ChartBoundary extends Component<{ height: number; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (this.state.failed) {
      return (
        <ChartPlaceholder height={this.props.height} isError text="The chart could not be loaded. Reload the page to try again; the data is below." />
      );
    }
    return this.props.children;
  }
}

/** A chart's findings as a list, one sentence each, under the chart. */
export function FactList({ sentences }: { sentences: readonly string[] }) {
  return (
    <ul className="chart-lead facts">
      {sentences.map((s) => (
        <li key={s}>{s}</li>
      ))}
    </ul>
  );
}
