// `progboard`: the command line over @progboard/client, acting with an API key exactly as the
// key's user would (and no more). Reads print for people, or JSON with --json for scripts;
// failures print the server's words on stderr and exit with a documented code (config.ts EXIT).
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { type Client, createClient, type ProgboardError, toProgboardError } from "../index";
import { lastSession, pullLine, sessionsOf } from "../lines";
import { createMcpServer, pickEncounter } from "../mcp";
import { CliError, type Config, configFile, EXIT, readConfig, removeConfig, writeConfig } from "./config";

export const USAGE = `Usage: progboard <command> [options]

  login --url <url> --key <key>    check the key against the server and remember both
  logout                           forget them
  statics list                     your statics (* marks the one in use)
  use <static>                     act on this static (its id or name) from now on
  reports list                     the reports the static watches, with their status
  reports watch <code-or-url>      watch an FFLogs report [--label <text>] [--live]
  reports import <file>            upload a report file (.json / .jsonl) and wait for it [--wait <seconds>]
  pulls [--encounter <id>] [--session <key-or-label>]
                                   every pull, one line each
  night [<session>]                a raid night's pulls (default the latest)
  mcp                              serve the MCP tools over stdio (for an assistant)

Options: --json (reads print JSON), --static <id> (this call only), --url/--key (instead of
the saved login). Exit codes: 0 ok, 1 refused or failed, 2 usage, 3 key refused, 4 not found,
5 forbidden for this key, 6 server unreachable.`;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Progress bars go here when it is a terminal; tests pass a recorder. */
  progress: (text: string) => void;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  progress: (text) => process.stderr.write(text),
};

/** Runs one command line; returns the exit code. Never throws. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    const [message, code] = describe(error);
    io.err(`${message}\n`);
    return code;
  }
}

function describe(error: unknown): [string, number] {
  if (error instanceof CliError) return [error.message, error.exitCode];
  const failure = toProgboardError(error);
  return [failure.message, exitCodeOf(failure)];
}

function exitCodeOf(error: ProgboardError): number {
  switch (error.code) {
    case "UNAUTHORIZED":
      return EXIT.unauthorized;
    case "NOT_FOUND":
      return EXIT.notFound;
    case "FORBIDDEN":
      return EXIT.forbidden;
    case "UNREACHABLE":
      return EXIT.unreachable;
    default:
      return EXIT.failed;
  }
}

const OPTIONS = {
  url: { type: "string" },
  key: { type: "string" },
  static: { type: "string" },
  json: { type: "boolean" },
  encounter: { type: "string" },
  session: { type: "string" },
  label: { type: "string" },
  live: { type: "boolean" },
  wait: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

async function run(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n\n${USAGE}`, EXIT.usage);
  }
  const { values, positionals } = parsed;
  const [command, sub, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    io.out(`${USAGE}\n`);
    return values.help || command === "help" ? EXIT.ok : EXIT.usage;
  }

  switch (command) {
    case "login":
      return login(values, io);
    case "logout":
      await removeConfig();
      io.out("Logged out.\n");
      return EXIT.ok;
    case "statics":
      if (sub !== "list") break;
      return staticsList(await session(values), values, io);
    case "use":
      if (sub === undefined || rest.length) break;
      return use(await session(values), sub, io);
    case "reports":
      if (sub === "list" && !rest.length) return reportsList(await session(values), values, io);
      if (sub === "watch" && rest.length === 1 && rest[0]) return reportsWatch(await session(values), rest[0], values, io);
      if (sub === "import" && rest.length === 1 && rest[0]) return reportsImport(await session(values), rest[0], values, io);
      break;
    case "pulls":
      if (sub !== undefined) break;
      return pulls(await session(values), values, io);
    case "night":
      if (rest.length) break;
      return night(await session(values), sub, values, io);
    case "mcp":
      if (sub !== undefined) break;
      return mcp(await session(values), io);
  }
  throw new CliError(`Unknown command: progboard ${positionals.join(" ")}\n\n${USAGE}`, EXIT.usage);
}

interface Session {
  config: Config;
  client: Client;
}

function staticOption(values: Values): number | undefined {
  if (values.static === undefined) return undefined;
  const id = Number(values.static);
  if (!Number.isSafeInteger(id) || id < 1) throw new CliError("--static must be a static id (a positive number)", EXIT.usage);
  return id;
}

/** The saved login, or --url and --key, and a client on the chosen static. */
async function session(values: Values): Promise<Session> {
  const saved = await readConfig();
  const url = values.url ?? saved?.url;
  const key = values.key ?? saved?.key;
  if (!url || !key) throw new CliError("Not logged in: run `progboard login --url <server> --key <API key>` first", EXIT.usage);
  const config: Config = { url, key, staticId: staticOption(values) ?? saved?.staticId ?? null };
  return { config, client: createClient({ url, apiKey: key, staticId: config.staticId ?? undefined }) };
}

