// Report export files: the same shapes as the FFLogs API, for offline use and demos.
//
// Two formats:
//  - JSON document (small files, up to 16 MB, read whole):
//      { "report": <reportData.report>, "events": [ { "fightId": 3, "stream": "deaths", "data": [...] }, ... ] }
//  - JSON Lines (`.jsonl`/`.ndjson`, or any file whose first line is an object with a `report` key
//    and no `events`): line 1 `{"report": {...}}`, then one events page per line
//    `{"fightId": 3, "stream": "deaths", "data": [...]}`, fights in report order. Read with a
//    streaming line reader: memory stays flat for millions of events.
//
// Saved GraphQL responses are read too, as FFLogs returns them: `{"data":{"reportData":{"report":
// …}}}` in place of `{"report": …}` (a JSON document, or line 1 of JSON Lines), and an events
// response `{"data":{"reportData":{"report":{"events":{"data":[…]}}}}}` in place of a page (its
// events say their fight). An FFLogs v1 response is recognised and refused in words.
//
// Every value is checked against what the database stores (fflogs/schemas.ts, and event times
// within the report here) before anything is stored: a refused file leaves nothing behind.
//
// `report` is FFLogs' `reportData.report` (fights, masterData…). `data` holds FFLogs event objects
// as the API sends them; they go through the same normalization (calculateddamage dropped…).
// `stream` says which of the four event streams the page came from; when absent the page counts as
// "damage-taken". Pages are yielded in file order, one EventPage per page.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { FFLOGS_REPORT_CODE, fileReportCode } from "@progboard/domain";
import { z } from "zod";
import { describeZodError, isRawEvent, type RawReport, rawEventSchema, rawReportSchema } from "./fflogs/schemas";
import { EVENT_STREAMS } from "./fflogs/streams";
import { checkFightEvents, checkJsonBounds, checkReportDimensions, FILE_LIMITS } from "./limits";
import { normalizeEvents, normalizeReport } from "./normalize";
import { type EventPage, type EventStream, IngestError, type NormalizedFight, type NormalizedReport, type ReportSource } from "./types";

export type ReportFileFormat = "json" | "jsonl";

/** A single JSON document is parsed whole: past this, use JSON Lines. */
export const MAX_DOCUMENT_BYTES = FILE_LIMITS.documentBytes;
/** One JSON Lines line (the header, or one events page). */
export const MAX_LINE_BYTES = FILE_LIMITS.lineBytes;

const DEFAULT_STREAM: EventStream = "damage-taken";

const filePageSchema = z.looseObject({
  fightId: z.int(),
  stream: z.enum(EVENT_STREAMS as [EventStream, ...EventStream[]]).optional(),
  data: z.array(rawEventSchema),
});
type FilePage = z.infer<typeof filePageSchema>;

const STREAM_NAMES = new Set<unknown>(EVENT_STREAMS);

/** filePageSchema's verdict without zod's copy (see isRawEvent): the page is used as parsed. */
function isFilePage(value: unknown): value is FilePage {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const page = value as Record<string, unknown>;
  if (!Number.isSafeInteger(page.fightId) || (page.stream !== undefined && !STREAM_NAMES.has(page.stream)) || !Array.isArray(page.data)) return false;
  for (const event of page.data) if (!isRawEvent(event)) return false;
  return true;
}

const documentSchema = z.looseObject({ report: rawReportSchema, events: z.array(filePageSchema).optional() });
const headerSchema = z.looseObject({ report: rawReportSchema });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `data.reportData.report` of a saved GraphQL response, else undefined. */
function graphqlReport(json: unknown): unknown {
  if (!isObject(json) || !isObject(json.data) || "report" in json) return undefined;
  const reportData = json.data.reportData;
  return isObject(reportData) ? reportData.report : undefined;
}

/**
 * Throws, in words, on what is not a v2 report export but can be told apart: a v1 response, a
 * GraphQL response with errors or without a report. Otherwise returns the export's own shape.
 */
