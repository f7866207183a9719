import { describe, expect, it } from "vitest";
import { toCsv } from "./csv";

describe("toCsv", () => {
  it("writes a header and CRLF-terminated rows", () => {
    expect(
      toCsv(
        [
          { a: 1, b: "x" },
          { a: 2, b: "y" },
        ],
        ["a", "b"],
      ),
    ).toBe("a,b\r\n1,x\r\n2,y\r\n");
  });

  it("quotes commas, quotes and line breaks, doubling quotes (RFC 4180)", () => {
    const csv = toCsv([{ v: 'say "hi", then\nleave' }, { v: "a\r\nb" }], ["v"]);
    expect(csv).toBe('v\r\n"say ""hi"", then\nleave"\r\n"a\r\nb"\r\n');
  });

  it("writes null and undefined as empty, objects as JSON, booleans and numbers as text", () => {
    const csv = toCsv([{ n: null, u: undefined, o: { x: 1 }, b: false, f: 0.5 }], ["n", "u", "o", "b", "f"]);
    expect(csv).toBe('n,u,o,b,f\r\n,,"{""x"":1}",false,0.5\r\n');
  });

  it("takes computed columns with their own header", () => {
    const rows = [{ firstDeath: { player: "Aria" } }, { firstDeath: null }];
    expect(toCsv(rows, [{ header: "first death", value: (r) => r.firstDeath?.player }])).toBe("first death\r\nAria\r\n\r\n");
  });

  it("guards text that a spreadsheet would run as a formula, but not numbers", () => {
    expect(toCsv([{ s: "=HYPERLINK(1)", n: -3 }], ["s", "n"])).toBe("s,n\r\n'=HYPERLINK(1),-3\r\n");
    expect(toCsv([{ s: "=1" }], ["s"], { guardFormulas: false })).toBe("s\r\n=1\r\n");
  });

  it("writes only the header for no rows", () => {
    expect(toCsv([] as { a: number }[], ["a"])).toBe("a\r\n");
  });
});
