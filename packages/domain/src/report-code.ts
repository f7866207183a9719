// Two kinds of report key. An FFLogs code (what FFLogs puts after /reports/) names data fetched
// from FFLogs with the instance's credentials: authoritative, shared by every static that watches
// it. A file key (`file:` and the SHA-256 of the file's content) names data a user uploaded: their
// claim, visible only to the statics that imported that same content. A file never writes under an
// FFLogs code, whatever code it carries inside (that one is kept as the watch's label).
import { LIMITS } from "./limits";

export const FILE_REPORT_PREFIX = "file:";

const { minLength, maxLength } = LIMITS.reportCode;

/**
 * An FFLogs report code: what FFLogs puts after /reports/ in a public report's URL. The one
 * pattern every package checks a code against (API inputs, the FFLogs client's listings, file
 * imports, the web form, the command line); the database's check says the same in SQL.
 */
export const FFLOGS_REPORT_CODE = new RegExp(`^[A-Za-z0-9]{${minLength},${maxLength}}$`);
const FFLOGS_REPORT_PATH = new RegExp(`^/reports/([A-Za-z0-9]{${minLength},${maxLength}})/?$`);

/** True for a string that is an FFLogs report code (never a file key). */
export function isFflogsReportCode(code: unknown): code is string {
  return typeof code === "string" && FFLOGS_REPORT_CODE.test(code);
}

/**
 * The report code in a code or an FFLogs report URL (any fflogs.com host, with or without
 * fight/tab parameters), else null. Private reports ("a:…" codes) cannot be fetched with client
 * credentials, so they are not report references here. Longer input than a URL can be is refused
 * unread.
 */
export function parseReportRef(raw: string): string | null {
  if (raw.length > LIMITS.reportRef.maxLength) return null;
  const text = raw.trim();
  if (FFLOGS_REPORT_CODE.test(text)) return text;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (host !== "fflogs.com" && !host.endsWith(".fflogs.com")) return null;
  const match = FFLOGS_REPORT_PATH.exec(url.pathname);
  return match?.[1] ?? null;
}

/** `file:` and 64 lower-case hex digits. */
export const FILE_REPORT_CODE = new RegExp(`^${FILE_REPORT_PREFIX}[0-9a-f]{${LIMITS.fileReportHash.length}}$`);

/** The report key of a file whose content has this SHA-256 (hex). */
export function fileReportCode(sha256Hex: string): string {
  const code = `${FILE_REPORT_PREFIX}${sha256Hex.toLowerCase()}`;
  if (!FILE_REPORT_CODE.test(code)) throw new Error("fileReportCode needs a SHA-256 in hex");
  return code;
}

/** True for a key that came from an imported file (never fetched from FFLogs). */
export function isFileReportCode(code: string): boolean {
  return FILE_REPORT_CODE.test(code);
}

/**
 * A report key as people read it: an FFLogs code as it is, a file key shortened to
 * "file 1a2b3c4d" (the first 8 digits of its hash tell uploads apart; the label says what it is).
 */
export function reportCodeForDisplay(code: string): string {
  return isFileReportCode(code) ? `file ${code.slice(FILE_REPORT_PREFIX.length, FILE_REPORT_PREFIX.length + 8)}` : code;
}
