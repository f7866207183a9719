import { describe, expect, it } from "vitest";
import { fileReportCode, isFileReportCode, reportCodeForDisplay } from "./report-code";

describe("report keys", () => {
  const hash = "540a8b5728357d0d49aef05c5e74ca1bd4336a5cc9e8b69148cfc8975f405030";

  it("tells a file key from an FFLogs code", () => {
    expect(isFileReportCode(fileReportCode(hash))).toBe(true);
    expect(isFileReportCode("aBcD1234EfGh5678")).toBe(false);
    expect(isFileReportCode(`file:${hash.slice(1)}`)).toBe(false);
  });

  it("reads an FFLogs code as it is and a file key as the start of its hash, never the whole key", () => {
    expect(reportCodeForDisplay("aBcD1234EfGh5678")).toBe("aBcD1234EfGh5678");
    expect(reportCodeForDisplay(fileReportCode(hash))).toBe("file 540a8b57");
  });
});
