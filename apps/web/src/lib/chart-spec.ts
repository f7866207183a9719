// What a chart draws, independent of the chart library: built in the page (main bundle), turned
// into a canvas by the lazily loaded chart module.
import type { ProgressChart } from "./prog-chart";

export interface Series {
  label: string;
  /** One colour, or one per category (bars). */
  color: string | readonly string[];
  values: readonly (number | null)[];
  /** Line charts: per category, the lines the tooltip adds under the value (["Aoi 4", "Ben 3"]). */
  notes?: readonly (readonly string[])[];
}

export type ChartSpec =
  | { kind: "progress"; data: ProgressChart }
  | { kind: "bar"; categories: readonly string[]; series: readonly Series[]; horizontal: boolean; valueTitle: string; decimals: number }
  | { kind: "line"; categories: readonly string[]; series: readonly Series[]; valueTitle: string };

/** Title and subtitle drawn on the canvas, so a downloaded PNG says what it shows. */
export interface ChartFrame {
  title: string;
  subtitle: string;
}
