// What a report reference is: a code, or an FFLogs report URL. It depends only on the leaf
// @progboard/domain, so the web app's form uses this same function to say which report a pasted
// link points at before sending it.
import { LIMITS } from "@progboard/domain";

const { minLength, maxLength } = LIMITS.reportCode;

/** A report code as stored: what FFLogs puts after /reports/ in a public report's URL. */
export const REPORT_CODE = new RegExp(`^[A-Za-z0-9]{${minLength},${maxLength}}$`);
const REPORT_PATH = new RegExp(`^/reports/([A-Za-z0-9]{${minLength},${maxLength}})/?$`);

/**
 * The report code in a code or an FFLogs report URL (any fflogs.com host, with or without
 * fight/tab parameters), else null. Private reports ("a:…" codes) cannot be fetched with client
 * credentials, so they are not report references here.
 */
export function parseReportRef(raw: string): string | null {
  const text = raw.trim();
  if (REPORT_CODE.test(text)) return text;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  const host = url.hostname.toLowerCase();
  if (host !== "fflogs.com" && !host.endsWith(".fflogs.com")) return null;
  const match = REPORT_PATH.exec(url.pathname);
  return match?.[1] ?? null;
}