function unwrap(name: string, json: unknown, where: string): unknown {
  if (!isObject(json)) return json;
  if ("report" in json || "fightId" in json) return json;
  if (Array.isArray(json.fights) && ("friendlies" in json || "enemies" in json || "lang" in json || typeof json.start === "number")) {
    throw new IngestError(
      `${name}${where} is an FFLogs v1 response (the old /report/fights API); progboard reads v2: save the GraphQL API's reportData.report (fights, masterData) or export the report again`,
      false,
    );
  }
  if (Array.isArray(json.events) && "nextPageTimestamp" in json && !("data" in json)) {
    throw new IngestError(`${name}${where} is an FFLogs v1 events response; progboard reads v2 (the GraphQL API's reportData.report.events)`, false);
  }
  if ("data" in json || "errors" in json) {
    const errors = Array.isArray(json.errors) ? json.errors.filter(isObject).map((e) => String(e.message)) : [];
    if (errors.length > 0)
      throw new IngestError(`${name}${where} is a GraphQL response with errors, not a report: ${errors.slice(0, 2).join("; ").slice(0, 300)}`, false);
    const report = graphqlReport(json);
    if (report === null)
      throw new IngestError(`${name}${where} is a GraphQL response without a report (reportData.report is null: a private or missing report)`, false);
    if (isObject(report)) {
      const { events, ...rest } = report;
      // A saved events response: only `events` under the report.
      if (isObject(events) && Object.keys(rest).length === 0) return { graphqlEvents: events };
      return events === undefined ? { report: rest } : { report: rest, graphqlEvents: events };
    }
    throw new IngestError(`${name}${where} is a GraphQL response but not a report's: expected data.reportData.report`, false);
  }
  return json;
}

/**
 * Why the report part was refused, with paths as they are in the file (inside the GraphQL
 * envelope when it came in one), and what to ask FFLogs for when the report's times are missing.
 */
function describeReportError(error: z.ZodError, enveloped: boolean): string {
  let text = describeZodError(error);
  if (enveloped) text = text.replace(/(^|; )report\b/g, "$1data.reportData.report");
  const timesMissing = error.issues.some((issue) => issue.path.length === 2 && issue.path[1] === "startTime" && issue.code === "invalid_type");
  if (timesMissing) text += " (a fights-only response: save the report with its code, startTime, endTime, fights and masterData)";
  return text;
}

/** A saved GraphQL events page, split into one file page per fight its events name (in order). */
function graphqlPages(name: string, events: unknown, where: string): FilePage[] {
  const parsed = z.looseObject({ data: z.array(rawEventSchema) }).safeParse(events);
  if (!parsed.success)
    throw new IngestError(`${name}${where} is not an events page: data.reportData.report.events.${describeZodError(parsed.error)}`, false);
  const pages: FilePage[] = [];
  parsed.data.data.forEach((event, index) => {
    if (typeof event.fight !== "number")
      throw new IngestError(
        `${name}${where}: events.data[${index}] has no \`fight\`: ask the GraphQL API for events with their fight (or save one fight per page)`,
        false,
      );
    const last = pages.at(-1);
    if (last?.fightId === event.fight) last.data.push(event);
    else pages.push({ fightId: event.fight, data: [event] });
  });
  return pages;
}

/** Event times are milliseconds from the report's start, and stored as such: within the report. */
function checkPageValues(name: string, page: FilePage, span: number, where: string): void {
  page.data.forEach((event, index) => {
    if (event.timestamp < 0 || event.timestamp > span)
      throw new IngestError(
        `${name}${where}: data[${index}].timestamp: ${event.timestamp} is outside the report (0 to ${span} ms from its start)`,
        false,
      );
  });
}

export interface ReportFile extends ReportSource {
  readonly resumable: false;
  /** The report code inside the file. */
  readonly code: string;
  readonly format: ReportFileFormat;
  /** Events pages per fight id (JSON Lines: known after verification; JSON: always). */
  readonly pageCounts: ReadonlyMap<number, number> | null;
}

export interface OpenReportFileOptions {
  /** Default: from the name and the first line. */
  format?: ReportFileFormat;
  /**
   * JSON Lines only: read the whole file once when opening, so a malformed or truncated page is
   * reported before anything is yielded. Default true; off, pages are checked as they are read.
   */
  verify?: boolean;
  /** The file's name as its owner knows it, for messages (an upload is stored under another). */
  name?: string | undefined;
}

export async function openReportFile(path: string, options: OpenReportFileOptions = {}): Promise<ReportFile> {
  const name = options.name?.trim() || basename(path);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new IngestError(`${name} is not a file`, false);
    size = info.size;
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError(`Cannot read ${name}: ${errorCode(error)}`, false, { cause: error });
  }
  if (size === 0) throw new IngestError(`${name} is empty: expected a report export (JSON)`, false);
  await checkLooksLikeJson(path, name);
  const format = options.format ?? (await detectFormat(path, name, size, options.name));
  return format === "jsonl" ? openJsonLines(path, name, options.verify ?? true) : openJsonDocument(path, name, size);
}

