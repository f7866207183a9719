// Mirrors the server's parseReportRef (packages/api router/inputs.ts) so the form can say which
// report a pasted link points at before sending it; the server still decides.
const REPORT_CODE = /^[A-Za-z0-9]{6,40}$/;

/** The report code in a code or an FFLogs report URL (any fflogs.com host, any fight/tab part), else null. */
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

export function reportUrl(code: string): string {
  return `https://www.fflogs.com/reports/${encodeURIComponent(code)}`;
}
