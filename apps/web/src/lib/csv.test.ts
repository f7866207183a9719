import { describe, expect, it } from "vitest";
import { type Column, csvField, exportFileName, toCsv } from "./csv";

describe("csvField", () => {
  it("leaves plain text, numbers and booleans as they are, null empty", () => {
    expect(csvField("Aoi Tsukino")).toBe("Aoi Tsukino");
    expect(csvField(23.5)).toBe("23.5");
    expect(csvField(-2)).toBe("-2");
    expect(csvField(true)).toBe("true");
    expect(csvField(null)).toBe("");
  });

  it("quotes commas, quotes and line breaks (RFC 4180), doubling quotes", () => {
    expect(csvField("P3, Tower 2")).toBe('"P3, Tower 2"');
    expect(csvField('the "wall"')).toBe('"the ""wall"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rlf")).toBe('"cr\rlf"');
  });

  it("keeps a spreadsheet from running text as a formula", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("-died")).toBe("'-died");
    expect(csvField("@Aoi")).toBe("'@Aoi");
    expect(csvField("\tTab")).toBe("'\tTab");
    expect(csvField("Aoi=1")).toBe("Aoi=1");
  });
});

describe("toCsv", () => {
  const columns: Column<{ n: number; who: string | null }>[] = [
    { header: "Pull", value: (r) => r.n },
    { header: "First death, if any", value: (r) => r.who },
  ];

  it("writes a header and one CRLF-ended line per row", () => {
    expect(
      toCsv(
        [
          { n: 1, who: "Aoi" },
          { n: 2, who: null },
        ],
        columns,
      ),
    ).toBe('Pull,"First death, if any"\r\n1,Aoi\r\n2,\r\n');
  });

  it("is only the header without rows", () => {
    expect(toCsv([], columns)).toBe('Pull,"First death, if any"\r\n');
  });
});

describe("exportFileName", () => {
  it("names the static, the encounter, the chart and the day", () => {
    const day = new Date(2025, 0, 6, 21, 30);
    expect(exportFileName(["Alpha Static", "The Cinder Throne (Ultimate)", "Deaths per player"], day, "csv")).toBe(
      "progboard-alpha-static-the-cinder-throne-ultimate-deaths-per-player-2025-01-06.csv",
    );
  });

  it("drops what has no letters or digits, and accents", () => {
    expect(exportFileName(["Éclair ✨", "  ", "Prog curve"], new Date(2025, 11, 31), "png")).toBe("progboard-eclair-prog-curve-2025-12-31.png");
  });
});