/** An uploaded report file, under its own key: `code` is `file:<sha-256>`, never the code inside. */
export interface ImportedReportFile extends ReportSource {
  readonly resumable: false;
  /** `file:` and the SHA-256 of the file's content: where its data is stored. */
  readonly code: string;
  /** The FFLogs code the file says it holds: a label for people, never a key. */
  readonly reportCode: string;
  readonly title: string;
  readonly format: ReportFileFormat;
}

/**
 * Opens a report file a user uploaded, as the data of its own content (issue 12): the report is
 * stored under `file:<sha-256 of the bytes>`, visible to the statics that import that same content,
 * so a file carrying another report's code never writes over that report or another upload.
 */
export async function openImportedReportFile(path: string, options: OpenReportFileOptions = {}): Promise<ImportedReportFile> {
  const file = await openReportFile(path, options);
  const inner = await file.fetchReport(file.code);
  const code = fileReportCode(await sha256Of(path));
  return {
    code,
    reportCode: file.code,
    title: inner.title,
    resumable: false,
    format: file.format,
    async fetchReport(asked) {
      if (asked !== code) throw new IngestError(`${basename(path)} is report ${code}, not ${asked}`, false);
      return { ...(await file.fetchReport(file.code)), code };
    },
    fightEvents: (report, fight) => file.fightEvents(report, fight),
  };
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest("hex");
}

// ---------------------------------------------------------------------------------------------
// JSON document

