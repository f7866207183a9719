// progboard's command line. `import <file>` ingests a report export file into the database the
// server uses (same configuration: DATABASE_URL, DATA_DIR), with a progress bar, and can watch
// it for a static on behalf of one of its members.
import { parseArgs } from "node:util";
import { createDb, users, watchedReports } from "@progboard/db";
import { claimNext, enqueue, ingestReport, IngestError, markDone, markFailed, openReportFile, type IngestProgress } from "@progboard/ingest";
import { eq, sql } from "drizzle-orm";
import { EnvError, parseEnv } from "./env";

const USAGE = `Usage: pnpm --filter @progboard/server cli import <file> [--static <id> --as <username>] [--label <text>]

Imports a report export (.json or .jsonl) into the database the server uses (DATABASE_URL, or the
embedded database under DATA_DIR: stop the server first when it is the embedded one).
With --static and --as, the report is also watched by that static, as that member.`;

export async function main(argv: string[], out: NodeJS.WriteStream = process.stderr): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { static: { type: "string" }, as: { type: "string" }, label: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, file] = positionals;
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
  const source = await openReportFile(file);
  const report = await source.fetchReport(source.code);
  const pulls = report.fights.filter((f) => f.encounterId > 0).length;
  out.write(`${report.title} (${report.code}): ${report.fights.length} fights, ${pulls} pulls\n`);

  const db = await createDb({ databaseUrl: env.databaseUrl, dataDir: env.dataDir });
  try {
    if (staticId !== undefined && values.as) {
      const [user] = await db.db.select({ id: users.id }).from(users).where(eq(sql`lower(${users.username})`, values.as.toLowerCase()));
      if (!user) throw new IngestError(`No user named '${values.as}'`, false);
      const label = values.label?.trim() || null;
      // The same chokepoint as the API: a non-member is refused by app.bind_tenant.
      await db.withTenant({ userId: user.id, staticId }, async (tx) => {
        await tx.insert(watchedReports).values({ staticId, code: report.code, label, addedBy: user.id }).onConflictDoNothing();
        await tx.execute(sql`select app.request_ingestion(${report.code})`);
      });
      out.write(`Watched by static ${staticId}.\n`);
    }
    await enqueue(db, report.code);
    const claim = await claimNext(db, 30 * 60_000, report.code);
    if (!claim) throw new IngestError(`Report ${report.code} is being fetched right now: try again when it is done`, true);
    try {
      const summary = await ingestReport(db, source, report.code, { onProgress: (p) => out.write(progressLine(p)) });
      await markDone(db, report.code, summary.revision);
      out.write(`${progressLine({ code: report.code, fightsDone: summary.fights, fightsTotal: summary.fights, events: summary.events })}\nDone: ${summary.pulls} pulls, ${summary.events.toLocaleString("en")} events written.\n`);
    } catch (error) {
      await markFailed(db, claim, error, 1);
      throw error;
    }
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
      const known = error instanceof IngestError || error instanceof EnvError;
      process.stderr.write(`\n${known ? error.message : `Import failed: ${String(error)}`}\n`);
      process.exit(1);
    },
  );
}
