import { useMemo } from "react";
import { ChartCard, FactList } from "../../components/charts/ChartCard";
import { DEATH_COLUMNS, deathRows, describeFaults, describeFirstDeathsByPlayer, FAULT_COLUMNS, faultRows } from "../../lib/analysis-charts";
import type { Consistency, FaultAggregate } from "../../lib/api";
import type { ChartSpec } from "../../lib/chart-spec";
import { THEME } from "../../lib/palette";
import { InsufficientCard } from "./InsufficientCard";
import { barHeight } from "./WipeCards";

interface CardProps {
  subtitle: string;
  fileParts: readonly string[];
}

export function DeathsCard({ subtitle, fileParts, consistency }: CardProps & { consistency: Consistency }) {
  const rows = useMemo(() => deathRows(consistency), [consistency]);
  const spec = useMemo(
    (): ChartSpec => ({
      kind: "bar",
      horizontal: true,
      categories: rows.map((r) => r.player),
      series: [
        { label: "Deaths", color: THEME.accent, values: rows.map((r) => r.deaths) },
        { label: "Died first", color: THEME.danger, values: rows.map((r) => r.firstDeaths) },
      ],
      valueTitle: "Pulls",
      decimals: 0,
    }),
    [rows],
  );
  const title = "Deaths per player";
  if (consistency.insufficientData) return <InsufficientCard title={title} message={consistency.message ?? "Insufficient data."} />;
  const sentences = describeFirstDeathsByPlayer(rows);

  return (
    <ChartCard
      title={title}
      subtitle={subtitle}
      fileParts={fileParts}
      spec={spec}
      height={barHeight(rows.length, 2)}
      description={sentences.join(" ")}
      columns={DEATH_COLUMNS}
      rows={rows}
      rowKey={(r) => r.player}
    >
      <FactList sentences={sentences} />
      <p className="hint">
        Deaths in pulls that were not resets, leaving out deaths nobody could prevent (the enrage, the closing burst, the last one standing).
      </p>
    </ChartCard>
  );
}

export function FaultsCard({ subtitle, fileParts, faults }: CardProps & { faults: FaultAggregate }) {
  const rows = useMemo(() => faultRows(faults), [faults]);
  const spec = useMemo(
    (): ChartSpec => ({
      kind: "bar",
      horizontal: true,
      categories: rows.map((r) => r.player),
      series: [{ label: "Wipes attributed", color: THEME.warn, values: rows.map((r) => r.attributed) }],
      valueTitle: "Wipes attributed (each wipe shares out 1)",
      decimals: 2,
    }),
    [rows],
  );
  const title = "Wipes attributed per player";
  if (faults.insufficientData) return <InsufficientCard title={title} message={faults.message ?? "Insufficient data."} />;
  const sentences = describeFaults(rows);

  return (
    <ChartCard
      title={title}
      subtitle={subtitle}
      fileParts={fileParts}
      spec={spec}
      height={barHeight(rows.length)}
      description={sentences.join(" ")}
      columns={FAULT_COLUMNS}
      rows={rows}
      rowKey={(r) => r.player}
    >
      <FactList sentences={sentences} />
      <p className="hint">
        Each wipe&apos;s 1 is shared by the deaths and failed mechanics before its second death, the first counting most, and by who the Strats tab
        says handles each mechanic. Hand-set scores win.
      </p>
    </ChartCard>
  );
}
