// The @progboard/ingest/testing entry, for tests, benchmarks and demos: the fake FFLogs server, the
// synthetic report generator, the report file writer and the real fights fixture. Production
// source never imports this folder (eslint.config.js).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RawFight, RawReport } from "../fflogs/schemas";

export {
  GENERATED_ENCOUNTER,
  type GeneratedReport,
  type GenerateReportOptions,
  generateReport,
  mulberry32,
  type WriteReportFileOptions,
  writeReportFile,
} from "../synthetic/generator";
export { type WriteReportDataOptions, writeReportData } from "../synthetic/write-report";
export {
  type FakeFaults,
  type FakeFflogs,
  type FakeFflogsOptions,
  type FakeListing,
  type FakeReport,
  type FakeRequestCounts,
  startFakeFflogs,
} from "./fake-server";

export const FIGHTS_FIXTURE_PATH = fileURLToPath(new URL("../../fixtures/report_pJTWtB8Yj4F1rc9Q_fights.json", import.meta.url));

/** A saved GraphQL response with a savage tier's real values and events (fixtures/README.md). */
export const SAVAGE_TIER_FIXTURE_PATH = fileURLToPath(new URL("../../fixtures/savage-tier.json", import.meta.url));

export interface SavageTierFixture {
  data: { reportData: { report: Record<string, unknown> & { fights: Record<string, unknown>[]; events: { data: Record<string, unknown>[] } } } };
}

/** The savage-tier fixture as stored, to derive variants from: `data.reportData.report`. */
export function readSavageTierFixture(): SavageTierFixture {
  return JSON.parse(readFileSync(SAVAGE_TIER_FIXTURE_PATH, "utf8")) as SavageTierFixture;
}

/** The fixture as stored: `{ data: { reportData: { report: { code, fights } } } }`. */
export function readFightsFixture(): { code: string; fights: unknown[] } {
  const json = JSON.parse(readFileSync(FIGHTS_FIXTURE_PATH, "utf8")) as { data: { reportData: { report: { code: string; fights: unknown[] } } } };
  return json.data.reportData.report;
}

/**
 * The fixture's fights wrapped into a full report (the fixture has only `fights`): the missing
 * report fields are filled with plausible values and an empty masterData.
 */
export function fixtureReport(): RawReport {
  const { code, fights } = readFightsFixture();
  const lastEnd = Math.max(...fights.map((f) => (f as RawFight).endTime));
  return {
    code,
    title: "RPGLogs SDK snapshot (fights only)",
    startTime: Date.UTC(2021, 2, 10, 19, 0, 0),
    endTime: Date.UTC(2021, 2, 10, 19, 0, 0) + lastEnd,
    revision: 1,
    owner: null,
    zone: { id: 26, name: "Castle Nathria" },
    fights: fights as RawFight[],
    masterData: { actors: [], abilities: [] },
  };
}
