// The import command: a report file into the embedded database, watched for a static.
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createDb, createStaticAs, queryRows, users } from "@progboard/db";
import { credentialOf } from "@progboard/db/testing";
import { fileReportCode } from "@progboard/domain";
import { claimReport } from "@progboard/ingest";
import { readSavageTierFixture, writeReportFile } from "@progboard/ingest/testing";
import { sql } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { main } from "./cli";

function capture() {
  let text = "";
  const stream = { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

describe("cli import", () => {
  // Three embedded databases opened in turn, and a whole import: slow on a busy machine.
  it("imports a report file with a progress bar and watches it for a static, even after an import of it was killed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "progboard-cli-"));
    const file = path.join(dir, "night.jsonl");
    await writeReportFile(file, { seed: 9, code: "CliTest00000001", pulls: 8, eventsPerPull: 100, format: "jsonl" });
    const dataDir = path.join(dir, "data");
    // main() reads its configuration from the environment, as the CLI run by hand does.
    vi.stubEnv("DATA_DIR", dataDir);

    // A member and their static, as the server would have made them.
    const setup = await createDb({ dataDir });
    const [user] = await setup.authDb
      .insert(users)
      .values({ username: "ryo", displayName: "Ryo", email: "ryo@test.invalid", emailCanonical: "ryo@test.invalid" })
      .returning();
    if (!user) throw new Error("seed failed");
    const group = { id: await createStaticAs(setup.db, await credentialOf(setup, user.id), "Ryo's static") };
    // An earlier import of the same file that was killed midway: its claim is still "running".
    await claimReport(setup, fileReportCode(createHash("sha256").update(readFileSync(file)).digest("hex")), 30 * 60_000);
    await setup.close();

    const usage = capture();
    expect(await main(["import"], usage.stream)).toBe(2);
    expect(usage.text()).toContain("Usage: pnpm --filter @progboard/server cli import <file>");

    const out = capture();
    expect(await main(["import", file, "--static", String(group.id), "--as", "ryo", "--label", "From the CLI"], out.stream)).toBe(0);
    expect(out.text()).toContain("8/8 fights");
    expect(out.text()).toMatch(/Done: 8 pulls, [\d,]+ events written/);

    const check = await createDb({ dataDir });
    try {
      const [row] = await queryRows<{ status: string; fights: number }>(
        check.db,
        sql`select l.status, (select count(*)::int from fights f where f.report_code = l.report_code) as fights from ingestion_ledger l where starts_with(l.report_code, 'file:')`,
      );
      expect(row).toEqual({ status: "done", fights: 8 });
    } finally {
      await check.close();
      vi.unstubAllEnvs();
    }
  }, 120_000);

  it("prints a refused file's reason in words, naming the file and the field, never a query (case 2)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "progboard-cli-"));
    vi.stubEnv("DATA_DIR", path.join(dir, "data"));
    const fixture = readSavageTierFixture();
    const events = fixture.data.reportData.report.events.data;
    events[16] = { ...events[16], amount: 2 ** 31 };
    const file = path.join(dir, "night.json");
    writeFileSync(file, JSON.stringify(fixture));
    const out = capture();
    try {
      expect(await main(["import", file], out.stream)).toBe(1);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(out.text()).toMatch(/night\.json is not an events page: data\.reportData\.report\.events\.data\[16\]\.amount: 2147483648 is outside/);
    expect(out.text()).not.toMatch(/insert|select|Failed query/i);
  });
});
