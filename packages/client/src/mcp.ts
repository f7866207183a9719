// progboard's MCP server (issue 17): the main read tools and "watch report", answering with the
// data the API gives, through the typed client with the caller's API key. So a tool sees exactly
// what the key sees (its user's statics, or its one static), and a read-only key is not offered
// watch_report at all (the API would refuse it anyway). Served over stdio by `progboard mcp` and
// over streamable HTTP at /api/mcp (apps/server), both built here.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { type Client, toProgboardError } from "./index";
import { lastSession, pullLine, sessionsOf } from "./lines";

export interface McpOptions {
  /** A client acting with the caller's key, on `staticId` when given (else the key's or default static). */
  clientFor: (staticId: number | undefined) => Client;
  /** The key is read-only: watch_report is left out. */
  readOnly: boolean;
  version?: string;
}

const staticId = z
  .number()
  .int()
  .positive()
  .optional()
  .describe("The static to ask about (an id from list_statics). Default: the API key's static, or the user's current static.");
const encounterId = z
  .number()
  .int()
  .positive()
  .optional()
  .describe("FFLogs encounter id. Default: the encounter with the most pulls in the static's reports.");
const limit = z.number().int().min(1).max(1000).optional().describe("At most this many pulls, the most recent (default 200).");

const json = (data: unknown): CallToolResult => ({ content: [{ type: "text", text: JSON.stringify(data, null, 2) }] });

/** A tool's body, its failures handed back in words (`NOT_FOUND: Static not found`), never thrown. */
async function answer(run: () => Promise<unknown>): Promise<CallToolResult> {
  try {
    return json(await run());
  } catch (error) {
    const { code, message } = toProgboardError(error);
    return { isError: true, content: [{ type: "text", text: `${code}: ${message}` }] };
  }
}

/** The encounter asked for, else the one with the most pulls; null when the static has none. */
export async function pickEncounter(client: Client, asked: number | undefined): Promise<number | null> {
  if (asked !== undefined) return asked;
  const encounters = await client.analysis.encounters.query();
  return [...encounters].sort((a, b) => b.pulls - a.pulls)[0]?.encounterId ?? null;
}

const NO_PULLS = { pulls: [], note: "This static has no pulls yet: watch or import a report first." };

