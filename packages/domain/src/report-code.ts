// Two kinds of report key. An FFLogs code (what FFLogs puts after /reports/) names data fetched
// from FFLogs with the instance's credentials: authoritative, shared by every static that watches
// it. A file key (`file:` and the SHA-256 of the file's content) names data a user uploaded: their
// claim, visible only to the statics that imported that same content. A file never writes under an
// FFLogs code, whatever code it carries inside (that one is kept as the watch's label).
import { LIMITS } from "./limits";

export const FILE_REPORT_PREFIX = "file:";

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
