import { describe, expect, it } from "vitest";
import { LIMITS } from "./limits";
import { FFLOGS_REPORT_CODE, fileReportCode, isFflogsReportCode, isFileReportCode, parseReportRef, reportCodeForDisplay } from "./report-code";

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

describe("FFLogs report codes", () => {
  it("one pattern: letters and digits, of the length LIMITS says", () => {
    const { minLength, maxLength } = LIMITS.reportCode;
    expect(FFLOGS_REPORT_CODE.test("a".repeat(minLength))).toBe(true);
    expect(FFLOGS_REPORT_CODE.test("a".repeat(maxLength))).toBe(true);
    expect(isFflogsReportCode("a".repeat(minLength - 1))).toBe(false);
    expect(isFflogsReportCode("a".repeat(maxLength + 1))).toBe(false);
    expect(isFflogsReportCode("bad code!!")).toBe(false);
    expect(isFflogsReportCode(`file:${"0".repeat(64)}`)).toBe(false);
    expect(isFflogsReportCode(42)).toBe(false);
  });

  it("a reference longer than a URL can be is refused unread", () => {
    expect(parseReportRef(`https://www.fflogs.com/reports/AbCdEf123456?${"x".repeat(LIMITS.reportRef.maxLength)}`)).toBeNull();
    expect(parseReportRef("https://www.fflogs.com/reports/AbCdEf123456?fight=3")).toBe("AbCdEf123456");
  });
});
