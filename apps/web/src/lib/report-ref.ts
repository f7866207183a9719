// The server's own parser (packages/api/src/report-ref.ts, dependency-free), so the form can say
// which report a pasted link points at before sending it; the server still decides.
export { parseReportRef } from "@progboard/api/report-ref";
export { isFileReportCode } from "@progboard/domain";

export function reportUrl(code: string): string {
  return `https://www.fflogs.com/reports/${encodeURIComponent(code)}`;
}
