// The three endpoints under test, called as a request would: a fresh tRPC context (the dev identity
// lookup) and the procedure (membership check, withTenant, loadAnalysis, the view).
import type postgres from "postgres";
import { ENCOUNTER_ID, type ApiClient } from "./setup";

export type Endpoint = "progCurve" | "sessionReport" | "faultAggregate";
export const ENDPOINTS: Endpoint[] = ["progCurve", "sessionReport", "faultAggregate"];

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
  }
}

/**
 * Forces the next call to analyse afresh: the cache key holds every watched report's ingestion
 * time, so moving one report's `finished_at` by a millisecond (as re-ingesting it would) is a new
 * key. analysisCache.clear() would be the direct way, but @progboard/api does not export it.
 */
export async function invalidate(owner: postgres.Sql, code: string): Promise<void> {
  await owner`update ingestion_ledger set finished_at = finished_at + interval '1 millisecond' where report_code = ${code}`;
}
