// Every request has a bounded cost (issue 12, item 3): /api/trpc bodies are capped in size and
// in time, batches in length; the HTTP server closes connections whose headers or whole request
// take too long. The README states these numbers.
import { LIMITS } from "@progboard/domain";

export interface HttpTimeouts {
  /** The request line and headers must arrive within this (slow-header connections are closed). */
  headersMs: number;
  /** The whole request, body included (a 200 MB import included), must arrive within this. */
  requestMs: number;
  /** An /api/trpc body (at most 1 MB) must arrive within this. */
  trpcBodyMs: number;
  /** How often Node checks the two above. */
  checkEveryMs: number;
}

export const HTTP_TIMEOUTS: HttpTimeouts = { headersMs: 10_000, requestMs: 300_000, trpcBodyMs: 10_000, checkEveryMs: 1_000 };

export const MAX_BATCH_CALLS = LIMITS.batchCalls.max;
export const MAX_TRPC_BODY_BYTES = LIMITS.requestBody.maxBytes;

export type HttpRefusal = { status: 400 | 408 | 413; code: string; message: string };

/** The number of calls in a tRPC URL (`/api/trpc/a,b,c` is three). */
export function batchLength(url: string): number {
  const { pathname } = new URL(url);
  const paths = pathname.slice(pathname.indexOf("/api/trpc/") + "/api/trpc/".length);
  return paths.split(",").length;
}

export const tooManyCalls = (): HttpRefusal => ({
  status: 400,
  code: "BAD_REQUEST",
  message: `At most ${MAX_BATCH_CALLS} calls can be batched in one request`,
});
export const tooLarge = (): HttpRefusal => ({
  status: 413,
  code: "PAYLOAD_TOO_LARGE",
  message: `The request body is larger than ${MAX_TRPC_BODY_BYTES / 1024 / 1024} MB`,
});
export const tooSlow = (): HttpRefusal => ({ status: 408, code: "TIMEOUT", message: "The request body took too long to arrive" });

/**
 * Reads a request body of at most `maxBytes` within `deadlineMs`; a refusal when it is larger or
 * slower (the stream is cancelled: nothing more is read or held).
 */
export async function readBodyCapped(req: Request, maxBytes: number, deadlineMs: number): Promise<Uint8Array | HttpRefusal> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) return tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = (req.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void reader.cancel().catch(() => undefined);
  }, deadlineMs);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return tooLarge();
      }
      chunks.push(value);
    }
  } catch {
    if (timedOut) return tooSlow();
    throw new Error("the request body could not be read");
  } finally {
    clearTimeout(timer);
  }
  if (timedOut) return tooSlow();
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
