// The FFLogs v2 API as a ReportSource: OAuth2 client credentials, one GraphQL query for the
// report, then four paginated event streams per fight. Transient failures (5xx, network, timeouts)
// are retried with jittered exponential backoff; 429 waits for the rate-limit reset; everything
// else becomes a non-retryable IngestError with a message fit for the Reports tab. The client id
// and secret only ever go into the token request's Authorization header: never into errors or logs.
import { setTimeout as delay } from "node:timers/promises";
import type { z } from "zod";
import { normalizeEvents, normalizeReport } from "../normalize";
import { type EventPage, IngestError, type NormalizedFight, type NormalizedReport, type ReportSource } from "../types";
import {
  EVENTS_OPERATION,
  EVENTS_QUERY,
  type EventsVariables,
  REPORT_OPERATION,
  REPORT_QUERY,
  REPORTS_OPERATION,
  REPORTS_QUERY,
  type ReportsVariables,
} from "./queries";
import {
  describeZodError,
  eventsResponseSchema,
  graphqlEnvelopeSchema,
  type RateLimitData,
  rateLimitDataSchema,
  reportListingSchema,
  reportResponseSchema,
  reportsResponseSchema,
  tokenResponseSchema,
} from "./schemas";
import { STREAM_QUERIES } from "./streams";

export const DEFAULT_API_URL = "https://www.fflogs.com/api/v2/client";
/** FFLogs caps `limit` at 10,000 events per page. */
export const DEFAULT_PAGE_SIZE = 10_000;

export interface FflogsClientOptions {
  /** GraphQL endpoint; default https://www.fflogs.com/api/v2/client. */
  apiUrl?: string;
  /** Default `${origin of apiUrl}/oauth/token`. */
  tokenUrl?: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1): jitter for backoff. */
  random?: () => number;
  /** Epoch ms; token expiry is checked against it. */
  now?: () => number;
  /** Retries after a 5xx, network error or timeout (so at most maxRetries + 1 attempts). Default 5. */
  maxRetries?: number;
  /** Consecutive 429 waits before giving up with a retryable error. Default 3. */
  maxRateLimitWaits?: number;
  /** Per request, including reading the body. Default 30 s. */
  timeoutMs?: number;
  /** Events per page (`limit`). Default 10,000. */
  pageSize?: number;
  /** What to check when FFLogs refuses the credentials; default: the environment variables. */
  credentialsHint?: string;
  /** The most bytes one answer may have (read as it arrives, refused past it). Default 64 MiB. */
  maxResponseBytes?: number;
}

/** An events page of 10,000 events is a few MB; an answer far past that is not one FFLogs means. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

export interface FflogsClient extends ReportSource {
  /** One page of a guild's or user's reports that started at or after `startTime` (epoch ms), newest first. */
  listReports(owner: ReportOwner, options: { startTime: number; page: number; limit: number }): Promise<ReportListPage>;
  /** Fetches an access token (or reuses a live one): resolves when FFLogs accepts the credentials. */
  checkCredentials(): Promise<void>;
  /** The point budget FFLogs reported with its last answer; null before the first. */
  readonly rateLimit: RateLimitData | null;
}

const BASE_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/** When FFLogs does not say how long to wait after a 429. */
const DEFAULT_RESET_SECONDS = 60;

const ENV_CREDENTIALS_HINT = "check FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET";

/** Retry this attempt after backoff (counts against maxRetries). */
class TransientFailure {
  constructor(
    readonly reason: string,
    readonly cause?: unknown,
  ) {}
}
/** Try again now, not counted: after a 429 wait or a token refresh (both bounded separately). */
const AGAIN = Symbol("again");

interface HttpAnswer {
  status: number;
  headers: Headers;
  body: string;
}

