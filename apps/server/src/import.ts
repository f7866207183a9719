// POST /api/import: a report export file, uploaded as the request body. The caller must be a
// member of the request's static (checked through the API, like any call); the file is streamed
// to disk under a size cap, validated, watched for the static, then ingested in the background.
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { type ApiDeps, appRouter, createCallerFactory, createTRPCContext, DEMO_READ_ONLY, watchReport } from "@progboard/api";
import { LIMITS } from "@progboard/domain";
import { IngestError, openImportedReportFile } from "@progboard/ingest";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import type { Env } from "./env";
import type { Ingestion } from "./ingestion";
import { log } from "./log";

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
const createCaller = createCallerFactory(appRouter);

class TooLarge extends Error {}

interface ImportDeps {
  env: Env;
  api: ApiDeps;
  ingestion: Ingestion;
  requestId: string;
}

const problem = (status: number, message: string) => Response.json({ error: { message } }, { status });

export async function handleImport(req: Request, { env, api, ingestion, requestId }: ImportDeps): Promise<Response> {
  const context = await createTRPCContext({ headers: req.headers, requestId, deps: api });
  const caller = createCaller(context);
  const label = new URL(req.url).searchParams.get("label")?.trim() || undefined;
  const fileName = uploadName(new URL(req.url).searchParams.get("name"));
  let file: string | null = null;
  try {
    // Who is asking, and for which static: before a single byte is stored.
    const me = await caller.me.get();
    if (me.currentStaticId === null) return problem(404, "Static not found");
    // An import is a write: the demo reader gets the same refusal as every mutation.
    if (me.demo) return problem(403, DEMO_READ_ONLY);
    // Importing watches and stores a report: a read-only key may not.
    if (me.apiKey?.readOnly) return problem(403, "This API key is read-only");
    if (label !== undefined && (label.length > LIMITS.label.maxLength || label.includes("\0")))
      return problem(400, `A label is at most ${LIMITS.label.maxLength} characters, without NUL characters`);
    const declared = Number(req.headers.get("content-length") ?? 0);
    if (declared > MAX_IMPORT_BYTES) return problem(413, "That file is larger than 200 MB");
    if (!req.body) return problem(400, "No file was sent");

    const folder = path.join(env.dataDir, "imports");
    await mkdir(folder, { recursive: true });
    file = path.join(folder, `${randomUUID()}.upload`);
    await pipeline(Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>), capped(MAX_IMPORT_BYTES), createWriteStream(file, { mode: 0o600 }));

    // The file's data is stored under its own key (file:<sha-256>), never under the code inside
    // it: another static's report, or another upload, cannot be changed by a file (issue 12).
    const source = await openImportedReportFile(file, { name: fileName });
    const report = await source.fetchReport(source.code);
    const summary = {
      code: source.code,
      reportCode: source.reportCode,
      title: report.title,
      fights: report.fights.length,
      pulls: report.fights.filter((f) => f.encounterId > 0).length,
    };
    // Watch it for this static (already watching is fine), in the static's bound transaction as
    // watchedReports.add does. No API procedure watches a file key: only importing its content does.
    const staticId = me.currentStaticId;
    // Bound by the caller's credential, as every call's transaction is (migrations/0019).
    const credential = context.identity?.credential;
    if (!credential) return problem(401, "Sign in first");
    await api.db.withTenant({ credential, staticId }, (tx) =>
      watchReport(tx, { staticId, userId: me.user.id, code: source.code, label: label ?? source.reportCode }),
    );
    // The same content imported before (by any static) is already stored, byte for byte.
    if ((await ingestion.status(source.code)) === "done") return Response.json(summary, { status: 202 });
    await ingestion.ingestInBackground(source.code, source, { cleanup: file });
    file = null;
    return Response.json(summary, { status: 202 });
  } catch (error) {
    if (error instanceof TooLarge) return problem(413, "That file is larger than 200 MB");
    if (error instanceof IngestError) return problem(error.retryable ? 409 : 400, inWords(error.message, file));
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") return problem(getHTTPStatusCodeFromError(error), error.message);
    log.error("import failed", { requestId, error });
    return problem(500, "Internal server error");
  } finally {
    if (file) await rm(file, { force: true });
  }
}

/**
 * The one place an import refusal is worded for the user: the server's temporary file name (its
 * data folder's layout) never shows, the file is "the file"; zod's raw JSON never reaches here
 * (ingestion describes schema errors in words, describeZodError).
 */
export function inWords(message: string, tempFile: string | null): string {
  if (!tempFile) return message;
  const name = path.basename(tempFile);
  return message.startsWith(name) ? `The file${message.slice(name.length).replaceAll(name, "the file")}` : message.replaceAll(name, "the file");
}

/** The user's own name for the file (`?name=`), for messages: its last path part, printable, bounded. */
function uploadName(given: string | null): string {
  const name = (given ?? "")
    .split(/[\\/]/)
    .pop()
    ?.replace(/\p{Cc}/gu, "")
    .trim()
    .slice(0, 120);
  return name || "The uploaded file";
}

/** Passes bytes through until `limit`, then fails the pipeline. */
function capped(limit: number) {
  let seen = 0;
  return async function* (chunks: AsyncIterable<Uint8Array>) {
    for await (const chunk of chunks) {
      seen += chunk.length;
      if (seen > limit) throw new TooLarge();
      yield chunk;
    }
  };
}
