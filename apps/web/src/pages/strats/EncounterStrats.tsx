import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { QueryRows, RowTable } from "../../components/QueryRows";
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
        {roster.isError && (
          <p role="alert" className="error">
            Couldn&apos;t load the roster: {errorMessage(roster.error)}
          </p>
        )}
        <QueryRows
          query={strats}
          loading="Loading strats…"
          empty={
            <div className="empty-inline">
              <p>No strats for this encounter yet.</p>
              <p className="muted">Add each mechanic above with the role or player who handles it.</p>
            </div>
          }
        >
          {(rows) => (
            <RowTable label="Strats" columns={["Mechanic", "Handled by", "Notes", "Updated"]} actions>
              {rows.map((strat) => (
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
            </RowTable>
          )}
        </QueryRows>
      </section>

      <TemplatesPanel encounterId={encounterId} hasStrats={(strats.data?.length ?? 0) > 0} />
    </>
  );
}