export function createMcpServer({ clientFor, readOnly, version = "1.0.0" }: McpOptions): McpServer {
  const server = new McpServer({ name: "progboard", version });

  server.registerTool(
    "list_statics",
    {
      description:
        "The raid statics (fixed FFXIV raid groups) this API key can see, with their ids and member counts. Use an id as `staticId` in the other tools.",
      inputSchema: {},
    },
    () =>
      answer(async () => {
        const me = await clientFor(undefined).me.get.query();
        return { currentStaticId: me.currentStaticId, statics: me.statics, key: me.apiKey };
      }),
  );

  server.registerTool(
    "list_reports",
    {
      description:
        "The FFLogs reports a static watches: code, label, ingestion status (queued, running, done, failed), pulls, and what went wrong if anything.",
      inputSchema: { staticId },
    },
    (args) => answer(() => clientFor(args.staticId).watchedReports.list.query()),
  );

  if (!readOnly) {
    server.registerTool(
      "watch_report",
      {
        description:
          "Makes a static watch an FFLogs report (its code, or its https://www.fflogs.com/reports/… URL); progboard then fetches its fights and events. Changes data: only when the user asks.",
        inputSchema: {
          staticId,
          report: z.string().min(1).max(500).describe("The report's code or FFLogs URL."),
          label: z.string().min(1).max(100).optional().describe("A label for the report, e.g. 'Tuesday'."),
          live: z.boolean().optional().describe("Fetch it again every few minutes while the raid is still logging."),
        },
      },
      (args) =>
        answer(() =>
          clientFor(args.staticId).watchedReports.add.mutate({
            report: args.report,
            ...(args.label === undefined ? {} : { label: args.label }),
            ...(args.live === undefined ? {} : { live: args.live }),
          }),
        ),
    );
  }

  server.registerTool(
    "get_pulls",
    {
      description:
        "Every pull of an encounter in the static's reports: pull number, start, duration, kill, phase reached (P3, I2…), boss HP % left, deaths, first death and how it ended (wipe type). Null means not logged (unknown), never zero.",
      inputSchema: {
        staticId,
        encounterId,
        session: z.string().max(100).optional().describe("Only this session: a key such as 'report:abc123' or 'night:2026-12-01', or its label."),
        limit,
      },
    },
    (args) =>
      answer(async () => {
        const client = clientFor(args.staticId);
        const encounter = await pickEncounter(client, args.encounterId);
        if (encounter === null) return NO_PULLS;
        const all = await client.analysis.pulls.query({ encounterId: encounter });
        const pulls = args.session ? all.filter((p) => p.sessionKey === args.session || p.sessionLabel === args.session) : all;
        const shown = pulls.slice(-(args.limit ?? 200));
        return { encounterId: encounter, total: pulls.length, shown: shown.length, pulls: shown };
      }),
  );

  server.registerTool(
    "get_prog_curve",
    {
      description:
        "The prog curve of an encounter: each pull's progress (phase and boss HP), each session's best pull, the best so far, and the static's prog points and when they were first reached.",
      inputSchema: { staticId, encounterId },
    },
    (args) =>
      answer(async () => {
        const client = clientFor(args.staticId);
        const encounter = await pickEncounter(client, args.encounterId);
        if (encounter === null) return NO_PULLS;
        return await client.analysis.progCurve.query({ encounterId: encounter });
      }),
  );

  server.registerTool(
    "get_night",
    {
      description:
        "One raid session (by default the latest): the session report (pulls, best pull, deaths, how pulls ended) and its pulls as raiders say them: '12. 4:31 – P3 12.4%'.",
      inputSchema: { staticId, encounterId, session: z.string().max(100).optional().describe("A session key or label; default the latest.") },
    },
    (args) =>
      answer(async () => {
        const client = clientFor(args.staticId);
        const encounter = await pickEncounter(client, args.encounterId);
        if (encounter === null) return NO_PULLS;
        const pulls = await client.analysis.pulls.query({ encounterId: encounter });
        const session = args.session ? sessionsOf(pulls).find((s) => s.key === args.session || s.label === args.session) : lastSession(pulls);
        if (!session)
          return { encounterId: encounter, note: args.session ? `No session '${args.session}'` : "No sessions yet", sessions: sessionsOf(pulls) };
        const report = await client.analysis.sessionReport.query({ encounterId: encounter, session: session.key });
        const lines = pulls.filter((p) => p.sessionKey === session.key).map(pullLine);
        return { session, lines, report };
      }),
  );

  server.registerTool(
    "get_wipe_causes",
    {
      description:
        "How an encounter's pulls ended: counts per wipe type (reset, mechanic, cascade, attrition, DPS check, unknown) and each pull's type with the reason.",
      inputSchema: { staticId, encounterId },
    },
    (args) =>
      answer(async () => {
        const client = clientFor(args.staticId);
        const encounter = await pickEncounter(client, args.encounterId);
        if (encounter === null) return NO_PULLS;
        return { encounterId: encounter, ...(await client.analysis.wipeTypes.query({ encounterId: encounter })) };
      }),
  );

  server.registerTool(
    "get_player_consistency",
    {
      description:
        "Deaths per eligible pull for each player, per session, with the trend; says 'Insufficient data' when there are too few pulls to tell.",
      inputSchema: { staticId, encounterId },
    },
    (args) =>
      answer(async () => {
        const client = clientFor(args.staticId);
        const encounter = await pickEncounter(client, args.encounterId);
        if (encounter === null) return NO_PULLS;
        return { encounterId: encounter, ...(await client.analysis.consistency.query({ encounterId: encounter })) };
      }),
  );

  return server;
}

/**
 * One streamable-HTTP MCP request, stateless (no session: each POST is answered on its own, in
 * JSON), with a server made for this caller's key. `body` is the request's JSON, read (and capped)
 * by the HTTP layer.
 */
export async function handleMcpHttp(request: Request, body: unknown, options: McpOptions): Promise<Response> {
  const server = createMcpServer(options);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request, { parsedBody: body });
  } finally {
    await server.close();
  }
}
