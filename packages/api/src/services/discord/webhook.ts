// One POST to a Discord webhook (https://discord.com/developers/docs/resources/webhook#execute-webhook):
// `?wait=true` so Discord answers with the message it created, multipart/form-data with the embed
// in `payload_json` and the PNG as `files[0]`. The answer, whatever it is, becomes one of three
// outcomes in words: sent (the message id), retry (when, honouring Discord's retry_after), failed.
// The webhook's token is never put into an outcome, an error or a log line.
import { DISCORD_LIMITS, type DiscordPayload, embedChars, WEBHOOK_URL_PATTERN } from "./recap";

export interface WebhookAddress {
  id: string;
  token: string;
}

/** The webhook's id and token, or null when `url` is not a Discord webhook address. */
export function parseWebhookUrl(url: string): WebhookAddress | null {
  const match = WEBHOOK_URL_PATTERN.exec(url.trim());
  return match ? { id: match[1] as string, token: match[2] as string } : null;
}

/** Discord's own answer sizes are small; more than this is not Discord. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** Discord takes at most 10 MiB of attachments per message on a server without boosts. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** A retry_after beyond this is waited as this (Discord's are seconds; a day would be a bug). */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

export type WebhookOutcome =
  | { kind: "sent"; messageId: string }
  | { kind: "retry"; reason: string; afterMs: number | null }
  | { kind: "failed"; reason: string };

export interface PostOptions {
  /** Where Discord's API is (tests: the fake's address). */
  apiBase: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** What the payload breaks of Discord's limits, in words; null when it keeps to them. */
export function payloadProblem(payload: DiscordPayload, file: { name: string; bytes: Uint8Array } | null): string | null {
  if (payload.embeds.length > DISCORD_LIMITS.embeds) return `too many embeds (${payload.embeds.length}; Discord takes ${DISCORD_LIMITS.embeds})`;
  const total = payload.embeds.reduce((n, e) => n + embedChars(e), 0);
  if (total > DISCORD_LIMITS.total) return `the embeds hold ${total} characters (Discord takes ${DISCORD_LIMITS.total})`;
  for (const e of payload.embeds) {
    if (e.description.length > DISCORD_LIMITS.description)
      return `an embed's description is ${e.description.length} characters (Discord takes ${DISCORD_LIMITS.description})`;
    if (e.title.length > DISCORD_LIMITS.title) return `an embed's title is ${e.title.length} characters (Discord takes ${DISCORD_LIMITS.title})`;
    if (e.fields.length > DISCORD_LIMITS.fields) return `an embed has ${e.fields.length} fields (Discord takes ${DISCORD_LIMITS.fields})`;
  }
  if (file && file.bytes.length > MAX_FILE_BYTES) return `the image is ${file.bytes.length} bytes (Discord takes ${MAX_FILE_BYTES})`;
  return null;
}

/** Reads at most MAX_RESPONSE_BYTES of the body as text ("" when there is none or it is too long). */
async function boundedText(response: Response): Promise<string> {
  if (!response.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const value of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += value.length;
    // Stops reading (and cancels the body) past the bound.
    if (size > MAX_RESPONSE_BYTES) return "";
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Discord's error message and code, clipped, as words ("Unknown Webhook, code 10015"). */
function discordSaid(body: Record<string, unknown> | null): string {
  if (!body) return "";
  const message = typeof body.message === "string" ? body.message.replace(/\s+/g, " ").slice(0, 120) : "";
  const code = typeof body.code === "number" ? `, code ${body.code}` : "";
  return message ? `: ${message}${code}` : "";
}

/** How long Discord asked to wait: the body's retry_after (seconds, a float), else the Retry-After header. */
export function retryAfterMs(body: Record<string, unknown> | null, headers: Headers): number | null {
  const fromBody =
    body && typeof body.retry_after === "number" && Number.isFinite(body.retry_after) && body.retry_after >= 0 ? body.retry_after : null;
  const header = headers.get("retry-after");
  const fromHeader = header !== null && /^\d+(\.\d+)?$/.test(header.trim()) ? Number(header.trim()) : null;
  const seconds = fromBody ?? fromHeader;
  return seconds === null ? null : Math.min(MAX_RETRY_AFTER_MS, Math.ceil(seconds * 1000));
}

/** Posts the payload (and the file, referenced by the embed as attachment://<name>) to the webhook. */
export async function executeWebhook(
  address: WebhookAddress,
  payload: DiscordPayload,
  file: { name: string; bytes: Uint8Array } | null,
  options: PostOptions,
): Promise<WebhookOutcome> {
  const problem = payloadProblem(payload, file);
  if (problem) return { kind: "failed", reason: `The recap breaks Discord's limits: ${problem}` };
  const form = new FormData();
  const body: Record<string, unknown> = { ...payload };
  if (file) body.attachments = [{ id: 0, filename: file.name }];
  form.set("payload_json", JSON.stringify(body));
  if (file) form.set("files[0]", new Blob([file.bytes], { type: "image/png" }), file.name);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const url = `${options.apiBase.replace(/\/+$/, "")}/api/v10/webhooks/${address.id}/${address.token}?wait=true`;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      body: form,
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    // The error's text may carry the URL (and with it the token): only its kind is kept.
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    return {
      kind: "retry",
      afterMs: null,
      reason: timedOut
        ? `Discord did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`
        : "Discord could not be reached (network error)",
    };
  }
  let text: string;
  try {
    text = await boundedText(response);
  } catch {
    return { kind: "retry", afterMs: null, reason: `Discord's answer (HTTP ${response.status}) broke off` };
  }
  const json = parseJson(text);
  const status = response.status;
  if (status >= 200 && status < 300) {
    const id = json && typeof json.id === "string" && /^\d{1,20}$/.test(json.id) ? json.id : null;
    // wait=true answers with the message: without its id we cannot tell it was posted, yet it was accepted.
    return id
      ? { kind: "sent", messageId: id }
      : { kind: "failed", reason: `Discord accepted the post (HTTP ${status}) but did not say which message it made` };
  }
  if (status === 429) {
    const after = retryAfterMs(json, response.headers);
    const global = json?.global === true ? " (a global limit)" : "";
    return {
      kind: "retry",
      afterMs: after,
      reason: `Discord asked us to slow down${global}${after === null ? "" : `: retry after ${(after / 1000).toFixed(1)} s`}`,
    };
  }
  if (status >= 500) return { kind: "retry", afterMs: null, reason: `Discord had an error (HTTP ${status})${discordSaid(json)}` };
  if (status === 404) return { kind: "failed", reason: "The webhook was deleted in Discord: set a new one" };
  if (status === 401 || status === 403)
    return { kind: "failed", reason: `Discord refused the webhook's token (HTTP ${status})${discordSaid(json)}: set the webhook again` };
  if (status === 413) return { kind: "failed", reason: "The recap was too large for Discord (HTTP 413)" };
  return { kind: "failed", reason: `Discord refused the post (HTTP ${status})${discordSaid(json)}` };
}