async function login(values: Values, io: Io): Promise<number> {
  if (!values.url || !values.key) throw new CliError("Usage: progboard login --url <server> --key <API key>", EXIT.usage);
  let url: string;
  try {
    url = new URL(values.url).origin;
  } catch {
    throw new CliError(`${values.url} is not a URL (e.g. https://progboard.example.org)`, EXIT.usage);
  }
  const me = await createClient({ url, apiKey: values.key }).me.get.query();
  await writeConfig({ url, key: values.key, staticId: null });
  const scope = me.apiKey?.staticId != null ? `limited to ${staticName(me.statics, me.apiKey.staticId)}` : "for all your statics";
  io.out(`Logged in to ${url} as ${me.user.username}: key ${scope}${me.apiKey?.readOnly ? ", read-only" : ""}. Saved in ${configFile()}.\n`);
  return EXIT.ok;
}

const staticName = (statics: { id: number; name: string }[], id: number) => {
  const found = statics.find((s) => s.id === id);
  return found ? `${found.name} (${id})` : `static ${id}`;
};

async function staticsList({ client }: Session, values: Values, io: Io): Promise<number> {
  const me = await client.me.get.query();
  if (values.json) return printJson(io, { currentStaticId: me.currentStaticId, statics: me.statics });
  if (!me.statics.length) io.out("You are in no static yet.\n");
  for (const s of me.statics)
    io.out(`${s.id === me.currentStaticId ? "*" : " "} ${String(s.id).padStart(4)}  ${s.name}  (${s.memberCount} members)\n`);
  return EXIT.ok;
}

async function use({ config, client }: Session, wanted: string, io: Io): Promise<number> {
  const statics = await client.statics.list.query();
  const byId = /^\d+$/.test(wanted) ? statics.find((s) => s.id === Number(wanted)) : undefined;
  const matches = byId ? [byId] : statics.filter((s) => s.name.toLowerCase() === wanted.trim().toLowerCase());
  if (matches.length > 1) throw new CliError(`Several of your statics are named '${wanted}': use its id (progboard statics list)`, EXIT.usage);
  const chosen = matches[0];
  if (!chosen) throw new CliError(`No static '${wanted}' among yours (progboard statics list)`, EXIT.notFound);
  await writeConfig({ ...config, staticId: chosen.id });
  io.out(`Using ${chosen.name} (${chosen.id}).\n`);
  return EXIT.ok;
}

async function reportsList({ client }: Session, values: Values, io: Io): Promise<number> {
  const reports = await client.watchedReports.list.query();
  if (values.json) return printJson(io, reports);
  if (!reports.length) io.out("This static watches no reports yet.\n");
  for (const r of reports) {
    const status = r.ingestion?.status ?? "not fetched";
    const detail = r.ingestion?.status === "failed" && r.ingestion.error ? `: ${r.ingestion.error}` : "";
    const pullCount = r.ingestion ? `  ${r.ingestion.pulls} pulls` : "";
    io.out(`${r.code}  ${r.label ?? "(no label)"}  ${status}${detail}${pullCount}${r.live ? "  live" : ""}\n`);
  }
  return EXIT.ok;
}

