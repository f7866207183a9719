// What a report reference is: a code, or an FFLogs report URL. Dependency-free, so the web app's
// form uses this same function to say which report a pasted link points at before sending it.

/** A report code as stored: what FFLogs puts after /reports/ in a public report's URL. */
export const REPORT_CODE = /^[A-Za-z0-9]{6,40}$/;

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
  const match = /^\/reports\/([A-Za-z0-9]{6,40})\/?$/.exec(url.pathname);
  return match?.[1] ?? null;
}
