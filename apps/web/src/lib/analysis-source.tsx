import { createContext, type ReactNode, useContext } from "react";
import type { Scope } from "../components/AnalysisScope";
import { useStaticTRPC } from "./trpc";

/**
 * Whose analysis the Progress and Analysis views show: the current static's own (analysis.*), or
 * another static's through a grant it gave us (shared.*, read-only, private fields never sent).
 */
export type AnalysisSource = { kind: "own" } | { kind: "grant"; grantId: number; granterName: string };

const SourceContext = createContext<AnalysisSource>({ kind: "own" });

export function AnalysisSourceProvider({ source, children }: { source: AnalysisSource; children: ReactNode }) {
  return <SourceContext value={source}>{children}</SourceContext>;
}

export function useAnalysisSource(): AnalysisSource {
  return useContext(SourceContext);
}

/**
 * The query options of each analysis view for the current source. A grant's views have the
 * owner's types (the grantee's schema is a subset the server enforces), so the views render both.
 */
export function useAnalysisQueries() {
  const trpc = useStaticTRPC();
  const source = useAnalysisSource();
  const a = trpc.analysis;
  const own = {
    encounters: () => a.encounters.queryOptions(),
    sessions: (scope: Scope) => a.sessions.queryOptions(scope),
    pulls: (scope: Scope) => a.pulls.queryOptions(scope),
    progCurve: (scope: Scope) => a.progCurve.queryOptions(scope),
    wipeTypes: (scope: Scope) => a.wipeTypes.queryOptions(scope),
    faultAggregate: (scope: Scope) => a.faultAggregate.queryOptions(scope),
    consistency: (scope: Scope) => a.consistency.queryOptions(scope),
  };
  if (source.kind === "own") return own;
  const s = trpc.shared;
  const grantId = source.grantId;
  // Same data types as the owner's (see above); only the procedure (and so the query key) differs.
  const shared: typeof own = {
    encounters: () => s.encounters.queryOptions({ grantId }),
    sessions: (scope) => s.sessions.queryOptions({ ...scope, grantId }),
    pulls: (scope) => s.pulls.queryOptions({ ...scope, grantId }),
    progCurve: (scope) => s.progCurve.queryOptions({ ...scope, grantId }),
    wipeTypes: (scope) => s.wipeTypes.queryOptions({ ...scope, grantId }),
    faultAggregate: (scope) => s.faultAggregate.queryOptions({ ...scope, grantId }),
    consistency: (scope) => s.consistency.queryOptions({ ...scope, grantId }),
  };
  return shared;
}
