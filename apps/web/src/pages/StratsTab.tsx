import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "../components/Feedback";
import { useStaticTRPC } from "../lib/trpc";
import { EncounterPicker } from "./strats/EncounterPicker";
import { EncounterStrats } from "./strats/EncounterStrats";

export function StratsTab({ staticName }: { staticName: string }) {
  const trpc = useStaticTRPC();
  const encounters = useQuery(trpc.strats.encounters.queryOptions());
  const [chosen, setChosen] = useState<number | null>(null);
  const encounterId = chosen ?? encounters.data?.[0]?.encounterId ?? null;

  return (
    <div className="page">
      <div className="page-header">
        <h1>Strats</h1>
        <p className="muted">
          Who handles which mechanic in <strong className="static-name">{staticName}</strong>, per encounter, so a wipe can be traced to the right
          role or player.
        </p>
      </div>

      {encounters.isPending && <p className="muted">Loading encounters…</p>}
      {encounters.isError && <QueryError error={encounters.error} onRetry={() => encounters.refetch()} />}
      {encounters.data && <EncounterPicker encounters={encounters.data} value={encounterId} onChange={setChosen} />}
      {encounterId !== null && <EncounterStrats key={encounterId} encounterId={encounterId} />}
    </div>
  );
}
