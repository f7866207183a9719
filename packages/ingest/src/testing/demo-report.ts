// `pnpm demo-report`: a synthetic report file to try progboard with, no FFLogs account needed.
// The file is the only thing written to stdout (so `> night.jsonl` and pipes get a clean file);
// the summary and errors go to stderr.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateReport } from "../synthetic/generator";
import { writeReportData } from "../synthetic/write-report";
import { invocationDir } from "./env";

const USAGE = `Usage: pnpm demo-report [--pulls <n>] [--nights <n>] [--seed <n>] [--events-per-pull <n>] [--out <file>]

Writes a synthetic FFLogs report (eight players progging a fictional ultimate, ending in one kill)
as a JSON Lines report file on stdout, ready for the Reports tab's "Import a report file" or
\`pnpm --filter @progboard/server cli import\`. The same options give the same report.

  --pulls <n>            boss pulls (default 300)
  --nights <n>           raid nights to spread them over, at most --pulls
                         (default: a new night whenever one has run three hours)
  --seed <n>             which report: another seed, another prog and report code (default 1)
  --events-per-pull <n>  average events per pull (default 400)
  --out <file>           write to this file instead of stdout (.jsonl or .ndjson: JSON Lines,
                         any other name: one JSON document)
  -h, --help             show this text

Example: pnpm demo-report --pulls 300 --nights 6 > night.jsonl`;

export interface DemoReportIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** What a relative --out is taken from. */
  cwd: string;
}

class UsageError extends Error {}

/** A whole number from `min` up (undefined when not given), or a UsageError naming the option. */
function count(name: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min)
    throw new UsageError(`--${name} must be a whole number${min > 0 ? ` of at least ${min}` : ""}, not "${text}"`);
  return value;
}

export async function main(argv: string[], io: DemoReportIo): Promise<number> {
  let options: { pulls: number; nights: number | undefined; seed: number; eventsPerPull: number; out: string | undefined };
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        pulls: { type: "string" },
        nights: { type: "string" },
        seed: { type: "string" },
        "events-per-pull": { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (values.out === "") throw new UsageError("--out needs a file name");
    const pulls = count("pulls", values.pulls, 1) ?? 300;
    const nights = count("nights", values.nights, 1);
    if (nights !== undefined && nights > pulls)
      throw new UsageError(`--nights must be at most --pulls (${pulls}): every night has at least one pull`);
    options = {
      pulls,
      nights,
      seed: count("seed", values.seed, 0) ?? 1,
      eventsPerPull: count("events-per-pull", values["events-per-pull"], 1) ?? 400,
      out: values.out === undefined ? undefined : resolve(io.cwd, values.out),
    };
    // Megabytes of JSON scrolling past help nobody.
    if (options.out === undefined && io.stdout.isTTY)
      throw new UsageError("stdout is a terminal: redirect it to a file (> night.jsonl) or use --out <file>");
  } catch (error) {
    // parseArgs' own errors (unknown option, missing value) are already in words.
    const known = error instanceof UsageError || (error instanceof Error && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"));
    if (!known) throw error;
    io.stderr.write(`${error.message}\nRun pnpm demo-report --help for the options.\n`);
    return 2;
  }

  const generated = generateReport({ seed: options.seed, pulls: options.pulls, nights: options.nights, eventsPerPull: options.eventsPerPull });
  try {
    await writeReportData(options.out ?? io.stdout, generated);
  } catch (error) {
    // The reader went away (`| head`): it has what it wanted.
    if (error instanceof Error && "code" in error && error.code === "EPIPE") return 0;
    throw error;
  }
  const { report } = generated;
  const nights = nightCount(report.fights);
  io.stderr.write(
    `${report.title}, report ${report.code}: ${generated.pulls} pulls over ${nights} night${nights === 1 ? "" : "s"}, written to ${options.out ?? "stdout"}\n`,
  );
  return 0;
}

/** Nights as the generator makes them: pulls more than 12 hours apart are on different nights. */
function nightCount(fights: readonly { startTime: number; endTime: number }[]): number {
  let nights = fights.length > 0 ? 1 : 0;
  for (let i = 1; i < fights.length; i++) if ((fights[i]?.startTime ?? 0) - (fights[i - 1]?.endTime ?? 0) > 12 * 3600_000) nights++;
  return nights;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // pnpm runs the script in packages/ingest; INIT_CWD is where pnpm was started (the repository
  // root, through the root's `pnpm demo-report`).
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: invocationDir() }).then(
    // Not process.exit(): that could cut off what is still on its way into a pipe.
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`demo-report failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
