import { useId, useMemo, useState } from "react";
import { ChartCard, FactList } from "../../components/charts/ChartCard";
import type { MistakesOverSessions } from "../../lib/api";
import type { ChartSpec } from "../../lib/chart-spec";
import { describeMistakes, MISTAKES_OVER_SESSIONS_COLUMNS, type MistakesOf, mistakePlayers, mistakesChart } from "../../lib/mistakes-chart";
import { playerColors, THEME } from "../../lib/palette";
import { InsufficientCard } from "./InsufficientCard";

interface MistakesCardProps {
  subtitle: string;
  fileParts: readonly string[];
  mistakes: MistakesOverSessions;
  sessionNames: ReadonlyMap<string, string>;
}

const EVERYONE: MistakesOf = { kind: "everyone" };
const WHAT_COUNTS =
  "Mistakes count what the Strats tab marks: a mechanic that should hit only its role or player, no one, or exactly N players, and failure debuffs.";

/** Mistakes without deaths per session for the top mechanics, of everyone or of one player (issue 16). */
export function MistakesCard({ subtitle, fileParts, mistakes, sessionNames }: MistakesCardProps) {
  const selectId = useId();
  const [of, setOf] = useState<MistakesOf>(EVERYONE);
  const players = useMemo(() => mistakePlayers(mistakes), [mistakes]);
  // A player chosen before the scope changed may have no mistakes in the new one: back to everyone.
  const shownOf = of.kind === "player" && !players.some((p) => p.key === of.playerKey) ? EVERYONE : of;
  const chart = useMemo(() => mistakesChart(mistakes, shownOf, sessionNames), [mistakes, shownOf, sessionNames]);
  const spec = useMemo((): ChartSpec => {
    // The palette's player hues, given to mechanics here (no player colour is on this chart).
    const colors = playerColors(chart.series.map((s) => s.mechanic));
    return {
      kind: "line",
      categories: chart.sessions.map((s) => s.name),
      series: chart.series.map((s) => ({ label: s.mechanic, color: colors.get(s.mechanic) ?? THEME.accent, values: s.values, notes: s.byPlayer })),
      valueTitle: "Mistakes",
    };
  }, [chart]);
  const whose = shownOf.kind === "everyone" ? null : (players.find((p) => p.key === shownOf.playerKey)?.name ?? null);
  const title = whose === null ? "Mistakes without deaths per session" : `${whose}: mistakes without deaths per session`;

  if (mistakes.pullsWithEvents === 0) {
    return (
      <InsufficientCard
        className="wide"
        title="Mistakes without deaths per session"
        message="No data: none of these pulls has its events imported, so their mistakes are unknown."
      />
    );
  }
  if (mistakes.total === 0) {
    return (
      <InsufficientCard
        className="wide"
        title="Mistakes without deaths per session"
        message={`None seen in ${mistakes.pullsWithEvents.toLocaleString("en")} pulls with their events.`}
      >
        <p className="hint">{WHAT_COUNTS}</p>
      </InsufficientCard>
    );
  }

  const controls = (
    <div className="chart-controls">
      <label htmlFor={selectId}>Whose mistakes</label>
      <select
        id={selectId}
        className="input"
        value={shownOf.kind === "everyone" ? "*" : `p:${shownOf.playerKey}`}
        onChange={(event) => {
          const value = event.target.value;
          setOf(value === "*" ? EVERYONE : { kind: "player", playerKey: value.slice(2) });
        }}
      >
        <option value="*">Everyone ({mistakes.total.toLocaleString("en")})</option>
        {players.map((p) => (
          <option key={p.key} value={`p:${p.key}`}>
            {p.name} ({p.count.toLocaleString("en")})
          </option>
        ))}
      </select>
    </div>
  );
  const sentences = describeMistakes(chart);
  const unknown = chart.rows.some((r) => r.reason !== null);
  return (
    <ChartCard
      className="wide"
      title={title}
      subtitle={subtitle}
      fileParts={fileParts}
      spec={spec}
      height={320}
      description={sentences.join(" ")}
      columns={MISTAKES_OVER_SESSIONS_COLUMNS}
      rows={chart.rows}
      rowKey={(r, i) => `${i}|${r.session}|${r.mechanic}`}
      controls={controls}
    >
      <FactList sentences={sentences} />
      {unknown && (
        <p className="hint">
          A gap is a session with no data: its pulls have no events imported{shownOf.kind === "player" ? ", or the player was not in them" : ""}.
        </p>
      )}
      <p className="hint">
        The {chart.series.length === 1 ? "mechanic" : `${chart.series.length} mechanics`} with the most mistakes
        {shownOf.kind === "everyone" ? " (hover a point for who made them, or pick a player above)" : ""}. {WHAT_COUNTS}
      </p>
    </ChartCard>
  );
}
