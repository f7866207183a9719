import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "../../components/ConfirmButton";
import { Feedback } from "../../components/Feedback";
import { QueryRows, RowTable } from "../../components/QueryRows";
import type { ProgPoint, ProgPointReached, PullRow } from "../../lib/api";
import { formatStamp } from "../../lib/dates";
import { errorMessage } from "../../lib/errors";
import { LIMITS } from "../../lib/limits";
import { type ProgPointDraft, phaseName, phaseOptions, progPointInput } from "../../lib/prog-points";
import { refreshAnalysisAnd } from "../../lib/refresh";
import { useStaticTRPC } from "../../lib/trpc";
import { useNotice } from "../../lib/use-notice";

interface ProgPointsProps {
  encounterId: number;
  pulls: readonly PullRow[];
  /** How many of the pulls shown reached each point, and the first that did. */
  reached: readonly ProgPointReached[];
}

export function ProgPoints({ encounterId, pulls, reached }: ProgPointsProps) {
  const trpc = useStaticTRPC();
  const points = useQuery(trpc.progPoints.list.queryOptions({ encounterId }));
  const reachedById = new Map(reached.map((r) => [r.id, r]));

  return (
    <section className="section" aria-labelledby="prog-points-heading">
      <h2 id="prog-points-heading">Prog points</h2>
      <p className="hint">
        Milestones of the fight, drawn on the prog curve. A pull reaches one by getting past its phase, or into it and (when an ability is set) seeing
        that ability; a kill reaches them all.
      </p>
      <QueryRows query={points} loading="Loading prog points…" empty="No prog points for this encounter yet.">
        {(rows) => (
          <RowTable
            label="Prog points"
            columns={["Prog point", "Phase", "Ability", "Pulls reaching it", "First reached"]}
            actions
            className="compact"
          >
            {rows.map((point) => (
              <ProgPointRow key={point.id} point={point} pulls={pulls} reached={reachedById.get(point.id)} />
            ))}
          </RowTable>
        )}
      </QueryRows>
      <ProgPointForm encounterId={encounterId} pulls={pulls} />
    </section>
  );
}

function ProgPointRow({ point, pulls, reached }: { point: ProgPoint; pulls: readonly PullRow[]; reached: ProgPointReached | undefined }) {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const remove = useMutation(
    trpc.progPoints.remove.mutationOptions({
      onSuccess: () => refreshProgPoints(queryClient, trpc),
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const first = reached?.firstReached;

  return (
    <tr>
      <th scope="row">{point.label}</th>
      <td>{phaseName(pulls, point.phaseIndex)}</td>
      <td className="mono">{point.abilityId ?? <span className="muted">the phase itself</span>}</td>
      <td className="num">{reached ? `${reached.pullsReached} of ${pulls.length}` : "—"}</td>
      <td>{first ? `Pull ${first.pullNumber} · ${formatStamp(first.startedAt)}` : <span className="muted">Not yet</span>}</td>
      <td className="actions">
        <ConfirmButton
          label="Remove"
          triggerName={`Remove ${point.label}`}
          question={`Remove ${point.label}?`}
          confirmLabel="Remove"
          pendingLabel="Removing…"
          isPending={remove.isPending}
          onConfirm={() => remove.mutate({ id: point.id })}
        />
        {error && (
          <span role="alert" className="inline-error">
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}

type StaticTRPC = ReturnType<typeof useStaticTRPC>;

/** Prog points changed: their list, and every analysis that counts them (the curve, the Night page). */
function refreshProgPoints(queryClient: ReturnType<typeof useQueryClient>, trpc: StaticTRPC) {
  return refreshAnalysisAnd(queryClient, trpc, [trpc.progPoints.pathFilter()]);
}

function ProgPointForm({ encounterId, pulls }: { encounterId: number; pulls: readonly PullRow[] }) {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const phases = phaseOptions(pulls);
  // Start at the furthest phase reached: the next milestone is most likely there.
  const empty: ProgPointDraft = { label: "", phaseIndex: Math.max(0, ...pulls.map((p) => p.phaseIndex ?? 0)), abilityId: "" };
  const [draft, setDraft] = useState(empty);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useNotice();

  const create = useMutation(
    trpc.progPoints.create.mutationOptions({
      onSuccess: (created) => {
        setNotice(`Added ${created?.label ?? "the prog point"}.`);
        setDraft({ ...empty, phaseIndex: draft.phaseIndex });
        return refreshProgPoints(queryClient, trpc);
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    const result = progPointInput(encounterId, draft);
    if ("error" in result) {
      setError(result.error);
      return;
    }
    setError(null);
    create.mutate(result.input);
  }

  return (
    <form className="stack-tight" aria-label="Add a prog point" onSubmit={onSubmit} noValidate>
      <h3>Add a prog point</h3>
      <div className="form-grid">
        <div className="field grow-2">
          <label htmlFor="prog-point-label">Name</label>
          <input
            id="prog-point-label"
            className="input"
            autoComplete="off"
            placeholder="e.g. P3 Towers"
            maxLength={LIMITS.progPointLabel.maxLength}
            value={draft.label}
            aria-invalid={error !== null && draft.label.trim() === ""}
            onChange={(event) => setDraft({ ...draft, label: event.target.value })}
          />
        </div>
        <div className="field grow-2">
          <label htmlFor="prog-point-phase">Phase</label>
          <select
            id="prog-point-phase"
            className="input"
            value={draft.phaseIndex}
            onChange={(event) => setDraft({ ...draft, phaseIndex: Number(event.target.value) })}
          >
            {phases.map((phase) => (
              <option key={phase.value} value={phase.value}>
                {phase.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="prog-point-ability">Ability id (optional)</label>
          <input
            id="prog-point-ability"
            className="input mono"
            inputMode="numeric"
            autoComplete="off"
            placeholder="e.g. 32011"
            value={draft.abilityId}
            onChange={(event) => setDraft({ ...draft, abilityId: event.target.value })}
          />
        </div>
        <button type="submit" className="button primary" disabled={create.isPending}>
          {create.isPending ? "Adding…" : "Add prog point"}
        </button>
      </div>
      <Feedback error={error} notice={notice} />
    </form>
  );
}

/** Another static's prog points, as its grant shows them: read-only. */
export function SharedProgPoints({ reached }: { reached: readonly ProgPointReached[] }) {
  return (
    <section className="section" aria-labelledby="prog-points-heading">
      <h2 id="prog-points-heading">Prog points</h2>
      {reached.length === 0 ? (
        <p className="muted">No prog points set for this encounter.</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table compact" aria-label="Prog points">
            <thead>
              <tr>
                <th scope="col">Prog point</th>
                <th scope="col">Phase</th>
                <th scope="col">Pulls reaching it</th>
                <th scope="col">First reached</th>
              </tr>
            </thead>
            <tbody>
              {reached.map((point) => (
                <tr key={point.id}>
                  <th scope="row">{point.label}</th>
                  <td className="num">{point.phaseIndex}</td>
                  <td className="num">{point.pullsReached}</td>
                  <td>
                    {point.firstReached ? (
                      `Pull ${point.firstReached.pullNumber} · ${formatStamp(point.firstReached.startedAt)}`
                    ) : (
                      <span className="muted">Not yet</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
