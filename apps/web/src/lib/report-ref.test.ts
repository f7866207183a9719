import { describe, expect, it } from "vitest";
import { parseReportRef, reportUrl } from "./report-ref";

describe("parseReportRef", () => {
  it("takes a bare code as it is", () => {
    expect(parseReportRef("  AbCdEf123456 ")).toBe("AbCdEf123456");
  });

  it("takes the code out of a pasted FFLogs URL, fight and tab parts included", () => {
    expect(parseReportRef("https://www.fflogs.com/reports/AbCdEf123456?fight=3")).toBe("AbCdEf123456");
    expect(parseReportRef("https://www.fflogs.com/reports/AbCdEf123456#fight=last&type=deaths")).toBe("AbCdEf123456");
    expect(parseReportRef("fr.fflogs.com/reports/AbCdEf123456/")).toBe("AbCdEf123456");
  });

  it("refuses other sites and other FFLogs pages", () => {
    expect(parseReportRef("https://evil.example/reports/AbCdEf123456")).toBeNull();
    expect(parseReportRef("https://notfflogs.com/reports/AbCdEf123456")).toBeNull();
    expect(parseReportRef("https://www.fflogs.com/character/eu/Twintania/Aoi")).toBeNull();
    expect(parseReportRef("abc")).toBeNull();
    expect(parseReportRef("")).toBeNull();
  });
});

describe("reportUrl", () => {
  it("links to the report on FFLogs", () => {
    expect(reportUrl("AbCdEf123456")).toBe("https://www.fflogs.com/reports/AbCdEf123456");
  });
});
