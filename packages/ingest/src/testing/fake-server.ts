// A local stand-in for FFLogs (tests and benchmarks; there is no internet here): a real node:http
// server with the OAuth token endpoint and the GraphQL endpoint, answering exactly the two
// operations our client sends (matched by operation name, read from `variables`). Events are split
// into streams and paged like FFLogs does (../fflogs/streams.ts), with programmable faults.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ReportOwner } from "../fflogs/client";
import { EVENTS_OPERATION, REPORT_OPERATION, REPORTS_OPERATION } from "../fflogs/queries";
import type { RawEvent, RawReport, RawReportData } from "../fflogs/schemas";
import { friendlyActorIds, paginate, splitStreams, streamQueryFor } from "../fflogs/streams";
import type { EventStream } from "../types";

export interface FakeReport {
  /** Served as-is (FFLogs-shaped; fixtures may lack fields the client requires, which is the point). */
  report: RawReport | (Record<string, unknown> & { code: string });
  events?: RawReportData["events"];
}

/** A report as a guild's or user's list shows it (reportData.reports). */
export interface FakeListing {
  owner: ReportOwner;
  /** Served as-is: a hostile listing may carry any fields (a bad code, no startTime), which is the point. */
  report:
    | {
        code: string;
        title?: string;
        startTime: number;
        endTime: number;
        zone?: { id: number; name: string } | null;
        fights?: { encounterID: number }[];
      }
    | Record<string, unknown>;
}

export interface FakeFaults {
  /** The next `times` GraphQL requests answer HTTP 429 with this pointsResetIn (seconds). */
  rateLimit?: { times: number; pointsResetIn: number };
  /** The next `times` GraphQL requests answer HTTP `status` (default 500). */
  serverError?: { times: number; status?: number };
  /** The next `times` matching GraphQL requests answer 200 with a payload of the wrong shape (or not JSON). */
  malformed?: { times: number; on?: "report" | "events"; kind?: "shape" | "json" };
  /** The next `times` GraphQL requests answer 401 as if the token had been revoked. */
  unauthorized?: { times: number };
  /** Every response (token and GraphQL) waits this long first. */
  delayMs?: number;
  /** The next `times` reports requests answer this many listings in one page, whatever `limit` asked. */
  oversizedList?: { times: number; items: number };
}

export interface FakeFflogsOptions {
  reports: FakeReport[];
  clientId?: string;
  clientSecret?: string;
  /** The most events one page holds, whatever `limit` the client asks for. Default 10,000. */
  pageSize?: number;
  /** Lifetime of issued tokens. Default 3600 s. */
  tokenTtlSeconds?: number;
  limitPerHour?: number;
  /** Reports of guilds and users, for reportData.reports; addListing adds more while it runs. */
  listings?: FakeListing[];
}

export interface FakeRequestCounts {
  token: number;
  report: number;
  events: number;
  /** reportData.reports requests (one per page). */
  reports: number;
  /** GraphQL requests answered 401 (bad or revoked token, or the `unauthorized` fault). */
  unauthorized: number;
  /** Requests answered with an injected fault. */
  faults: number;
}

export interface FakeFflogs {
  apiUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Live counters. */
  requests: FakeRequestCounts;
  /** Every events request's variables, in arrival order. */
  eventRequests: { fightId: number; stream: EventStream; startTime: number }[];
  /** Every reports request's variables, in arrival order. */
  reportsRequests: Record<string, unknown>[];
  /** A new report appears in its owner's list (a raid night being logged). */
  addListing(listing: FakeListing): void;
  setFaults(faults: FakeFaults): void;
  /** Invalidate every issued token (the next GraphQL call gets a 401). */
  revokeTokens(): void;
  close(): Promise<void>;
}

const TOKEN_PATH = "/oauth/token";
const API_PATH = "/api/v2/client";

