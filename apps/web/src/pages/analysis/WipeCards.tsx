import { useMemo } from "react";
import { ChartCard } from "../../components/charts/ChartCard";
import {
  describeFirstDeaths,
  describeWipeTypes,
  FIRST_DEATH_COLUMNS,
  firstDeathRows,
  WIPE_TYPE_COLUMNS,
  wipeTypeRows,
} from "../../lib/analysis-charts";
import type { PullRow, WipeTypes } from "../../lib/api";
import type { ChartSpec } from "../../lib/chart-spec";
import { THEME } from "../../lib/palette";
import { InsufficientCard } from "./InsufficientCard";

interface CardProps {
  subtitle: string;
  fileParts: readonly string[];
}

/** Title, legend and axis, plus one row per bar. */
export function barHeight(bars: number, series = 1): number {
  return 110 + bars * (series > 1 ? 40 : 30);
}

export function WipeTypesCard({ subtitle, fileParts, counts }: CardProps & { counts: WipeTypes["counts"] }) {
  const rows = useMemo(() => wipeTypeRows(counts), [counts]);
  const spec = useMemo(
    (): ChartSpec => ({
      kind: "bar",
      horizontal: true,
      categories: rows.map((r) => r.label),
      series: [{ label: "Pulls", color: rows.map((r) => r.color), values: rows.map((r) => r.pulls) }],
      valueTitle: "Pulls",
      decimals: 0,
    }),
    [rows],
  );
  const summary = describeWipeTypes(rows);

  return (
    <ChartCard
      title="How pulls ended"
      subtitle={subtitle}
      fileParts={fileParts}
      spec={spec}
      height={barHeight(rows.length)}
      description={summary ?? "No pulls."}
      columns={WIPE_TYPE_COLUMNS}
      rows={rows}
      rowKey={(r) => r.type}
    >
      <p className="chart-lead">{summary}</p>
      <p className="hint">
        Mechanic: the first death to a configured mechanic, or several to one ability at once. Cascade: more deaths soon after the first. Attrition:
        deaths spread out. DPS check: the enrage or the closing burst. Reset: ended early with nothing done.
      </p>
    </ChartCard>
  );
}

export function FirstDeathsCard({ subtitle, fileParts, pulls }: CardProps & { pulls: readonly PullRow[] }) {
  const rows = useMemo(() => firstDeathRows(pulls), [pulls]);
  const spec = useMemo(
    (): ChartSpec => ({
      kind: "bar",
      horizontal: true,
      categories: rows.map((r) => r.ability),
      series: [{ label: "Wipes started", color: rows.map((r) => (r.isRest ? THEME.muted : THEME.danger)), values: rows.map((r) => r.wipes) }],
      valueTitle: "Wipes started",
      decimals: 0,
    }),
    [rows],
  );
  const title = "What the first death was";
  if (rows.length === 0) {
    const unknown = pulls.filter((p) => !p.eventsComplete && !p.kill).length;
    const message =
      unknown > 0
        ? `No first death is known here: ${unknown} of ${pulls.length} pulls have no events imported, so their deaths are unknown.`
        : "No wipe here started with a counted death.";
    return <InsufficientCard title={title} message={message} />;
  }
  const summary = describeFirstDeaths(rows, pulls);

  return (
    <ChartCard
      title={title}
      subtitle={subtitle}
      fileParts={fileParts}
      spec={spec}
      height={barHeight(rows.length)}
      description={summary ?? ""}
      columns={FIRST_DEATH_COLUMNS}
      rows={rows}
      rowKey={(r) => r.ability}
    >
      <p className="chart-lead">{summary}</p>
      <p className="hint">Wipes (not kills or resets) by the ability behind their first counted death; the table lists who died first to each.</p>
    </ChartCard>
  );
}
