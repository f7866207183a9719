// The endpoints under test, called as a request would: a fresh tRPC context (the dev identity
// lookup) and the procedure (membership check, withTenant, loadAnalysis, the view).
import type postgres from "postgres";
import { type ApiClient, ENCOUNTER_ID } from "./setup";

export type Endpoint = "progCurve" | "sessionReport" | "faultAggregate" | "night" | "mistakes";
export const ENDPOINTS: Endpoint[] = ["progCurve", "sessionReport", "faultAggregate", "night", "mistakes"];

/** Calls one endpoint with the web app's scope (the whole encounter, no report code, no dates). */
export async function callEndpoint(client: ApiClient, endpoint: Endpoint, session: string): Promise<unknown> {
  const api = await client.caller();
  const scope = { encounterId: ENCOUNTER_ID };
  switch (endpoint) {
    case "progCurve":
      return api.analysis.progCurve(scope);
    case "sessionReport":
      return api.analysis.sessionReport({ ...scope, session });
    case "faultAggregate":
      return api.analysis.faultAggregate(scope);
    case "night":
      return api.analysis.night({ ...scope, session });
    case "mistakes":
      return api.analysis.mistakes(scope);
  }
}

/** A cold start: the next call reads every report's events and prepares everything afresh. */
export function coldStart(client: ApiClient): void {
  client.deps.analysisCache.clear();
}

/**
 * What re-ingesting one report does: moving its `finished_at` by a millisecond is a new key for
 * that report's digests (and for the static's analysis); the other reports' digests stay cached.
 */
export async function invalidate(owner: postgres.Sql, code: string): Promise<void> {
  await owner`update ingestion_ledger set finished_at = finished_at + interval '1 millisecond' where report_code = ${code}`;
}
