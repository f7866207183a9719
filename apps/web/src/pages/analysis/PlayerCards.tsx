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
        { label: "Before the wipe was decided", color: THEME.accent, values: rows.map((r) => r.deaths) },
        { label: "Died first", color: THEME.danger, values: rows.map((r) => r.firstDeaths) },
        { label: "After (cascade)", color: THEME.muted, values: rows.map((r) => r.cascadeDeaths) },
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
      height={barHeight(rows.length, 3)}
      description={sentences.join(" ")}
      columns={DEATH_COLUMNS}
      rows={rows}
      rowKey={(r) => r.player}
    >
      <FactList sentences={sentences} />
      <p className="hint">
        Deaths in pulls that were not resets, up to the death that decided the wipe (the second, as for blame); deaths after it are the cascade, shown
        apart. Deaths nobody could prevent (the enrage, the closing burst, the last one standing) are left out.
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
      series: [
        { label: "Wipes started", color: THEME.warn, values: rows.map((r) => r.started) },
        { label: "of which shared with others", color: THEME.muted, values: rows.map((r) => r.shared) },
      ],
      valueTitle: "Wipes",
      decimals: 0,
    }),
    [rows],
  );
  const title = "Wipes started per player";
  if (faults.insufficientData) return <InsufficientCard title={title} message={faults.message ?? "Insufficient data."} />;
  const sentences = describeFaults(rows);

  return (
    <ChartCard
      title={title}
      subtitle={subtitle}
      fileParts={fileParts}
      spec={spec}
      height={barHeight(rows.length, 2)}
      description={sentences.join(" ")}
      columns={FAULT_COLUMNS}
      rows={rows}
      rowKey={(r) => r.player}
    >
      <FactList sentences={sentences} />
      <p className="hint">
        A wipe counts for each player with a share of its blame: the deaths, failed mechanics and mistakes before its second death, and who the Strats
        tab says handles each mechanic. &quot;Shared&quot; wipes were started together with others. Hand-set scores win.
      </p>
    </ChartCard>
  );
}
