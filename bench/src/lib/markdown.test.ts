import { describe, expect, it } from "vitest";
import { formatNumber, markdownTable, replaceSection } from "./markdown";

describe("markdownTable", () => {
  it("writes a header, an alignment rule and escaped rows", () => {
    expect(markdownTable(["what", "n"], [["a|b", "1"]], ["left", "right"])).toBe("| what | n |\n| --- | ---: |\n| a\\|b | 1 |");
  });

  it("refuses ragged rows", () => {
    expect(() => markdownTable(["a", "b"], [["1"]])).toThrow(/1 cells/);
  });
});

describe("replaceSection", () => {
  const doc =
    "# Benchmarks\n\nIntro.\n\n<!-- bench:a:start -->\nold a\n<!-- bench:a:end -->\n\nBetween.\n\n<!-- bench:b:start -->\nold b\n<!-- bench:b:end -->\n";

  it("replaces only its own section", () => {
    const next = replaceSection(doc, "a", "new a\n");
    expect(next).toContain("<!-- bench:a:start -->\nnew a\n<!-- bench:a:end -->");
    expect(next).toContain("old b");
    expect(next).toContain("Between.");
    expect(replaceSection(next, "a", "new a")).toBe(next);
  });

  it("appends a missing section", () => {
    expect(replaceSection("# Benchmarks\n", "c", "c body")).toBe("# Benchmarks\n\n<!-- bench:c:start -->\nc body\n<!-- bench:c:end -->\n");
  });

  it("refuses broken markers", () => {
    expect(() => replaceSection("<!-- bench:a:end --> <!-- bench:a:start -->", "a", "x")).toThrow(/broken/);
    expect(() => replaceSection("<!-- bench:a:start -->", "a", "x")).toThrow(/broken/);
  });
});

describe("formatNumber", () => {
  it("groups thousands and fixes decimals", () => {
    expect(formatNumber(12345.6)).toBe("12,346");
    expect(formatNumber(0.4567, 3)).toBe("0.457");
  });
});
