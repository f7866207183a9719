import { useMemo } from "react";
import { ChartCard, FactList } from "../../components/charts/ChartCard";
import { CONSISTENCY_COLUMNS, consistencyChart, describeTrends, missingTrendMessage } from "../../lib/analysis-charts";
import type { AnalysisSession, Consistency } from "../../lib/api";
import type { ChartSpec } from "../../lib/chart-spec";
import { playerColors, THEME } from "../../lib/palette";
import { InsufficientCard } from "./InsufficientCard";

interface ConsistencyCardProps {
  subtitle: string;
  fileParts: readonly string[];
  consistency: Consistency;
  sessions: readonly AnalysisSession[];
  sessionNames: ReadonlyMap<string, string>;
}

export function ConsistencyCard({ subtitle, fileParts, consistency, sessions, sessionNames }: ConsistencyCardProps) {
  const chart = useMemo(
    () =>
      consistencyChart(
        consistency,
        sessions.map((s) => s.sessionKey),
        sessionNames,
      ),
    [consistency, sessions, sessionNames],
  );
  const spec = useMemo((): ChartSpec => {
    const colors = playerColors(chart.series.map((s) => s.player));
    return {
      kind: "line",
      categories: chart.sessions.map((s) => s.name),
      series: chart.series.map((s) => ({ label: s.player, color: colors.get(s.player) ?? THEME.accent, values: s.values })),
      valueTitle: "Deaths per pull",
    };
  }, [chart]);
  const title = "Deaths per pull over sessions";
  const missing = missingTrendMessage(consistency);
  if (missing !== null) {
    return (
      <InsufficientCard className="wide" title={title} message={missing}>
        <p className="hint">A trend needs at least three sessions in which a player was in enough pulls.</p>
      </InsufficientCard>
    );
  }
  const sentences = describeTrends(consistency);
  if (chart.series.length === 0) {
    return (
      <InsufficientCard className="wide" title={title} message="Nobody's deaths per pull moved over the sessions: no line to draw.">
        <FactList sentences={sentences} />
      </InsufficientCard>
    );
  }

  return (
    <ChartCard
      className="wide"
      title={title}
      subtitle={subtitle}
      fileParts={fileParts}
      spec={spec}
      height={340}
      description={sentences.join(" ")}
      columns={CONSISTENCY_COLUMNS}
      rows={chart.rows}
      rowKey={(r) => `${r.player}|${r.session}`}
    >
      <FactList sentences={sentences} />
      <p className="hint">A gap is a session in which the player was in too few pulls to give a rate.</p>
    </ChartCard>
  );
}
