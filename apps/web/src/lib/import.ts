// Upload a report export (the FFLogs API's JSON shapes, as one document or JSON lines) to
// POST /api/import as the given static. Pure apart from the injected fetch, so it is unit-tested.
import { staticHeaders } from "./static-pin";

export const IMPORT_URL = "/api/import";
/** The server's limit; checked here first so nobody waits for an upload that will be refused. */
export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;
export const IMPORT_MAX_LABEL = "200 MB";
export const IMPORT_ACCEPT = ".json,.jsonl";

export interface ImportedReport {
  /** Where the file's data is stored: `file:` and the SHA-256 of its content. */
  code: string;
  /** The FFLogs code the file says it holds (a label, never a key). */
  reportCode?: string | undefined;
  title: string;
  fights: number;
  pulls: number;
}

export type ImportResult =
  | { ok: true; report: ImportedReport }
  /** `status` is null when no answer came back (or the file was refused before sending). */
  | { ok: false; status: number | null; message: string };

export interface ImportOptions {
  staticId: number;
  label?: string | null;
  fetch?: typeof globalThis.fetch;
}

/** Just the parts of a File this needs (a Blob with a name), so tests can pass a plain Blob. */
export type ImportFile = Blob & { name?: string };

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export async function importReportFile(file: ImportFile, options: ImportOptions): Promise<ImportResult> {
  // Called unbound: window.fetch refuses to run with another object as `this`.
  const send = options.fetch ?? globalThis.fetch;

  if (file.size === 0) return { ok: false, status: null, message: "That file is empty." };
  if (file.size > IMPORT_MAX_BYTES) {
    return {
      ok: false,
      status: null,
      message: `That file is ${formatBytes(file.size)}; report files can be up to ${IMPORT_MAX_LABEL}.`,
    };
  }

  const label = options.label?.trim() ?? "";
  // The file's own name, so the server's messages name it as the user knows it.
  const query = new URLSearchParams({ ...(label === "" ? {} : { label }), ...(file.name ? { name: file.name } : {}) }).toString();
  const url = query === "" ? IMPORT_URL : `${IMPORT_URL}?${query}`;

  let response: Response;
  try {
    response = await send(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "content-type": "application/octet-stream",
        "x-progboard-import": "1",
        ...staticHeaders(options.staticId),
      },
      body: file,
    });
  } catch {
    return { ok: false, status: null, message: "Can't reach the server. Check your connection and try again." };
  }

  const body = await readJson(response);
  if (response.ok) {
    if (isImportedReport(body)) {
      const { code, reportCode, title, fights, pulls } = body;
      return { ok: true, report: { code, reportCode: typeof reportCode === "string" ? reportCode : undefined, title, fights, pulls } };
    }
    return {
      ok: false,
      status: response.status,
      message: "The server took the file but its answer was not understood. Check the list below for the report.",
    };
  }
  return { ok: false, status: response.status, message: serverMessage(body) ?? fallbackMessage(response.status) };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isImportedReport(body: unknown): body is ImportedReport {
  return (
    isRecord(body) &&
    typeof body.code === "string" &&
    typeof body.title === "string" &&
    typeof body.fights === "number" &&
    typeof body.pulls === "number"
  );
}

/** `{ error: { message } }`, the server's refusal written for people. */
function serverMessage(body: unknown): string | null {
  if (!isRecord(body) || !isRecord(body.error)) return null;
  const { message } = body.error;
  return typeof message === "string" && message.trim() !== "" ? message : null;
}

function fallbackMessage(status: number): string {
  switch (status) {
    case 401:
      return "You are signed out. Sign in again, then import the file.";
    case 403:
      return "You can't import reports into this static.";
    case 404:
      return "This server does not accept report files.";
    case 413:
      return `That file is too large; report files can be up to ${IMPORT_MAX_LABEL}.`;
    case 429:
      return "Too many imports at once. Wait a minute and try again.";
    default:
      return status >= 500
        ? `The server could not import the file (error ${status}). Please try again.`
        : `The server refused the file (error ${status}).`;
  }
}

/**
 * A fetch for importReportFile that reports upload progress (fetch cannot: its request body has no
 * progress events), through XMLHttpRequest. `onProgress` gets the share sent, 0 to 1.
 */
export function fetchWithUploadProgress(onProgress: (sent: number) => void): typeof globalThis.fetch {
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(init?.method ?? "GET", input instanceof Request ? input.url : input.toString());
      xhr.withCredentials = init?.credentials !== "omit";
      for (const [name, value] of new Headers(init?.headers).entries()) xhr.setRequestHeader(name, value);
      xhr.responseType = "text";
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
      };
      xhr.upload.onload = () => onProgress(1);
      xhr.onload = () => {
        const headers = new Headers();
        for (const line of xhr
          .getAllResponseHeaders()
          .trim()
          .split(/[\r\n]+/)) {
          const at = line.indexOf(":");
          if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
        }
        resolve(new Response(xhr.status === 204 ? null : xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers }));
      };
      xhr.onerror = () => reject(new TypeError("Network request failed"));
      xhr.onabort = () => reject(new DOMException("Aborted", "AbortError"));
      xhr.send((init?.body as XMLHttpRequestBodyInit | null | undefined) ?? null);
    });
}
