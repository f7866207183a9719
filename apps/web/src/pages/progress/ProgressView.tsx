import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AnalysisScope } from "../../components/AnalysisScope";
import { useAnalysisQueries, useAnalysisSource } from "../../lib/analysis-source";
import type { ProgCurve, PullRow } from "../../lib/api";
import { formatClock } from "../../lib/dates";
import { errorMessage } from "../../lib/errors";
import { progressLabel } from "../../lib/pulls";
import { ProgCurveCard } from "./ProgCurveCard";
import { ProgPoints, SharedProgPoints } from "./ProgPoints";
import { PullsTable } from "./PullsTable";

export function ProgressView({ analysis, staticName }: { analysis: AnalysisScope; staticName: string }) {
  const queries = useAnalysisQueries();
  const source = useAnalysisSource();
  const options = { placeholderData: keepPreviousData };
  const pulls = useQuery({ ...queries.pulls(analysis.scope), ...options });
  const curve = useQuery({ ...queries.progCurve(analysis.scope), ...options });

  if (pulls.isPending || curve.isPending) return <p className="muted">Loading pulls…</p>;
  if (pulls.isError || curve.isError) {
    return (
      <p role="alert" className="error">
        {errorMessage(pulls.error ?? curve.error)}
      </p>
    );
  }
  if (pulls.data.length === 0) {
    return (
      <div className="empty-inline">
        <p>No pulls in this session.</p>
        <p className="muted">Pick another session, or all of them.</p>
      </div>
    );
  }

  const fileParts = [staticName, analysis.encounter.name];
  return (
    <>
      <ProgressStats pulls={pulls.data} curve={curve.data} sessionNames={analysis.sessionNames} />
      <ProgCurveCard pulls={pulls.data} curve={curve.data} analysis={analysis} fileParts={fileParts} />
      {source.kind === "own" ? (
        <ProgPoints encounterId={analysis.encounter.encounterId} pulls={pulls.data} reached={curve.data.progPoints} />
      ) : (
        <SharedProgPoints reached={curve.data.progPoints} />
      )}
      <PullsTable pulls={pulls.data} fileParts={fileParts} />
    </>
  );
}

function ProgressStats({ pulls, curve, sessionNames }: { pulls: readonly PullRow[]; curve: ProgCurve; sessionNames: ReadonlyMap<string, string> }) {
  const kills = pulls.filter((p) => p.kill).length;
  const resets = pulls.filter((p) => p.wipeType === "reset").length;
  const combatMs = pulls.reduce((sum, p) => sum + p.durationMs, 0);
  const best = curve.best;
  const sessions = curve.points.length;
  const reached = curve.progPoints.filter((p) => p.pullsReached > 0).length;
  const latest = [...curve.progPoints].filter((p) => p.firstReached !== null).sort((a, b) => b.phaseIndex - a.phaseIndex)[0];

  return (
    <dl className="stats" aria-label="At a glance">
      <div className="stat">
        <dt>Best pull</dt>
        <dd className={best?.kill ? "stat-value kill" : "stat-value"}>{best ? progressLabel(best) : "—"}</dd>
        <dd className="stat-detail">{best ? `Pull ${best.pullNumber} · ${sessionNames.get(best.sessionKey) ?? best.sessionLabel}` : "No pulls"}</dd>
      </div>
      <div className="stat">
        <dt>Pulls</dt>
        <dd className="stat-value">{pulls.length}</dd>
        <dd className="stat-detail">
          {kills === 1 ? "1 kill" : `${kills} kills`} · {resets === 1 ? "1 reset" : `${resets} resets`} · {formatClock(combatMs)} in combat
        </dd>
      </div>
      <div className="stat">
        <dt>Sessions</dt>
        <dd className="stat-value">{sessions}</dd>
        <dd className="stat-detail">{sessions > 0 ? `${Math.round(pulls.length / sessions)} pulls per session on average` : "—"}</dd>
      </div>
      <div className="stat">
        <dt>Prog points reached</dt>
        <dd className="stat-value">{curve.progPoints.length === 0 ? "—" : `${reached} of ${curve.progPoints.length}`}</dd>
        <dd className="stat-detail">
          {curve.progPoints.length === 0 ? "None set yet (below)" : latest ? `Furthest: ${latest.label}` : "None reached yet"}
        </dd>
      </div>
    </dl>
  );
}
