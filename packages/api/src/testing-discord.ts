// A local fake of Discord's webhook API, for tests only (never production source): it speaks
// "Execute Webhook" (POST /api/v10/webhooks/<id>/<token>?wait=true) the way Discord does:
// multipart/form-data with payload_json and files[n], the embed limits checked with Discord's
// 400 "Invalid Form Body" (code 50035), 413 for files over 10 MiB, 404 "Unknown Webhook" (10015)
// for a deleted webhook, and whatever answers a test queues (429 with retry_after, 500, …). It
// records every request it received.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

const LIMITS = { title: 256, description: 4096, fieldName: 256, fieldValue: 1024, fields: 25, footer: 2048, total: 6000, embeds: 10, username: 80 };
const MAX_BODY = 26 * 1024 * 1024;
const MAX_FILE = 10 * 1024 * 1024;

export interface FakeFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  bytes: Buffer;
}

export interface FakeRequest {
  /** When it arrived (epoch ms). */
  at: number;
  webhookId: string;
  token: string;
  wait: boolean;
  contentType: string;
  /** payload_json, parsed (null when missing or not JSON). */
  payload: Record<string, unknown> | null;
  files: FakeFile[];
  /** What the fake answered. */
  status: number;
}

export type FakeAnswer =
  | { status: 429; retryAfter: number; global?: boolean; header?: boolean }
  | { status: 500 | 502 | 503 }
  | { status: 404 }
  | { status: 401 }
  | { status: 200 }
  /** Hold the request this long before answering (a timeout test). */
  | { status: "hang"; ms: number };

export interface FakeDiscord {
  /** http://127.0.0.1:<port>: the poster's apiBase. */
  url: string;
  received: FakeRequest[];
  /** Answers for the next requests, in order (then the normal behaviour). */
  queue(...answers: FakeAnswer[]): void;
  /** Deletes a webhook: every post to it answers 404 Unknown Webhook from now on. */
  deleteWebhook(id: string): void;
  close(): Promise<void>;
}