export function createFflogsClient(options: FflogsClientOptions): FflogsClient {
  const apiUrl = options.apiUrl ?? DEFAULT_API_URL;
  const tokenUrl = options.tokenUrl ?? `${new URL(apiUrl).origin}/oauth/token`;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const maxRetries = options.maxRetries ?? 5;
  const maxRateLimitWaits = options.maxRateLimitWaits ?? 3;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const CREDENTIALS_HINT = options.credentialsHint ?? ENV_CREDENTIALS_HINT;
  const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;

  let token: { value: string; expiresAt: number } | null = null;
  let pendingToken: Promise<string> | null = null;
  let rateLimit: RateLimitData | null = null;

  async function send(url: string, init: RequestInit): Promise<HttpAnswer> {
    // The timeout covers the body too: a server that stalls mid-body is as dead as one that never answers.
    const response = await fetchImpl(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: response.status, headers: response.headers, body: await readBody(response) };
  }

  /** The answer's text, read only as far as maxResponseBytes (a larger one is refused in words). */
  async function readBody(response: Response): Promise<string> {
    const tooLarge = () =>
      new IngestError(
        `FFLogs sent an answer of more than ${(maxResponseBytes / 1024 / 1024).toFixed(1)} MB; progboard reads at most that much`,
        false,
      );
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxResponseBytes) {
      await response.body?.cancel();
      throw tooLarge();
    }
    if (!response.body) return "";
    const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxResponseBytes) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks).toString("utf8");
  }

  async function withRetries<T>(what: string, attempt: () => Promise<T | TransientFailure | typeof AGAIN>): Promise<T> {
    let failures = 0;
    for (;;) {
      let result: T | TransientFailure | typeof AGAIN;
      try {
        result = await attempt();
      } catch (error) {
        if (error instanceof IngestError) throw error;
        result = new TransientFailure(describeNetworkFailure(error, timeoutMs), error);
      }
      if (result === AGAIN) continue;
      if (!(result instanceof TransientFailure)) return result;
      if (failures >= maxRetries) {
        throw new IngestError(`FFLogs did not answer the ${what} after ${failures + 1} attempts (${result.reason}); will retry later`, true, {
          cause: result.cause,
        });
      }
      await sleep(backoffMs(failures, random));
      failures++;
    }
  }

  function getToken(): Promise<string> {
    if (token && now() < token.expiresAt) return Promise.resolve(token.value);
    // Concurrent callers share one token request.
    pendingToken ??= fetchToken().finally(() => {
      pendingToken = null;
    });
    return pendingToken;
  }

  function fetchToken(): Promise<string> {
    if (!options.clientId || !options.clientSecret) {
      return Promise.reject(new IngestError(`FFLogs API credentials are not configured: set FFLOGS_CLIENT_ID and FFLOGS_CLIENT_SECRET`, false));
    }
    const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`).toString("base64");
    return withRetries("token request", async () => {
      const answer = await send(tokenUrl, {
        method: "POST",
        headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: "grant_type=client_credentials",
      });
      if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
        throw new IngestError(`FFLogs rejected the API client credentials (HTTP ${answer.status}): ${CREDENTIALS_HINT}`, false);
      }
      if (answer.status === 429 || answer.status >= 500) return new TransientFailure(`HTTP ${answer.status}`);
      if (answer.status !== 200) throw new IngestError(`FFLogs token endpoint answered HTTP ${answer.status}`, false);
      const parsed = tokenResponseSchema.safeParse(parseJson(answer.body));
      if (!parsed.success) throw new IngestError("FFLogs token endpoint sent an unexpected answer", false);
      const ttlMs = parsed.data.expires_in * 1000;
      // Renew a little early (10% of the lifetime, at most a minute) so a token never expires in flight.
      token = { value: parsed.data.access_token, expiresAt: now() + ttlMs - Math.min(60_000, ttlMs / 10) };
      return token.value;
    });
  }

  function dropToken(value: string): void {
    if (token?.value === value) token = null;
  }

  async function respectBudget(): Promise<void> {
    if (rateLimit && rateLimit.pointsSpentThisHour >= rateLimit.limitPerHour) {
      const waitMs = Math.max(1, rateLimit.pointsResetIn) * 1000;
      rateLimit = null;
      await sleep(waitMs);
    }
  }

  /** One GraphQL operation; returns the parsed JSON once FFLogs answered without errors. */
  function graphql(operationName: string, query: string, variables: object, what: string, missing: () => IngestError): Promise<unknown> {
    let refreshed = false;
    let rateLimitWaits = 0;
    return withRetries(what, async () => {
      await respectBudget();
      const accessToken = await getToken();
      const answer = await send(apiUrl, {
        method: "POST",
        headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query, variables, operationName }),
      });
      if (answer.status === 401) {
        // An expired or revoked token: fetch a new one once; a fresh token refused means bad credentials.
        if (refreshed) throw new IngestError(`FFLogs refused a freshly issued access token (HTTP 401): ${CREDENTIALS_HINT}`, false);
        refreshed = true;
        dropToken(accessToken);
        return AGAIN;
      }
      if (answer.status === 429) {
        const seconds = resetSeconds(answer) ?? rateLimit?.pointsResetIn ?? DEFAULT_RESET_SECONDS;
        if (rateLimitWaits >= maxRateLimitWaits) {
          throw new IngestError(`FFLogs rate limit reached while fetching the ${what}; points reset in ${Math.ceil(seconds)} s`, true);
        }
        rateLimitWaits++;
        await sleep(Math.max(1, seconds) * 1000);
        return AGAIN;
      }
      if (answer.status >= 500) return new TransientFailure(`HTTP ${answer.status}`);

      const json = parseJson(answer.body);
      const envelope = graphqlEnvelopeSchema.safeParse(json);
      if (json === undefined || !envelope.success) {
        throw new IngestError(`FFLogs sent a response that is not GraphQL JSON for the ${what} (HTTP ${answer.status})`, false);
      }
      recordRateLimit(envelope.data.data);
      const errors = envelope.data.errors ?? [];
      if (errors.some((e) => isNotFoundMessage(e.message))) throw missing();
      const first = errors[0];
      if (first) {
        const message = first.message.slice(0, 200);
        throw new IngestError(`FFLogs answered the ${what} with an error: ${message}`, /internal|timed? ?out|try again/i.test(message));
      }
      if (answer.status !== 200) throw new IngestError(`FFLogs answered the ${what} with HTTP ${answer.status}`, false);
      return json;
    });
  }

  function recordRateLimit(data: unknown): void {
    if (typeof data !== "object" || data === null || !("rateLimitData" in data)) return;
    const parsed = rateLimitDataSchema.safeParse(data.rateLimitData);
    if (parsed.success) rateLimit = parsed.data;
  }

  async function fetchReport(code: string): Promise<NormalizedReport> {
    const json = await graphql(REPORT_OPERATION, REPORT_QUERY, { code }, `report ${code}`, () => notFound(code));
    const parsed = reportResponseSchema.safeParse(json);
    if (!parsed.success) throw malformed(`report ${code}`, parsed.error);
    const report = parsed.data.data.reportData?.report;
    if (!report) throw notFound(code);
    return normalizeReport(report);
  }

  async function* fightEvents(report: NormalizedReport, fight: NormalizedFight): AsyncGenerator<EventPage> {
    for (const stream of STREAM_QUERIES) {
      let startTime = fight.startTime;
      for (;;) {
        const variables: EventsVariables = {
          code: report.code,
          fightIDs: [fight.id],
          startTime,
          endTime: fight.endTime,
          dataType: stream.dataType,
          hostilityType: stream.hostilityType,
          limit: pageSize,
        };
        const what = `${stream.dataType} events of fight ${fight.id} in report ${report.code}`;
        const json = await graphql(EVENTS_OPERATION, EVENTS_QUERY, variables, what, () => notFound(report.code));
        const parsed = eventsResponseSchema.safeParse(json);
        if (!parsed.success) throw malformed(what, parsed.error);
        const page = parsed.data.data.reportData?.report?.events;
        if (!page) throw notFound(report.code);
        // Validated before it is yielded: a malformed page never reaches the consumer.
        yield { fightId: fight.id, stream: stream.stream, events: normalizeEvents(page.data) };
        const next = page.nextPageTimestamp ?? null;
        if (next === null || next > fight.endTime) break;
        if (next <= startTime) throw new IngestError(`FFLogs paging did not advance for the ${what} (nextPageTimestamp ${next})`, false);
        startTime = next;
      }
    }
  }

  async function listReports(owner: ReportOwner, options: { startTime: number; page: number; limit: number }): Promise<ReportListPage> {
    const variables: ReportsVariables =
      owner.kind === "guild"
        ? { guildName: owner.name, guildServerSlug: owner.server, guildServerRegion: owner.region, ...options }
        : { userID: owner.userId, ...options };
    const what = `reports of ${describeOwner(owner)} (page ${options.page})`;
    const json = await graphql(REPORTS_OPERATION, REPORTS_QUERY, variables, what, () => ownerNotFound(owner));
    const parsed = reportsResponseSchema.safeParse(json);
    if (!parsed.success) throw malformed(what, parsed.error);
    const reports = parsed.data.data.reportData?.reports;
    if (!reports) throw ownerNotFound(owner);
    // Each listing on its own: a bad one is skipped (and said), the rest of the page is kept. A page
    // longer than asked for is read only as far as asked.
    const listed: ReportListing[] = [];
    const skipped: string[] = [];
    const limit = Math.max(0, Math.floor(options.limit));
    if (reports.data.length > limit) skipped.push(`${reports.data.length - limit} listings past the ${limit} a page holds`);
    reports.data.slice(0, limit).forEach((item, index) => {
      const r = reportListingSchema.safeParse(item);
      if (!r.success) {
        if (skipped.length < MAX_SKIPPED_REASONS) skipped.push(`listing ${index + 1}: ${describeZodError(r.error)}`);
        return;
      }
      listed.push({
        code: r.data.code,
        title: r.data.title ?? null,
        startTime: r.data.startTime,
        endTime: r.data.endTime,
        zone: r.data.zone ? { id: r.data.zone.id, name: r.data.zone.name } : null,
        encounterIds: [...new Set((r.data.fights ?? []).map((f) => f.encounterID).filter((id) => id > 0))],
      });
    });
    return { reports: listed, hasMorePages: reports.has_more_pages, skipped };
  }

  return {
    resumable: true,
    fetchReport,
    fightEvents,
    listReports,
    checkCredentials: () => getToken().then(() => undefined),
    get rateLimit() {
      return rateLimit;
    },
  };
}

/** Whose reports a follow lists: an FFLogs guild (name, server slug, region) or an FFLogs user. */
export type ReportOwner = { kind: "guild"; name: string; server: string; region: string } | { kind: "user"; userId: number };

/** One report of an owner's list. */
export interface ReportListing {
  code: string;
  title: string | null;
  startTime: number;
  endTime: number;
  zone: { id: number; name: string } | null;
  /** The encounters its fights are of (trash left out). */
  encounterIds: number[];
}

export interface ReportListPage {
  reports: ReportListing[];
  hasMorePages: boolean;
  /** Why listings of the page were left out (a bad code, no startTime, more than asked for), at most a few. */
  skipped: string[];
}

/** Reasons a page's skipped listings keep: enough to say what FFLogs sent, never the whole page. */
const MAX_SKIPPED_REASONS = 5;

export function describeOwner(owner: ReportOwner): string {
  return owner.kind === "guild" ? `the guild ${owner.name} (${owner.server}, ${owner.region})` : `FFLogs user ${owner.userId}`;
}

function ownerNotFound(owner: ReportOwner): IngestError {
  return new IngestError(
    `FFLogs knows no ${owner.kind === "guild" ? "guild" : "user"} like ${describeOwner(owner)}, or its reports are private`,
    false,
  );
}

export function notFound(code: string): IngestError {
  return new IngestError(`Report ${code} was not found or is private: only public reports can be fetched with client credentials`, false);
}

function malformed(what: string, error: z.ZodError): IngestError {
  return new IngestError(`FFLogs sent malformed data for the ${what}: ${describeZodError(error)}`, false);
}

function isNotFoundMessage(message: string): boolean {
  return /does not exist|is private|permission|not authori[sz]ed/i.test(message);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Seconds until the points reset, from the 429 body's rateLimitData or a Retry-After header. */
function resetSeconds(answer: HttpAnswer): number | undefined {
  const json = parseJson(answer.body);
  const data = typeof json === "object" && json !== null && "data" in json ? json.data : undefined;
  const fromBody =
    typeof data === "object" && data !== null && "rateLimitData" in data ? rateLimitDataSchema.safeParse(data.rateLimitData) : undefined;
  if (fromBody?.success) return fromBody.data.pointsResetIn;
  const header = Number(answer.headers.get("retry-after"));
  return answer.headers.has("retry-after") && Number.isFinite(header) && header >= 0 ? header : undefined;
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffMs(failures: number, random: () => number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** failures);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

function describeNetworkFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? error.cause : undefined;
  const code = typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string" ? cause.code : undefined;
  return code ? `network error ${code}` : "network error";
}
