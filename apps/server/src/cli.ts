// progboard's command line. `import <file>` ingests a report export file into the database the
// server uses (same configuration: DATABASE_URL, DATA_DIR), with a progress bar, and can watch
// it for a static on behalf of one of its members.
import path from "node:path";
import { parseArgs } from "node:util";
import { watchReport } from "@progboard/api";
import { createDb, users } from "@progboard/db";
import { claimReport, endLeases, IngestError, type IngestProgress, openImportedReportFile, runClaimedReport } from "@progboard/ingest";
import { eq, sql } from "drizzle-orm";
import { EnvError, invocationDir, parseEnv } from "./env";

const USAGE = `Usage: pnpm --filter @progboard/server cli import <file> [--static <id> --as <username>] [--label <text>]

Imports a report export (.json or .jsonl) into the database the server uses (DATABASE_URL, or the
embedded database under DATA_DIR: stop the server first when it is the embedded one).
With --static and --as, the report is also watched by that static, as that member.`;

/**
 * Runs the command; a failure is printed in words (what the Reports tab says), never a query or
 * a stack, and gives exit code 1.
 */
export async function main(argv: string[], out: NodeJS.WriteStream = process.stderr): Promise<number> {
  try {
    return await run(argv, out);
  } catch (error) {
    out.write(`\n${describeCliError(error)}\n`);
    return 1;
  }
}

/** Our own errors carry words; anything else (a database error) could carry SQL and data. */
export function describeCliError(error: unknown): string {
  if (error instanceof IngestError || error instanceof EnvError) return error.message;
  const code = typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? ` (${error.code})` : "";
  return `Import failed on an unexpected error${code} (its details are left out: they may hold the file's data). Run the import again; if it fails again, report it.`;
}

async function run(argv: string[], out: NodeJS.WriteStream): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { static: { type: "string" }, as: { type: "string" }, label: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, given] = positionals;
  const file = given === undefined ? undefined : path.resolve(invocationDir(), given);
  if (values.help || command !== "import" || !file || Boolean(values.static) !== Boolean(values.as)) {
    out.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const staticId = values.static === undefined ? undefined : Number(values.static);
  if (staticId !== undefined && (!Number.isSafeInteger(staticId) || staticId < 1)) {
    out.write(`--static must be a static id (a positive number)\n`);
    return 2;
  }

  const env = parseEnv();
  out.write(`Checking ${file}…\n`);
  // Stored under the file's own key (file:<sha-256>), like an upload: never over FFLogs data.
  const source = await openImportedReportFile(file);
  const report = await source.fetchReport(source.code);
  const pulls = report.fights.filter((f) => f.encounterId > 0).length;
  out.write(`${report.title} (${source.reportCode}, stored as ${report.code}): ${report.fights.length} fights, ${pulls} pulls\n`);

  const db = await createDb({ databaseUrl: env.databaseUrl, migrationUrl: env.migrationDatabaseUrl, dataDir: env.dataDir, timeouts: env.dbTimeouts });
  try {
    if (staticId !== undefined && values.as) {
      const [user] = await db.db
        .select({ id: users.id })
        .from(users)
        .where(eq(sql`lower(${users.username})`, values.as.toLowerCase()));
      if (!user) throw new IngestError(`No user named '${values.as}'`, false);
      const label = values.label?.trim() || source.reportCode;
      // The same chokepoint as the API, bound as the worker does (this command runs with the
      // server's own database access, not a request's): a non-member is refused by app.bind_tenant.
      await db.withWorkerTenant({ userId: user.id, staticId }, (tx) => watchReport(tx, { staticId, userId: user.id, code: report.code, label }));
      out.write(`Watched by static ${staticId}.\n`);
    }
    // The embedded database has one process at a time: what was running died with the last one.
    if (db.kind === "pglite") await endLeases(db);
    // Renewed every 20 s while the import runs (run.ts): an import killed midway blocks the next one
    // for a minute at most.
    const leaseMs = 60_000;
    const claim = await claimReport(db, report.code, leaseMs);
    const outcome = await runClaimedReport(db, claim, source, { leaseMs, maxAttempts: 1, onProgress: (p) => out.write(progressLine(p)) });
    if (outcome.status !== "done")
      throw new IngestError(outcome.status === "stopped" ? "The import stopped before it was done: run it again" : outcome.error, false);
    const { summary } = outcome;
    out.write(
      `${progressLine({ code: report.code, fightsDone: summary.fights, fightsTotal: summary.fights, events: summary.events })}\nDone: ${summary.pulls} pulls, ${summary.events.toLocaleString("en")} events written.\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

function progressLine({ fightsDone, fightsTotal, events }: IngestProgress): string {
  const width = 30;
  const filled = fightsTotal ? Math.round((fightsDone / fightsTotal) * width) : 0;
  return `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${fightsDone}/${fightsTotal} fights, ${events.toLocaleString("en")} events`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`\n${describeCliError(error)}\n`);
      process.exit(1);
    },
  );
}