function embedErrors(payload: Record<string, unknown>): Record<string, unknown> | null {
  const errors: Record<string, unknown> = {};
  const tooLong = (max: number) => ({ _errors: [{ code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${max} or fewer in length.` }] });
  if (typeof payload.username === "string" && payload.username.length > LIMITS.username) errors.username = tooLong(LIMITS.username);
  const embeds = Array.isArray(payload.embeds) ? (payload.embeds as Record<string, unknown>[]) : [];
  if (embeds.length > LIMITS.embeds) errors.embeds = tooLong(LIMITS.embeds);
  let total = 0;
  embeds.forEach((embed, i) => {
    const e: Record<string, unknown> = {};
    const str = (v: unknown) => (typeof v === "string" ? v : "");
    const title = str(embed.title);
    const description = str(embed.description);
    const footer = str((embed.footer as { text?: unknown } | undefined)?.text);
    const fields = Array.isArray(embed.fields) ? (embed.fields as { name?: unknown; value?: unknown }[]) : [];
    if (title.length > LIMITS.title) e.title = tooLong(LIMITS.title);
    if (description.length > LIMITS.description) e.description = tooLong(LIMITS.description);
    if (footer.length > LIMITS.footer) e.footer = { text: tooLong(LIMITS.footer) };
    if (fields.length > LIMITS.fields) e.fields = tooLong(LIMITS.fields);
    fields.forEach((f, j) => {
      if (str(f.name).length === 0 || str(f.value).length === 0)
        e[`fields.${j}`] = { _errors: [{ code: "BASE_TYPE_REQUIRED", message: "This field is required" }] };
      if (str(f.name).length > LIMITS.fieldName) e[`fields.${j}.name`] = tooLong(LIMITS.fieldName);
      if (str(f.value).length > LIMITS.fieldValue) e[`fields.${j}.value`] = tooLong(LIMITS.fieldValue);
    });
    total += title.length + description.length + footer.length + fields.reduce((n, f) => n + str(f.name).length + str(f.value).length, 0);
    if (Object.keys(e).length > 0) errors[`embeds.${i}`] = e;
  });
  if (total > LIMITS.total) errors.embeds = { _errors: [{ code: "MAX_EMBED_SIZE_EXCEEDED", message: "Embed size exceeds maximum size of 6000" }] };
  return Object.keys(errors).length > 0 ? errors : null;
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Starts the fake on 127.0.0.1, on a free port. */
export async function startFakeDiscord(): Promise<FakeDiscord> {
  const received: FakeRequest[] = [];
  const answers: FakeAnswer[] = [];
  const deleted = new Set<string>();
  let nextMessageId = 1_300_000_000_000_000_000n;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(JSON.stringify(body));
      };
      const url = new URL(req.url ?? "/", "http://fake.invalid");
      const match = /^\/api\/v10\/webhooks\/(\d{17,20})\/([A-Za-z0-9_-]{60,100})$/.exec(url.pathname);
      if (req.method !== "POST" || !match) return send(404, { message: "404: Not Found", code: 0 });
      const body = await readBody(req);
      const record: FakeRequest = {
        at: Date.now(),
        webhookId: match[1] as string,
        token: match[2] as string,
        wait: url.searchParams.get("wait") === "true",
        contentType: req.headers["content-type"] ?? "",
        payload: null,
        files: [],
        status: 0,
      };
      received.push(record);
      const answer = (status: number, json: unknown, headers?: Record<string, string>) => {
        record.status = status;
        send(status, json, headers);
      };
      if (body === null) return answer(413, { message: "Request entity too large", code: 40005 });
      const queued = answers.shift();
      if (queued?.status === "hang") await new Promise((resolve) => setTimeout(resolve, queued.ms));
      // Parse as Discord would: multipart/form-data only.
      if (!record.contentType.startsWith("multipart/form-data")) return answer(400, { message: "Cannot send an empty message", code: 50006 });
      let form: FormData;
      try {
        form = await new Request("http://fake.invalid", { method: "POST", headers: { "content-type": record.contentType }, body }).formData();
      } catch {
        return answer(400, {
          message: "Invalid Form Body",
          code: 50035,
          errors: { _errors: [{ code: "MULTIPART_INVALID", message: "Malformed multipart body" }] },
        });
      }
      const json = form.get("payload_json");
      try {
        record.payload = typeof json === "string" ? (JSON.parse(json) as Record<string, unknown>) : null;
      } catch {
        record.payload = null;
      }
      for (const [field, value] of form.entries()) {
        if (typeof value === "string") continue;
        const bytes = Buffer.from(await value.arrayBuffer());
        record.files.push({ field, filename: value.name, contentType: value.type, size: bytes.length, bytes });
      }
      if (!record.payload)
        return answer(400, {
          message: "Invalid Form Body",
          code: 50035,
          errors: { payload_json: { _errors: [{ code: "DICT_TYPE_CONVERT", message: "Only dictionaries may be used in a DictType" }] } },
        });
      if (record.files.some((f) => f.size > MAX_FILE)) return answer(413, { message: "Request entity too large", code: 40005 });
      if (queued && queued.status !== "hang" && queued.status !== 200) {
        if (queued.status === 429) {
          const headers: Record<string, string> = { "x-ratelimit-scope": queued.global ? "global" : "shared" };
          if (queued.header !== false) headers["retry-after"] = String(Math.ceil(queued.retryAfter));
          return answer(429, { message: "You are being rate limited.", retry_after: queued.retryAfter, global: queued.global ?? false }, headers);
        }
        if (queued.status === 404) return answer(404, { message: "Unknown Webhook", code: 10015 });
        if (queued.status === 401) return answer(401, { message: "Invalid Webhook Token", code: 50027 });
        return answer(queued.status, { message: "Internal Server Error", code: 0 });
      }
      if (deleted.has(record.webhookId)) return answer(404, { message: "Unknown Webhook", code: 10015 });
      const errors = embedErrors(record.payload);
      if (errors) return answer(400, { message: "Invalid Form Body", code: 50035, errors });
      const id = String(nextMessageId++);
      const message = {
        id,
        type: 0,
        channel_id: "1200000000000000001",
        webhook_id: record.webhookId,
        content: "",
        embeds: record.payload.embeds ?? [],
        attachments: record.files.map((f, i) => ({
          id: String(nextMessageId + BigInt(i)),
          filename: f.filename,
          size: f.size,
          content_type: f.contentType,
        })),
        timestamp: new Date().toISOString(),
      };
      return record.wait
        ? answer(200, message)
        : (() => {
            record.status = 204;
            res.writeHead(204);
            res.end();
          })();
    })().catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    queue: (...more) => answers.push(...more),
    deleteWebhook: (id) => deleted.add(id),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