async function openJsonDocument(path: string, name: string, size: number): Promise<ReportFile> {
  if (size > MAX_DOCUMENT_BYTES) {
    throw new IngestError(
      `${name} is ${Math.round(size / 1024 / 1024)} MB: a single JSON document is limited to ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB; export it as JSON Lines (.jsonl)`,
      false,
    );
  }
  const text = stripBom(await readFile(path, "utf8"));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new IngestError(`${name} is not valid JSON: ${describeJsonError(error, text)}`, false);
  }
  const unwrapped = unwrap(name, json, "");
  checkReportDimensions(name, unwrapped, "");
  const envelope = isObject(unwrapped) && "graphqlEvents" in unwrapped ? unwrapped : null;
  if (envelope && !("report" in envelope))
    throw new IngestError(`${name} holds events only (a saved events response): the report (fights, masterData) must come first`, false);
  const parsed = documentSchema.safeParse(envelope ? { report: envelope.report } : unwrapped);
  if (!parsed.success) throw new IngestError(`${name} is not a report export: ${describeReportError(parsed.error, json !== unwrapped)}`, false);
  const { report } = parsed.data;
  const pages = envelope ? graphqlPages(name, envelope.graphqlEvents, "") : (parsed.data.events ?? []);
  const span = report.endTime - report.startTime;
  pages.forEach((page, index) => checkPageValues(name, page, span, ` events[${index}]`));
  const fightIds = new Set(report.fights.map((f) => f.id));
  const counts = new Map<number, number>();
  const eventCounts = new Map<number, number>();
  pages.forEach((page, index) => {
    if (!fightIds.has(page.fightId))
      throw new IngestError(`${name} is not a report export: events[${index}] is for fight ${page.fightId}, which the report does not have`, false);
    counts.set(page.fightId, (counts.get(page.fightId) ?? 0) + 1);
    const events = (eventCounts.get(page.fightId) ?? 0) + page.data.length;
    checkFightEvents(name, page.fightId, events);
    eventCounts.set(page.fightId, events);
  });

  return {
    code: report.code,
    resumable: false,
    format: "json",
    pageCounts: counts,
    fetchReport: (code) => Promise.resolve().then(() => checkedReport(name, report, code)),
    fightEvents(_report: NormalizedReport, fight: NormalizedFight): AsyncIterable<EventPage> {
      const selected = pages.filter((page) => page.fightId === fight.id);
      return {
        [Symbol.asyncIterator]() {
          let next = 0;
          return {
            next(): Promise<IteratorResult<EventPage, undefined>> {
              const page = selected[next++];
              return Promise.resolve(page ? { done: false, value: toEventPage(page) } : { done: true, value: undefined });
            },
          };
        },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

interface FightIndex {
  offset: number;
  line: number;
}

async function openJsonLines(path: string, name: string, verify: boolean): Promise<ReportFile> {
  let header: RawReport | undefined;
  let afterHeader: FightIndex = { offset: 0, line: 2 };
  for await (const line of readLines(path, name, { offset: 0, line: 1 })) {
    const raw = parseLine(name, line);
    const json = unwrap(name, raw, " line 1");
    checkReportDimensions(name, json, " line 1");
    if (isObject(json) && "graphqlEvents" in json && !("report" in json))
      throw new IngestError(`${name} line 1 holds events only (a saved events response): the report (fights, masterData) must come first`, false);
    const parsed = headerSchema.safeParse(json);
    if (!parsed.success) throw new IngestError(`${name} line 1 is not a report header: ${describeReportError(parsed.error, raw !== json)}`, false);
    header = parsed.data.report;
    afterHeader = { offset: line.nextOffset, line: 2 };
    break;
  }
  if (!header) throw new IngestError(`${name} is empty: expected a report export (JSON)`, false);
  const report = header;
  const order = new Map(report.fights.map((f, index) => [f.id, index]));
  const span = report.endTime - report.startTime;

  // One streaming pass: every page valid, known fights, in report order; remember where each fight starts.
  let index: Map<number, FightIndex> | null = null;
  let counts: Map<number, number> | null = null;
  if (verify) {
    index = new Map();
    counts = new Map();
    let previous = -1;
    const eventCounts = new Map<number, number>();
    for await (const line of readLines(path, name, afterHeader)) {
      if (line.text.trim() === "") continue;
      for (const page of parsePages(name, line, span)) {
        const position = order.get(page.fightId);
        if (position === undefined) throw new IngestError(`${name} line ${line.line}: fight ${page.fightId} is not in the report`, false);
        if (position < previous)
          throw new IngestError(
            `${name} line ${line.line}: pages must follow the report's fight order (fight ${page.fightId} comes after a later fight)`,
            false,
          );
        previous = position;
        if (!index.has(page.fightId)) index.set(page.fightId, { offset: line.offset, line: line.line });
        counts.set(page.fightId, (counts.get(page.fightId) ?? 0) + 1);
        const events = (eventCounts.get(page.fightId) ?? 0) + page.data.length;
        checkFightEvents(name, page.fightId, events);
        eventCounts.set(page.fightId, events);
      }
    }
  }

  return {
    code: report.code,
    resumable: false,
    format: "jsonl",
    pageCounts: counts,
    fetchReport: (code) => Promise.resolve().then(() => checkedReport(name, report, code)),
    async *fightEvents(_report: NormalizedReport, fight: NormalizedFight): AsyncGenerator<EventPage> {
      const target = order.get(fight.id);
      if (target === undefined) return;
      let start = afterHeader;
      if (index) {
        const found = index.get(fight.id);
        if (!found) return;
        start = found;
      }
      let events = 0;
      for await (const line of readLines(path, name, start)) {
        if (line.text.trim() === "") continue;
        for (const page of parsePages(name, line, span)) {
          const position = order.get(page.fightId);
          if (position === undefined) throw new IngestError(`${name} line ${line.line}: fight ${page.fightId} is not in the report`, false);
          if (position > target) return;
          if (page.fightId !== fight.id) continue;
          events += page.data.length;
          checkFightEvents(name, fight.id, events);
          yield toEventPage(page);
        }
      }
    },
  };
}

interface Line {
  text: string;
  /** 1-based. */
  line: number;
  /** Byte offset of the line's start, and of the next line's. */
  offset: number;
  nextOffset: number;
  /** False for a last line that had no newline (a truncated file shows up here). */
  terminated: boolean;
}

/** Lines of a file from a byte offset, split on \n at the byte level (UTF-8 safe), bounded length. */
async function* readLines(path: string, name: string, from: FightIndex): AsyncGenerator<Line> {
  const stream = createReadStream(path, { start: from.offset, highWaterMark: 1024 * 1024 });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let offset = from.offset;
  let line = from.line;
  const emit = (bytes: Buffer, terminated: boolean): Line => {
    let text = bytes.toString("utf8");
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (offset === 0) text = stripBom(text);
    const out: Line = { text, line, offset, nextOffset: offset + bytes.length + (terminated ? 1 : 0), terminated };
    offset = out.nextOffset;
    line++;
    return out;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let newline = chunk.indexOf(10, start); newline !== -1; newline = chunk.indexOf(10, start)) {
        const piece = chunk.subarray(start, newline);
        const bytes = pendingBytes > 0 ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        pendingBytes = 0;
        start = newline + 1;
        yield emit(bytes, true);
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > MAX_LINE_BYTES)
          throw new IngestError(`${name} line ${line} is longer than ${MAX_LINE_BYTES / 1024 / 1024} MB: not a report export`, false);
      }
    }
    if (pendingBytes > 0) yield emit(Buffer.concat(pending), false);
  } catch (error) {
    if (error instanceof IngestError) throw error;
    throw new IngestError(`Cannot read ${name}: ${errorCode(error)}`, false, { cause: error });
  } finally {
    stream.destroy();
  }
}

