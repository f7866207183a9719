import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { type ReactNode, useMemo } from "react";
import { pickEncounter, useScopeChoice } from "../lib/analysis-scope";
import { useAnalysisQueries, useAnalysisSource } from "../lib/analysis-source";
import type { AnalysedEncounter, AnalysisSession } from "../lib/api";
import { errorMessage } from "../lib/errors";
import { navigateToTab } from "../lib/router";
import { nameSessions, sessionRange } from "../lib/sessions";
import { useStaticId } from "./StaticScope";

export interface Scope {
  encounterId: number;
  from?: number;
  to?: number;
}

export interface AnalysisScope {
  encounter: AnalysedEncounter;
  sessions: readonly AnalysisSession[];
  sessionNames: ReadonlyMap<string, string>;
  /** null: every session. */
  sessionKey: string | null;
  /** The input of every analysis query: the encounter, and the session's time range when one is picked. */
  scope: Scope;
  /** "Static · Encounter · sessions", drawn under chart titles. */
  subtitle: string;
}

/**
 * The encounter and session the Progress and Analysis tabs show, with a picker for both. Renders
 * the loading, error and "no pulls yet" states itself; `children` gets the scope once there is one.
 */
export function AnalysisScopeView({ staticName, children }: { staticName: string; children: (scope: AnalysisScope) => ReactNode }) {
  const queries = useAnalysisQueries();
  const source = useAnalysisSource();
  const [choice, setChoice] = useScopeChoice(useStaticId());
  const encounters = useQuery({
    ...queries.encounters(),
    // Reports are fetched in the background: ask again on every visit, and every few seconds
    // while there is nothing yet, so pulls show up without a reload.
    refetchOnMount: "always",
    refetchInterval: (query) => (query.state.data?.length === 0 ? 5_000 : false),
  });
  const encounter = encounters.data ? pickEncounter(encounters.data, choice.encounterId) : null;
  const sessions = useQuery({
    ...queries.sessions({ encounterId: encounter?.encounterId ?? 0 }),
    enabled: encounter !== null,
    placeholderData: keepPreviousData,
  });

  const sessionList = useMemo(() => sessions.data ?? [], [sessions.data]);
  const sessionNames = useMemo(() => nameSessions(sessionList), [sessionList]);
  const range = choice.sessionKey === null ? null : sessionRange(sessionList, choice.sessionKey);
  // A session that is gone (its report removed) falls back to all of them.
  const sessionKey = range === null ? null : choice.sessionKey;

  if (encounters.isPending) return <p className="muted">Loading encounters…</p>;
  if (encounters.isError) {
    return (
      <p role="alert" className="error">
        {errorMessage(encounters.error)}
      </p>
    );
  }
  if (encounter === null) return source.kind === "grant" ? <p className="muted">No pulls shared yet.</p> : <NoPullsYet />;

  const scope: Scope = { encounterId: encounter.encounterId, ...range };
  const subtitle = [
    staticName,
    encounter.name,
    sessionKey === null ? "all sessions" : `session of ${sessionNames.get(sessionKey) ?? sessionKey}`,
  ].join(" · ");

  return (
    <>
      <div className="scope-bar" role="group" aria-label="What to show">
        <div className="field">
          <label htmlFor="scope-encounter">Encounter</label>
          <select
            id="scope-encounter"
            className="input"
            value={encounter.encounterId}
            onChange={(event) => setChoice({ encounterId: Number(event.target.value), sessionKey: null })}
          >
            {encounters.data.map((e) => (
              <option key={e.encounterId} value={e.encounterId}>
                {e.name} ({e.pulls === 1 ? "1 pull" : `${e.pulls} pulls`}
                {e.kills > 0 ? `, ${e.kills === 1 ? "1 kill" : `${e.kills} kills`}` : ""})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="scope-session">Sessions</label>
          <select
            id="scope-session"
            className="input"
            value={sessionKey ?? ""}
            disabled={sessions.isPending}
            onChange={(event) => setChoice({ encounterId: encounter.encounterId, sessionKey: event.target.value === "" ? null : event.target.value })}
          >
            <option value="">All sessions ({sessionList.length})</option>
            {sessionList.map((s) => (
              <option key={s.sessionKey} value={s.sessionKey}>
                {sessionNames.get(s.sessionKey)} · {s.sessionLabel} · {s.pulls === 1 ? "1 pull" : `${s.pulls} pulls`}
              </option>
            ))}
          </select>
        </div>
        {sessions.isError && (
          <p role="alert" className="error">
            Couldn&apos;t load the sessions: {errorMessage(sessions.error)}
          </p>
        )}
      </div>
      {children({ encounter, sessions: sessionList, sessionNames, sessionKey, scope, subtitle })}
    </>
  );
}

function NoPullsYet() {
  return (
    <div className="empty-inline">
      <p>No pulls yet — watch or import a report in the Reports tab.</p>
      <p className="muted">
        Once a report&apos;s fights are fetched, its pulls show up here.{" "}
        <a
          href="/reports"
          className="report-link"
          onClick={(event) => {
            event.preventDefault();
            navigateToTab("reports");
          }}
        >
          Go to Reports
        </a>
      </p>
    </div>
  );
}
