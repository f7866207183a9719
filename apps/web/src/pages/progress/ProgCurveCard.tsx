import { useMemo } from "react";
import type { AnalysisScope } from "../../components/AnalysisScope";
import { ChartCard } from "../../components/charts/ChartCard";
import type { ProgCurve, PullRow } from "../../lib/api";
import type { ChartSpec } from "../../lib/chart-spec";
import { buildProgressChart, describeProgress, PROGRESS_COLUMNS } from "../../lib/prog-chart";

interface ProgCurveCardProps {
  pulls: readonly PullRow[];
  curve: ProgCurve;
  analysis: AnalysisScope;
  fileParts: readonly string[];
}

export function ProgCurveCard({ pulls, curve, analysis, fileParts }: ProgCurveCardProps) {
  const chart = useMemo(() => buildProgressChart(pulls, curve, curve.progPoints, analysis.sessionNames), [pulls, curve, analysis.sessionNames]);
  const spec = useMemo((): ChartSpec => ({ kind: "progress", data: chart }), [chart]);
  const summary = describeProgress(chart);

  return (
    <ChartCard
      title="Prog curve"
      subtitle={analysis.subtitle}
      fileParts={fileParts}
      spec={spec}
      height={400}
      description={summary ?? "No pulls."}
      columns={PROGRESS_COLUMNS}
      rows={chart.points}
      rowKey={(p) => p.pullNumber}
    >
      {/* Thin data: the facts of each pull stand, but no conclusion is drawn from them. */}
      {curve.insufficientData ? <p className="insufficient">{curve.message}</p> : <p className="chart-lead">{summary}</p>}
      {curve.rankingNote && <p className="partial-note">{curve.rankingNote} Pulls whose phase is unknown are the hollow triangles at the bottom.</p>}
      <p className="hint">
        Each dot is a pull, placed in the band of the phase it ended in and by how much of the boss&apos;s HP went in it. Ringed dots are each
        session&apos;s best; the green line is the best so far.
      </p>
    </ChartCard>
  );
}
