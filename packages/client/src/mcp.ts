// progboard's MCP server (issue 17): the main read tools and "watch report", answering with the
// data the API gives, through the typed client with the caller's API key. So a tool sees exactly
// what the key sees (its user's statics, or its one static), and a read-only key is not offered
// watch_report at all (the API would refuse it anyway). Served over stdio by `progboard mcp` and
// over streamable HTTP at /api/mcp (apps/server), both built here.
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { LIMITS } from "@progboard/domain";
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

// Every argument bounded by the LIMITS the API checks: an agent's out-of-range argument is refused
// here, in words, before a request is made.
const id = () => z.number().int().positive().max(LIMITS.id.max);
const staticId = id()
  .optional()
  .describe("The static to ask about (an id from list_statics). Default: the API key's static, or the user's current static.");
const encounterId = id().optional().describe("FFLogs encounter id. Default: the encounter with the most pulls in the static's reports.");
const limit = z
  .number()
  .int()
  .min(1)
  .max(LIMITS.mcpPulls.max)
  .optional()
  .describe(`At most this many pulls, the most recent (default ${LIMITS.mcpPulls.default}).`);
/** A session key ("report:abc123", "night:2026-12-01") or its label. */
const session = (description: string) => z.string().min(1).max(LIMITS.sessionKey.maxLength).optional().describe(description);

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
          report: z.string().min(1).max(LIMITS.reportRef.maxLength).describe("The report's code or FFLogs URL."),
          label: z.string().min(1).max(LIMITS.label.maxLength).optional().describe("A label for the report, e.g. 'Tuesday'."),
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

  /**
   * A tool about one encounter of a static (the one asked for, else the one with the most pulls):
   * `run` gets the caller's client and the encounter; a static without pulls answers NO_PULLS.
   */
  function encounterTool<Extra extends z.ZodRawShape>(
    name: string,
    description: string,
    extra: Extra,
    run: (client: Client, encounter: number, args: z.infer<z.ZodObject<Extra>>) => Promise<unknown>,
  ): void {
    // The SDK validates the arguments against this shape before the callback runs.
    const inputSchema: z.ZodRawShape = { staticId, encounterId, ...extra };
    server.registerTool(name, { description, inputSchema }, (args) =>
      answer(async () => {
        const asked = args as { staticId?: number; encounterId?: number } & z.infer<z.ZodObject<Extra>>;
        const client = clientFor(asked.staticId);
        const encounter = await pickEncounter(client, asked.encounterId);
        if (encounter === null) return NO_PULLS;
        return await run(client, encounter, asked);
      }),
    );
  }

  encounterTool(
    "get_pulls",
    "Every pull of an encounter in the static's reports: pull number, start, duration, kill, phase reached (P3, I2…), boss HP % left, deaths, first death and how it ended (wipe type). Null means not logged (unknown), never zero.",
    { session: session("Only this session: a key such as 'report:abc123' or 'night:2026-12-01', or its label."), limit },
    async (client, encounter, args) => {
      const all = await client.analysis.pulls.query({ encounterId: encounter });
      const pulls = args.session ? all.filter((p) => p.sessionKey === args.session || p.sessionLabel === args.session) : all;
      const shown = pulls.slice(-(args.limit ?? LIMITS.mcpPulls.default));
      return { encounterId: encounter, total: pulls.length, shown: shown.length, pulls: shown };
    },
  );

  encounterTool(
    "get_prog_curve",
    "The prog curve of an encounter: each pull's progress (phase and boss HP), each session's best pull, the best so far, and the static's prog points and when they were first reached.",
    {},
    (client, encounter) => client.analysis.progCurve.query({ encounterId: encounter }),
  );

  encounterTool(
    "get_night",
    "One raid session (by default the latest): the session report (pulls, best pull, deaths, how pulls ended) and its pulls as raiders say them: '12. 4:31 – P3 12.4%'.",
    { session: session("A session key or label; default the latest.") },
    async (client, encounter, args) => {
      const pulls = await client.analysis.pulls.query({ encounterId: encounter });
      const found = args.session ? sessionsOf(pulls).find((s) => s.key === args.session || s.label === args.session) : lastSession(pulls);
      if (!found)
        return { encounterId: encounter, note: args.session ? `No session '${args.session}'` : "No sessions yet", sessions: sessionsOf(pulls) };
      const report = await client.analysis.sessionReport.query({ encounterId: encounter, session: found.key });
      const lines = pulls.filter((p) => p.sessionKey === found.key).map(pullLine);
      return { session: found, lines, report };
    },
  );

  encounterTool(
    "get_wipe_causes",
    "How an encounter's pulls ended: counts per wipe type (reset, mechanic, cascade, attrition, DPS check, unknown) and each pull's type with the reason.",
    {},
    async (client, encounter) => ({ encounterId: encounter, ...(await client.analysis.wipeTypes.query({ encounterId: encounter })) }),
  );

  encounterTool(
    "get_player_consistency",
    "Deaths per eligible pull for each player, per session, with the trend; says 'Insufficient data' when there are too few pulls to tell.",
    {},
    async (client, encounter) => ({ encounterId: encounter, ...(await client.analysis.consistency.query({ encounterId: encounter })) }),
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
  try {
    await server.connect(transport);
    return await transport.handleRequest(request, { parsedBody: body });
  } finally {
    await server.close();
  }
}
