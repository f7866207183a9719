import { useState } from "react";
import { DataTable } from "../../components/DataTable";
import type { NightReport } from "../../lib/api";
import { exportFileName, toCsv } from "../../lib/csv";
import { downloadText } from "../../lib/download";
import {
  type Drill,
  drilledPulls,
  fflogsFightUrl,
  formatShare,
  MISTAKE_COLUMNS,
  mechanicId,
  NIGHT_DEATH_COLUMNS,
  NO_DRILL,
  versus,
} from "../../lib/night";

/** A night's report as the page shows it: live, or as a saved snapshot holds it. */
export function NightView({ night, title, fileParts }: { night: NightReport; title: string; fileParts: readonly string[] }) {
  const [drill, setDrill] = useState<Drill>(NO_DRILL);
  const lineOf = new Map(night.lines.map((l) => [l.pullNumber, l]));
  const drilled = drilledPulls(night.breakdown, drill);
  const prev = night.previous;

  return (
    <div className="night">
      <section className="section" aria-label="The night">
        <h2>{title}</h2>
        <p className="chart-lead">{night.headline}</p>
        {night.session.excluded.message && <p className="partial-note">{night.session.excluded.message}</p>}
        {night.newBest && night.best && <p className="night-badge">New best: {night.best}</p>}
        {night.progPointsFirstReached.length > 0 && (
          <p>
            Reached for the first time:{" "}
            {night.progPointsFirstReached.map((p, i) => (
              <span key={p.label}>
                {i > 0 && ", "}
                <strong>{p.label}</strong> (pull {p.pullNumber})
              </span>
            ))}
            .
          </p>
        )}
        <ol className="pull-lines" aria-label="Pulls">
          {night.lines.map((l) => {
            const url = fflogsFightUrl(l.reportCode, l.fightId);
            return (
              <li key={`${l.reportCode}#${l.fightId}`} className={l.isBest ? "best" : undefined}>
                <span className="mono">{l.line}</span>
                {l.isBest && <span className="night-badge small"> best</span>}
                {url && (
                  <>
                    {" "}
                    <a className="report-link" href={url} target="_blank" rel="noreferrer" aria-label={`Pull ${l.pullNumber} on FFLogs`}>
                      FFLogs
                    </a>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      </section>

      <section className="section" aria-label="Compared with the session before">
        <h2>Compared with the session before</h2>
        {prev ? (
          <>
            <p>
              {prev.sessionLabel}: {prev.pulls} pulls, best {prev.best ?? "unknown"}. Tonight: {night.lines.length} pulls, best{" "}
              {night.best ?? "unknown"}.
            </p>
            <div className="table-wrap">
              <table className="data-table compact" aria-label="Share of pulls reaching each phase">
                <thead>
                  <tr>
                    <th scope="col">Phase</th>
                    <th scope="col">Pulls reaching it</th>
                  </tr>
                </thead>
                <tbody>
                  {prev.phases.map((p) => (
                    <tr key={p.phaseIndex}>
                      <td>{p.phase}</td>
                      <td>{versus(formatShare(p.share), formatShare(p.previousShare))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="table-wrap">
              <table className="data-table compact" aria-label="Wipes per cause, against the session before">
                <thead>
                  <tr>
                    <th scope="col">What decided the wipe</th>
                    <th scope="col" className="num">
                      Wipes
                    </th>
                    <th scope="col" className="num">
                      Session before
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {prev.causes.slice(0, 10).map((c) => (
                    <tr key={c.cause}>
                      <td>{c.cause}</td>
                      <td className="num">{c.wipes}</td>
                      <td className="num">{c.previousWipes}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : (
          <p className="muted">The first session of this encounter: nothing to compare with.</p>
        )}
      </section>

      <section className="section" aria-label="Wipes by phase, mechanic and player">
        <h2>Wipes by phase → mechanic → player</h2>
        {night.breakdown.length === 0 ? (
          <p className="muted">No wipe with known deaths in this session.</p>
        ) : (
          <div className="drill">
            <ul className="drill-list" aria-label="Phases">
              {night.breakdown.map((p) => (
                <li key={p.phase}>
                  <button
                    type="button"
                    className="drill-step"
                    aria-pressed={drill.phase === p.phase}
                    onClick={() => setDrill(drill.phase === p.phase ? NO_DRILL : { phase: p.phase, mechanic: null, player: null })}
                  >
                    {p.phase}: {p.wipes} {p.wipes === 1 ? "wipe" : "wipes"}
                  </button>
                  {drill.phase === p.phase && (
                    <ul className="drill-list" aria-label={`Mechanics in ${p.phase}`}>
                      {p.mechanics.map((m) => (
                        <li key={mechanicId(m)}>
                          <button
                            type="button"
                            className="drill-step"
                            aria-pressed={drill.mechanic === mechanicId(m)}
                            onClick={() =>
                              setDrill({ phase: p.phase, mechanic: drill.mechanic === mechanicId(m) ? null : mechanicId(m), player: null })
                            }
                          >
                            {m.cause}
                            {m.kind === "mistake" ? " (mistake, no death)" : ""}: {m.wipes}
                          </button>
                          {drill.mechanic === mechanicId(m) && (
                            <ul className="drill-list" aria-label={`Who failed ${m.cause}`}>
                              {m.players.map((x) => (
                                <li key={x.playerKey ?? "nobody"}>
                                  <button
                                    type="button"
                                    className="drill-step"
                                    aria-pressed={drill.player === (x.playerKey ?? "")}
                                    onClick={() => setDrill({ ...drill, player: drill.player === (x.playerKey ?? "") ? null : (x.playerKey ?? "") })}
                                  >
                                    {x.player}: {x.wipes}
                                  </button>
                                </li>
                              ))}
                            </ul>
                          )}
                        </li>
                      ))}
                    </ul>
                  )}
                </li>
              ))}
            </ul>
            {drilled && (
              <div className="drill-pulls" role="region" aria-label="Pulls behind the selection">
                <h3>{drilled.title}</h3>
                <ul>
                  {drilled.pullNumbers.map((n) => {
                    const line = lineOf.get(n);
                    const url = line ? fflogsFightUrl(line.reportCode, line.fightId) : null;
                    return (
                      <li key={n}>
                        <span className="mono">{line?.line ?? `Pull ${n}`}</span>
                        {url && (
                          <>
                            {" "}
                            <a className="report-link" href={url} target="_blank" rel="noreferrer">
                              FFLogs
                            </a>
                          </>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </div>
            )}
          </div>
        )}
      </section>

      <section className="section" aria-label="Mistakes without deaths">
        <h2>Mistakes without deaths</h2>
        {night.mistakes.pullsWithEvents === 0 ? (
          <p className="muted">No data: none of this session&apos;s pulls has its events imported, so its mistakes are unknown.</p>
        ) : night.mistakes.total === 0 ? (
          <>
            <p className="muted">
              None seen in {night.mistakes.pullsWithEvents} pulls with their events. Mistakes count what the Strats tab marks: a mechanic that should
              hit only its role or player, no one, or exactly N players, and failure debuffs.
            </p>
            {night.mistakes.byMechanic.length > 0 && (
              <ul className="facts">
                {night.mistakes.byMechanic.map((m) => (
                  <li key={`${m.mechanicRef}|${m.abilityName}`}>{m.summary}</li>
                ))}
              </ul>
            )}
          </>
        ) : (
          <>
            <ul className="facts">
              {night.mistakes.byMechanic.map((m) => (
                <li key={`${m.mechanicRef}|${m.abilityName}`}>{m.summary}</li>
              ))}
            </ul>
            <p>
              By player:{" "}
              {night.mistakes.byPlayer.map((p, i) => (
                <span key={p.playerKey ?? "unknown"}>
                  {i > 0 && "; "}
                  {p.player} {p.count} in {p.pulls} {p.pulls === 1 ? "pull" : "pulls"}
                </span>
              ))}
              .
            </p>
            <details className="chart-data">
              <summary>Every mistake ({night.mistakes.total})</summary>
              <DataTable label="Mistakes" columns={MISTAKE_COLUMNS} rows={night.mistakes.perPull} rowKey={(r, i) => `${r.pullNumber}-${i}`} />
              <button
                type="button"
                className="button"
                onClick={() =>
                  downloadText(
                    toCsv(night.mistakes.perPull, MISTAKE_COLUMNS),
                    exportFileName([...fileParts, "mistakes"], new Date(), "csv"),
                    "text/csv",
                  )
                }
              >
                Download CSV
              </button>
            </details>
          </>
        )}
      </section>

      <section className="section" aria-label="Deaths that decided wipes">
        <h2>Deaths that decided wipes, per player</h2>
        <p className="hint">Up to the death that decided each wipe (the second); the cascade after it and forced deaths apart.</p>
        <DataTable label="Deaths per player" columns={NIGHT_DEATH_COLUMNS} rows={night.session.deathsPerPlayer} rowKey={(r) => r.playerKey} />
      </section>

      <section className="section" aria-label="Time per phase">
        <h2>Time per phase</h2>
        <div className="table-wrap">
          <table className="data-table compact" aria-label="Time per phase">
            <thead>
              <tr>
                <th scope="col">Phase</th>
                <th scope="col" className="num">
                  Pulls reaching it
                </th>
                <th scope="col" className="num">
                  Time spent
                </th>
              </tr>
            </thead>
            <tbody>
              {night.session.phases.map((p) => (
                <tr key={p.phaseIndex}>
                  <td>{p.phase}</td>
                  <td className="num">{p.pullsReached}</td>
                  <td className="num">{p.time}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {night.topCauses.length > 0 && (
          <p>
            Top wipe causes:{" "}
            {night.topCauses
              .slice(0, 5)
              .map((c) => `${c.cause} ${c.wipes}`)
              .join(", ")}
            .
          </p>
        )}
      </section>
    </div>
  );
}