function parseLine(name: string, line: Line): unknown {
  try {
    return JSON.parse(line.text);
  } catch (error) {
    const hint = line.terminated ? "" : " (the file looks truncated)";
    throw new IngestError(`${name} line ${line.line} is not valid JSON${hint}: ${describeJsonError(error, line.text)}`, false);
  }
}

/** One line's pages: an events page, or a saved GraphQL events response (one page per fight it holds). */
function parsePages(name: string, line: Line, span: number): FilePage[] {
  const where = ` line ${line.line}`;
  const json = parseLine(name, line);
  checkJsonBounds(name, json, where);
  let pages: FilePage[];
  if (isFilePage(json)) pages = [json];
  else {
    const unwrapped = unwrap(name, json, where);
    if (isObject(unwrapped) && "graphqlEvents" in unwrapped) pages = graphqlPages(name, unwrapped.graphqlEvents, where);
    else {
      // Only a page the quick check refuses goes through zod, for its message.
      const parsed = filePageSchema.safeParse(unwrapped);
      if (!parsed.success) throw new IngestError(`${name}${where} is not an events page: ${describeZodError(parsed.error)}`, false);
      pages = [parsed.data];
    }
  }
  for (const page of pages) checkPageValues(name, page, span, where);
  return pages;
}

// ---------------------------------------------------------------------------------------------
// Shared

function checkedReport(name: string, report: RawReport, code: string): NormalizedReport {
  if (!FFLOGS_REPORT_CODE.test(report.code))
    throw new IngestError(
      `${name}: report.code ${JSON.stringify(report.code.slice(0, 60))} is not a report code progboard can store (6 to 40 letters and digits, as in an FFLogs report URL; anonymised "a:…" codes are not)`,
      false,
    );
  if (code !== report.code) throw new IngestError(`${name} holds report ${report.code}, not ${code}`, false);
  return normalizeReport(report);
}

function toEventPage(page: FilePage): EventPage {
  return { fightId: page.fightId, stream: page.stream ?? DEFAULT_STREAM, events: normalizeEvents(page.data) };
}

/** Fail fast on binary or other non-JSON content without reading it all. */
async function checkLooksLikeJson(path: string, name: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(64 * 1024), 0, 64 * 1024, 0);
    const head = stripBom(buffer.subarray(0, bytesRead).toString("utf8"));
    const first = head.trimStart()[0];
    if (first === undefined) throw new IngestError(`${name} is empty: expected a report export (JSON)`, false);
    if (first !== "{") {
      const found = JSON.stringify(head.trimStart().slice(0, 16));
      throw new IngestError(`${name} is not a report export: expected a JSON object starting with "{", found ${found}`, false);
    }
  } finally {
    await handle.close();
  }
}

async function detectFormat(path: string, name: string, size: number, given?: string): Promise<ReportFileFormat> {
  if (/\.(jsonl|ndjson)$/i.test(given ?? path)) return "jsonl";
  try {
    for await (const line of readLines(path, name, { offset: 0, line: 1 })) {
      if (!line.terminated || line.nextOffset >= size) return "json";
      const json = parseJsonOrUndefined(line.text);
      const report = graphqlReport(json);
      const isHeader =
        (typeof json === "object" && json !== null && "report" in json && !("events" in json)) || (isObject(report) && !("events" in report));
      return isHeader ? "jsonl" : "json";
    }
  } catch (error) {
    // A first line too long for JSON Lines: then it can only be a (large) JSON document.
    if (!(error instanceof IngestError)) throw error;
  }
  return "json";
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** V8's JSON.parse message, made short: the reason, where (line, column), and a truncation hint. */
function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const truncated = "unexpected end of input (is the file truncated?)";
  if (/Unexpected end of JSON input/i.test(message)) return truncated;
  // V8 may quote the offending text; keep the reason, not the (possibly huge) input.
  const reason = message
    .replace(/, (\.\.\.)?".*"(\.\.\.)? is not valid JSON$/s, "")
    .replace(/ in JSON at position \d+.*$/s, "")
    .slice(0, 120);
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position === undefined) return reason;
  const at = Number(position);
  if (at >= text.trimEnd().length - 1) return `${reason}: ${truncated}`;
  const before = text.slice(0, at);
  let line = 1;
  for (let i = before.indexOf("\n"); i !== -1; i = before.indexOf("\n", i + 1)) line++;
  const column = at - before.lastIndexOf("\n");
  return `${reason} at line ${line}, column ${column}`;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function errorCode(error: unknown): string {
  if (typeof error === "object" && error !== null && "code" in error && typeof error.code === "string") return error.code;
  return error instanceof Error ? error.message : "unknown error";
}
