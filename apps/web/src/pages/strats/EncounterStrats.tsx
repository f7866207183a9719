import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Strat } from "../../lib/api";
import { errorMessage } from "../../lib/errors";
import { sortByRole } from "../../lib/jobs";
import { draftOfStrat, EMPTY_STRAT } from "../../lib/strats";
import { useStaticTRPC } from "../../lib/trpc";
import { StratForm } from "./StratForm";
import { StratRow } from "./StratRow";
import { TemplatesPanel } from "./TemplatesPanel";

export function EncounterStrats({ encounterId }: { encounterId: number }) {
  const trpc = useStaticTRPC();
  const strats = useQuery(trpc.strats.list.queryOptions({ encounterId }));
  const roster = useQuery(trpc.roster.list.queryOptions());
  const [editing, setEditing] = useState<Strat | null>(null);
  const members = sortByRole(roster.data ?? []);

  return (
    <>
      <StratForm
        encounterId={encounterId}
        initial={editing ? draftOfStrat(editing) : EMPTY_STRAT}
        editingRef={editing?.mechanicRef ?? null}
        existing={strats.data ?? []}
        members={members}
        onDone={() => setEditing(null)}
      />

      <section className="section" aria-labelledby="strats-heading">
        <h2 id="strats-heading">Assignments</h2>
        {strats.isPending && <p className="muted">Loading strats…</p>}
        {strats.isError && (
          <p role="alert" className="error">
            {errorMessage(strats.error)}
          </p>
        )}
        {roster.isError && (
          <p role="alert" className="error">
            Couldn&apos;t load the roster: {errorMessage(roster.error)}
          </p>
        )}
        {strats.data?.length === 0 && (
          <div className="empty-inline">
            <p>No strats for this encounter yet.</p>
            <p className="muted">Add each mechanic above with the role or player who handles it.</p>
          </div>
        )}
        {strats.data && strats.data.length > 0 && (
          <div className="table-wrap">
            <table className="data-table" aria-label="Strats">
              <thead>
                <tr>
                  <th scope="col">Mechanic</th>
                  <th scope="col">Handled by</th>
                  <th scope="col">Notes</th>
                  <th scope="col">Updated</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {strats.data.map((strat) => (
                  <StratRow
                    key={strat.mechanicRef}
                    encounterId={encounterId}
                    strat={strat}
                    isEditing={editing?.mechanicRef === strat.mechanicRef}
                    onEdit={() => setEditing(strat)}
                    onRemoved={() => {
                      if (editing?.mechanicRef === strat.mechanicRef) setEditing(null);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <TemplatesPanel encounterId={encounterId} hasStrats={(strats.data?.length ?? 0) > 0} />
    </>
  );
}
