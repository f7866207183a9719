// The server's own parser (packages/domain's report-code.ts), so the form can say which report a
// pasted link points at before sending it; the server still decides.
export { isFileReportCode, parseReportRef } from "@progboard/domain";

export function reportUrl(code: string): string {
  return `https://www.fflogs.com/reports/${encodeURIComponent(code)}`;
}
