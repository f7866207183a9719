import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AnalysisScope } from "../../components/AnalysisScope";
import { useAnalysisQueries, useAnalysisSource } from "../../lib/analysis-source";
import { errorMessage } from "../../lib/errors";
import { describeMissingEvents } from "../../lib/ingestion";
import { useStaticTRPC } from "../../lib/trpc";
import { ConsistencyCard } from "./ConsistencyCard";
import { MistakesCard } from "./MistakesCard";
import { DeathsCard, FaultsCard } from "./PlayerCards";
import { FirstDeathsCard, WipeTypesCard } from "./WipeCards";

export function AnalysisView({ analysis, staticName }: { analysis: AnalysisScope; staticName: string }) {
  const api = useAnalysisQueries();
  const source = useAnalysisSource();
  const options = { placeholderData: keepPreviousData };
  const pulls = useQuery({ ...api.pulls(analysis.scope), ...options });
  const wipeTypes = useQuery({ ...api.wipeTypes(analysis.scope), ...options });
  const faults = useQuery({ ...api.faultAggregate(analysis.scope), ...options });
  const consistency = useQuery({ ...api.consistency(analysis.scope), ...options });
  const queries = [pulls, wipeTypes, faults, consistency];
  // Mistakes read the static's strat config: its own members' (and the demo's) view, not a grantee's.
  const trpc = useStaticTRPC();
  const mistakes = useQuery({ ...trpc.analysis.mistakes.queryOptions(analysis.scope), ...options, enabled: source.kind === "own" });

  const failed = queries.find((q) => q.isError);
  if (failed) {
    return (
      <p role="alert" className="error">
        {errorMessage(failed.error)}
      </p>
    );
  }
  if (!pulls.data || !wipeTypes.data || !faults.data || !consistency.data) return <p className="muted">Analysing pulls…</p>;
  if (pulls.data.length === 0) {
    return (
      <div className="empty-inline">
        <p>No pulls in this session.</p>
        <p className="muted">Pick another session, or all of them.</p>
      </div>
    );
  }

  const card = { subtitle: analysis.subtitle, fileParts: [staticName, analysis.encounter.name] };
  const offRoster = consistency.data.players.filter((p) => !p.onRoster).length;
  const missing = describeMissingEvents(pulls.data);
  return (
    <div className="chart-grid">
      {missing && (
        <p className="partial-note" role="note">
          {missing}
        </p>
      )}
      {offRoster > 0 && source.kind === "own" && (
        <p className="hint">
          {offRoster === consistency.data.players.length ? "No player here is" : `${offRoster} of ${consistency.data.players.length} players are not`}{" "}
          on the roster yet, so they are shown by character name. Adding them (with their characters as aliases) in the Roster tab lets their roles
          count in the strat config and keeps each person one line across characters.
        </p>
      )}
      <WipeTypesCard {...card} counts={wipeTypes.data.counts} />
      <FirstDeathsCard {...card} pulls={pulls.data} />
      <DeathsCard {...card} consistency={consistency.data} />
      <FaultsCard {...card} faults={faults.data} />
      <ConsistencyCard {...card} consistency={consistency.data} sessions={analysis.sessions} sessionNames={analysis.sessionNames} />
      {mistakes.data && <MistakesCard {...card} mistakes={mistakes.data} sessionNames={analysis.sessionNames} />}
      {mistakes.isError && (
        <p role="alert" className="error wide">
          Couldn&apos;t load the mistakes: {errorMessage(mistakes.error)}
        </p>
      )}
    </div>
  );
}