async function reportsWatch({ client }: Session, ref: string, values: Values, io: Io): Promise<number> {
  const added = await client.watchedReports.add.mutate({
    report: ref,
    ...(values.label === undefined ? {} : { label: values.label }),
    ...(values.live === undefined ? {} : { live: values.live }),
  });
  io.out(`Watching ${added.code}${added.label ? ` (${added.label})` : ""}.\n`);
  return EXIT.ok;
}

function bar(done: number, total: number): string {
  const width = 30;
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function reportsImport({ config, client }: Session, file: string, values: Values, io: Io): Promise<number> {
  const waitSeconds = waitOption(values);
  const size = await stat(file).then(
    (s) => s.size,
    () => {
      throw new CliError(`Cannot read ${file}`, EXIT.usage);
    },
  );
  let sent = 0;
  const stream = createReadStream(file);
  stream.on("data", (chunk) => {
    sent += chunk.length;
    io.progress(`\rUploading ${bar(sent, size)} ${mb(sent)} of ${mb(size)}`);
  });
  const query = new URLSearchParams({ name: path.basename(file), ...(values.label ? { label: values.label } : {}) });
  const headers: Record<string, string> = {
    authorization: `Bearer ${config.key}`,
    "content-type": "application/octet-stream",
    "content-length": String(size),
    "x-progboard-import": "1",
  };
  if (config.staticId !== null) headers["x-static-id"] = String(config.staticId);
  let response: Response;
  try {
    response = await fetch(`${config.url}/api/import?${query.toString()}`, {
      method: "POST",
      headers,
      body: Readable.toWeb(stream),
      duplex: "half",
    });
  } catch (error) {
    throw new CliError(`No answer from ${config.url}: ${(error as Error).message}`, EXIT.unreachable);
  }
  io.progress("\n");
  const body = (await response.json().catch(() => null)) as { code?: string; title?: string; pulls?: number; error?: { message?: string } } | null;
  if (!response.ok || !body?.code) {
    const message = body?.error?.message ?? `The server answered ${response.status}`;
    const code =
      response.status === 401 ? EXIT.unauthorized : response.status === 404 ? EXIT.notFound : response.status === 403 ? EXIT.forbidden : EXIT.failed;
    throw new CliError(message, code);
  }
  const code = body.code;
  if (waitSeconds === 0) {
    if (values.json) return printJson(io, { code, title: body.title ?? null, status: "uploaded" });
    io.out(`Uploaded ${body.title ?? code} (${code}): the server ingests it; \`progboard reports list\` shows how far it is.\n`);
    return EXIT.ok;
  }
  // Ingestion runs on the server: follow it in the Reports list until it is done or failed, for
  // --wait seconds at the most (a server whose worker is off would otherwise be followed forever).
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const report = (await client.watchedReports.list.query()).find((r) => r.code === code);
    if (!report) throw new CliError("The report is no longer watched by this static", EXIT.failed);
    const ingestion = report.ingestion;
    const done = ingestion?.fightsDone ?? 0;
    io.progress(`\rIngesting ${bar(done, ingestion?.fightsTotal ?? 0)} ${done}/${ingestion?.fightsTotal ?? "?"} fights`);
    if (ingestion?.status === "done") {
      io.progress("\n");
      if (values.json) return printJson(io, report);
      io.out(`Imported ${body.title ?? code}: ${ingestion.pulls} pulls (${code}).\n`);
      return EXIT.ok;
    }
    if (ingestion?.status === "failed") {
      io.progress("\n");
      throw new CliError(ingestion.error ?? "The import failed", EXIT.failed);
    }
    if (Date.now() >= deadline) {
      io.progress("\n");
      throw new CliError(
        `Still ingesting after ${waitSeconds} s (${ingestion?.fightsDone ?? "?"}/${ingestion?.fightsTotal ?? "?"} fights): it goes on on the server; \`progboard reports list\` shows how far it is`,
        EXIT.failed,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** How long `reports import` follows the server's ingestion: 30 minutes unless --wait says (0: not at all). */
export const IMPORT_WAIT = { defaultSeconds: 1800, maxSeconds: 86_400 } as const;

function waitOption(values: Values): number {
  if (values.wait === undefined) return IMPORT_WAIT.defaultSeconds;
  const seconds = Number(values.wait);
  if (!Number.isSafeInteger(seconds) || seconds < 0 || seconds > IMPORT_WAIT.maxSeconds)
    throw new CliError(`--wait must be a number of seconds from 0 to ${IMPORT_WAIT.maxSeconds}`, EXIT.usage);
  return seconds;
}

function encounterOption(values: Values): number | undefined {
  if (values.encounter === undefined) return undefined;
  const id = Number(values.encounter);
  if (!Number.isSafeInteger(id) || id < 1) throw new CliError("--encounter must be an encounter id (a positive number)", EXIT.usage);
  return id;
}

async function encounterPulls(client: Client, values: Values) {
  const encounter = await pickEncounter(client, encounterOption(values));
  return encounter === null ? [] : client.analysis.pulls.query({ encounterId: encounter });
}

async function pulls({ client }: Session, values: Values, io: Io): Promise<number> {
  const all = await encounterPulls(client, values);
  const chosen = values.session ? all.filter((p) => p.sessionKey === values.session || p.sessionLabel === values.session) : all;
  if (values.json) return printJson(io, chosen);
  if (!chosen.length) io.out(values.session ? `No pulls in session '${values.session}'.\n` : "No pulls yet.\n");
  for (const pull of chosen) io.out(`${pullLine(pull)}\n`);
  return EXIT.ok;
}

async function night({ client }: Session, wanted: string | undefined, values: Values, io: Io): Promise<number> {
  const all = await encounterPulls(client, values);
  const session = wanted === undefined ? lastSession(all) : sessionsOf(all).find((s) => s.key === wanted || s.label === wanted);
  if (!session) {
    if (wanted === undefined) throw new CliError("No pulls yet: watch or import a report first", EXIT.notFound);
    const known = sessionsOf(all)
      .map((s) => s.label)
      .join(", ");
    throw new CliError(`No session '${wanted}'${known ? ` (sessions: ${known})` : ""}`, EXIT.notFound);
  }
  const lines = all.filter((p) => p.sessionKey === session.key);
  if (values.json) return printJson(io, { session, pulls: lines });
  io.out(`${session.label}: ${lines.length} pulls\n`);
  for (const pull of lines) io.out(`${pullLine(pull)}\n`);
  return EXIT.ok;
}

async function mcp({ config }: Session, io: Io): Promise<number> {
  // Check the key first: a refused key stops here, in words, before the assistant is told anything.
  const me = await createClient({ url: config.url, apiKey: config.key }).me.get.query();
  const server = createMcpServer({
    readOnly: me.apiKey?.readOnly ?? false,
    clientFor: (staticId) => createClient({ url: config.url, apiKey: config.key, staticId: staticId ?? config.staticId ?? undefined }),
  });
  await server.connect(new StdioServerTransport());
  io.err(`progboard MCP server on stdio, as ${me.user.username}\n`);
  // Serve until the assistant closes stdin.
  await new Promise<void>((resolve) => process.stdin.once("close", resolve).once("end", resolve));
  await server.close();
  return EXIT.ok;
}

function printJson(io: Io, data: unknown): number {
  io.out(`${JSON.stringify(data, null, 2)}\n`);
  return EXIT.ok;
}