export async function startFakeFflogs(options: FakeFflogsOptions): Promise<FakeFflogs> {
  const clientId = options.clientId ?? "test-client";
  const clientSecret = options.clientSecret ?? "test-secret";
  const pageSize = options.pageSize ?? 10_000;
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 3600;
  const limitPerHour = options.limitPerHour ?? 3600;
  const reports = new Map(options.reports.map((r) => [r.report.code, r]));
  const tokens = new Set<string>();
  const requests: FakeRequestCounts = { token: 0, report: 0, events: 0, reports: 0, unauthorized: 0, faults: 0 };
  const listings: FakeListing[] = [...(options.listings ?? [])];
  const reportsRequests: Record<string, unknown>[] = [];
  const eventRequests: FakeFflogs["eventRequests"] = [];
  let faults: FakeFaults = {};
  let pointsSpent = 0;
  const timers = new Set<NodeJS.Timeout>();

  // The last few fights' events split by stream: a fight is paged four streams × several pages.
  const streamCache = new Map<string, Record<EventStream, RawEvent[]>>();
  function streamsOf(fake: FakeReport, fightId: number): Record<EventStream, RawEvent[]> {
    const key = `${fake.report.code}:${fightId}`;
    let streams = streamCache.get(key);
    if (!streams) {
      const friendly = friendlyActorIds(fake.report as RawReport);
      streams = splitStreams(fake.events?.(fightId) ?? [], friendly);
      streamCache.set(key, streams);
      if (streamCache.size > 4) {
        const oldest = streamCache.keys().next().value;
        if (oldest !== undefined) streamCache.delete(oldest);
      }
    }
    return streams;
  }

  function rateLimitData(): Record<string, number> {
    return { limitPerHour, pointsSpentThisHour: pointsSpent, pointsResetIn: 1800 };
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const write = () => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(text);
    };
    const delayMs = faults.delayMs ?? 0;
    if (delayMs <= 0) return write();
    const timer = setTimeout(() => {
      timers.delete(timer);
      write();
    }, delayMs);
    timers.add(timer);
  }

  /** Consume one unit of a fault counter. */
  function take<K extends "rateLimit" | "serverError" | "unauthorized" | "malformed">(key: K): FakeFaults[K] | undefined {
    const fault = faults[key];
    if (!fault || fault.times <= 0) return undefined;
    fault.times--;
    requests.faults++;
    return fault;
  }

  function handleToken(req: IncomingMessage, res: ServerResponse, body: string): void {
    requests.token++;
    const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
    const grant = new URLSearchParams(body).get("grant_type");
    if (req.headers.authorization !== expected) return send(res, 401, { error: "invalid_client", error_description: "Client authentication failed" });
    if (grant !== "client_credentials") return send(res, 400, { error: "unsupported_grant_type" });
    const token = randomBytes(24).toString("hex");
    tokens.add(token);
    send(res, 200, { token_type: "Bearer", expires_in: tokenTtlSeconds, access_token: token });
  }

  function handleGraphql(req: IncomingMessage, res: ServerResponse, body: string): void {
    const auth = req.headers.authorization ?? "";
    const token = auth.startsWith("Bearer ") ? auth.slice("Bearer ".length) : "";
    if (!tokens.has(token)) {
      requests.unauthorized++;
      return send(res, 401, { error: "Unauthenticated." });
    }
    let request: { operationName?: unknown; variables?: Record<string, unknown> };
    try {
      request = JSON.parse(body) as typeof request;
    } catch {
      return send(res, 400, { errors: [{ message: "Request body is not JSON" }] });
    }
    const operation = request.operationName;
    const variables = request.variables ?? {};
    if (operation === REPORT_OPERATION) requests.report++;
    else if (operation === EVENTS_OPERATION) requests.events++;
    else if (operation === REPORTS_OPERATION) requests.reports++;
    else return send(res, 400, { errors: [{ message: `Unknown operation ${String(operation)}` }] });
    pointsSpent++;

    if (take("unauthorized")) {
      requests.unauthorized++;
      return send(res, 401, { error: "Unauthenticated." });
    }
    const limited = take("rateLimit");
    if (limited) {
      const data = { limitPerHour, pointsSpentThisHour: limitPerHour, pointsResetIn: limited.pointsResetIn };
      return send(
        res,
        429,
        { errors: [{ message: "Too many requests." }], data: { rateLimitData: data } },
        { "retry-after": String(limited.pointsResetIn) },
      );
    }
    const failing = take("serverError");
    if (failing) return send(res, failing.status ?? 500, "<html><body>Server Error</body></html>", { "content-type": "text/html" });
    const bad = faults.malformed;
    const kind = operation === REPORT_OPERATION ? "report" : "events";
    if (bad && bad.times > 0 && (bad.on ?? kind) === kind && take("malformed")) {
      if (bad.kind === "json") return send(res, 200, '{"data": {"reportData": {"report": {"fig');
      const report =
        kind === "report"
          ? { code: variables.code, fights: [{ id: "one", startTime: "soon" }] }
          : { events: { data: [{ timestamp: "late", type: 7 }] } };
      return send(res, 200, { data: { rateLimitData: rateLimitData(), reportData: { report } } });
    }

    if (operation === REPORTS_OPERATION) return answerReports(res, variables);

    const fake = typeof variables.code === "string" ? reports.get(variables.code) : undefined;
    if (!fake) {
      return send(res, 200, {
        errors: [{ message: "This report does not exist or is private.", path: ["reportData", "report"] }],
        data: { rateLimitData: rateLimitData(), reportData: { report: null } },
      });
    }
    if (operation === REPORT_OPERATION) {
      return send(res, 200, { data: { rateLimitData: rateLimitData(), reportData: { report: fake.report } } });
    }

    const query = streamQueryFor(variables.dataType, variables.hostilityType);
    const fightIds = variables.fightIDs;
    const { startTime, endTime, limit } = variables;
    if (!query || !Array.isArray(fightIds) || fightIds.length !== 1 || typeof fightIds[0] !== "number") {
      return send(res, 200, { errors: [{ message: "The fake FFLogs only answers one fight and our four streams per request" }], data: null });
    }
    if (typeof startTime !== "number" || typeof endTime !== "number" || typeof limit !== "number") {
      return send(res, 200, { errors: [{ message: "startTime, endTime and limit are required" }], data: null });
    }
    const fightId = fightIds[0];
    eventRequests.push({ fightId, stream: query.stream, startTime });
    const page = paginate(streamsOf(fake, fightId)[query.stream], startTime, endTime, Math.min(limit, pageSize));
    send(res, 200, { data: { rateLimitData: rateLimitData(), reportData: { report: { events: page } } } });
  }

  /** FFLogs' ReportPagination: an owner's reports from startTime on, newest first, `limit` a page. */
  function answerReports(res: ServerResponse, variables: Record<string, unknown>): void {
    reportsRequests.push(variables);
    const matches = (owner: ReportOwner) =>
      owner.kind === "guild"
        ? typeof variables.guildName === "string" &&
          owner.name.toLowerCase() === variables.guildName.toLowerCase() &&
          owner.server === variables.guildServerSlug &&
          owner.region === variables.guildServerRegion
        : owner.userId === variables.userID;
    const own = listings.filter((l) => matches(l.owner));
    if (own.length === 0) {
      return send(res, 200, {
        errors: [{ message: "This guild or user does not exist.", path: ["reportData", "reports"] }],
        data: { rateLimitData: rateLimitData(), reportData: { reports: null } },
      });
    }
    const startTime = typeof variables.startTime === "number" ? variables.startTime : 0;
    const limit = Math.min(100, typeof variables.limit === "number" ? variables.limit : 16);
    const page = typeof variables.page === "number" ? variables.page : 1;
    const oversized = faults.oversizedList;
    if (oversized && oversized.times > 0) {
      oversized.times--;
      requests.faults++;
      const base = Date.now() - 3_600_000;
      const data = Array.from({ length: oversized.items }, (_, i) => ({
        code: `Flood${String(i).padStart(8, "0")}`,
        title: null,
        startTime: base + i,
        endTime: base + i + 1,
        zone: null,
        fights: [],
      }));
      return send(res, 200, {
        data: { rateLimitData: rateLimitData(), reportData: { reports: { data, current_page: page, has_more_pages: true } } },
      });
    }
    // A listing without a number startTime (hostile) is listed on every page's first look.
    const timeOf = (r: FakeListing["report"]) => (typeof r.startTime === "number" ? r.startTime : Number.POSITIVE_INFINITY);
    const all = own
      .map((l) => l.report)
      .filter((r) => timeOf(r) >= startTime)
      .sort((a, b) => timeOf(b) - timeOf(a));
    const data = all
      .slice((page - 1) * limit, page * limit)
      .map((r) => ({ zone: null, fights: [], title: typeof r.code === "string" ? r.code : null, ...r }));
    send(res, 200, {
      data: { rateLimitData: rateLimitData(), reportData: { reports: { data, current_page: page, has_more_pages: page * limit < all.length } } },
    });
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      try {
        if (req.method === "POST" && path === TOKEN_PATH) handleToken(req, res, body);
        else if (req.method === "POST" && path === API_PATH) handleGraphql(req, res, body);
        else send(res, 404, { error: "Not found" });
      } catch (error) {
        send(res, 500, { error: error instanceof Error ? error.message : "fake server error" });
      }
    });
    res.on("error", () => {});
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    apiUrl: `${origin}${API_PATH}`,
    tokenUrl: `${origin}${TOKEN_PATH}`,
    clientId,
    clientSecret,
    requests,
    eventRequests,
    reportsRequests,
    addListing(listing) {
      listings.push(listing);
    },
    setFaults(next) {
      faults = structuredClone(next);
    },
    revokeTokens() {
      tokens.clear();
    },
    close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
