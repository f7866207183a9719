// The PNG the server draws the prog curve into: a valid file (signature, IHDR, CRCs, the pixels
// inflate back), of the size asked, and the curve itself drawn where its numbers say.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CURVE_SIZE, type CurvePoint, curvePoints, drawCurve, renderProgCurve } from "./curve";
import { crc32, createCanvas, encodePng, fillRect, PNG_SIGNATURE } from "./png";

// What the tests drew and sent, kept to look at after a run (test-results/ is not committed).
const SHOTS = fileURLToPath(new URL("../../../test-results/discord/", import.meta.url));
mkdirSync(SHOTS, { recursive: true });

interface Chunk {
  type: string;
  data: Buffer;
  crcOk: boolean;
}

/** The chunks of a PNG file, each with whether its CRC matches. */
function chunks(png: Buffer): Chunk[] {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const out: Chunk[] = [];
  let at = 8;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString("latin1", at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    out.push({ type, data, crcOk: crc32(png.subarray(at + 4, at + 8 + length)) === png.readUInt32BE(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

/** Decodes what encodePng writes (8-bit RGBA, filter 0 rows) back to pixels. */
function decode(png: Buffer) {
  const parts = chunks(png);
  const ihdr = parts[0]?.data as Buffer;
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(parts.filter((c) => c.type === "IDAT").map((c) => c.data)));
  const pixel = (x: number, y: number) => {
    const i = y * (width * 4 + 1) + 1 + x * 4;
    return [raw[i], raw[i + 1], raw[i + 2], raw[i + 3]];
  };
  return { parts, width, height, bitDepth: ihdr[8], colourType: ihdr[9], interlace: ihdr[12], raw, pixel };
}

describe("PNG encoding", () => {
  it("matches the CRC-32 check value of the standard", () => {
    expect(crc32(Buffer.from("123456789"))).toBe(0xcbf43926);
  });

  it("writes a file whose header, chunks and pixels read back", () => {
    const canvas = createCanvas(7, 3, [10, 20, 30, 255]);
    fillRect(canvas, 2, 1, 2, 1, [200, 100, 50, 255]);
    const png = decode(encodePng(canvas));
    expect(png.parts.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    expect(png.parts.every((c) => c.crcOk)).toBe(true);
    expect({ width: png.width, height: png.height, bitDepth: png.bitDepth, colourType: png.colourType, interlace: png.interlace }).toEqual({
      width: 7,
      height: 3,
      bitDepth: 8,
      colourType: 6,
      interlace: 0,
    });
    expect(png.raw.length).toBe(3 * (7 * 4 + 1));
    expect(png.pixel(0, 0)).toEqual([10, 20, 30, 255]);
    expect(png.pixel(2, 1)).toEqual([200, 100, 50, 255]);
    expect(png.pixel(3, 1)).toEqual([200, 100, 50, 255]);
    expect(png.pixel(4, 1)).toEqual([10, 20, 30, 255]);
  });

  it("refuses a canvas of no size or of an unbounded one", () => {
    expect(() => createCanvas(0, 10, [0, 0, 0, 255])).toThrow(RangeError);
    expect(() => createCanvas(100_000, 100_000, [0, 0, 0, 255])).toThrow(RangeError);
    expect(() => createCanvas(1.5, 10, [0, 0, 0, 255])).toThrow(RangeError);
  });
});

const pulls = (progress: (number | null)[], killAt?: number): CurvePoint[] =>
  progress.map((p, i) => ({ pullNumber: i + 1, progress: i === killAt ? 100 : p, kill: i === killAt }));

describe("the prog curve", () => {
  it("turns pulls into progress: 100 − the fight % remaining, a kill 100, unknown stays unknown", () => {
    const row = (fightPercentage: number | null, kill = false) => ({ pullNumber: 1, kill, fightPercentage }) as never;
    expect(curvePoints({ session: { pulls: [row(62.5), row(null), row(0, true)] } } as never).map((p) => p.progress)).toEqual([37.5, null, 100]);
  });

  it("draws a PNG of the curve's size, small enough for Discord", () => {
    const png = renderProgCurve({
      session: { pulls: Array.from({ length: 80 }, (_, i) => ({ pullNumber: i + 1, kill: false, fightPercentage: 100 - ((i * 37) % 90) })) },
    } as never);
    const decoded = decode(png);
    expect([decoded.width, decoded.height]).toEqual([CURVE_SIZE.width, CURVE_SIZE.height]);
    expect(decoded.parts.every((c) => c.crcOk)).toBe(true);
    expect(png.length).toBeLessThan(200_000);
    writeFileSync(path.join(SHOTS, "curve-80.png"), png);
  });

  it("draws the best-so-far line in orange at the best progress, and a kill in green", () => {
    const canvas = drawCurve(pulls([20, 50, 30, 40, 0], 4));
    const png = decode(encodePng(canvas));
    // Orange somewhere on the row of 50% (top 34, bottom 286: 50% is y = 160) between pulls 2 and 4.
    const orange = (y: number) =>
      Array.from({ length: 700 }, (_, x) => png.pixel(x + 60, y)).some((p) => p[0] === 250 && p[1] === 166 && p[2] === 26);
    expect(orange(160)).toBe(true);
    // The kill at 100% (y = 34), last pull (x = 780): green.
    expect(png.pixel(780, 34)).toEqual([87, 242, 135, 255]);
    writeFileSync(path.join(SHOTS, "curve-kill.png"), encodePng(canvas));
  });

  it("draws a night with no progress logged without a best line, and many pulls as the last 2,000", () => {
    const unknown = decode(encodePng(drawCurve(pulls([null, null, null]))));
    const anyOrange = Array.from({ length: 300 }, (_, y) => Array.from({ length: 800 }, (_, x) => unknown.pixel(x, y)))
      .flat()
      .filter((p) => p[0] === 250 && p[1] === 166 && p[2] === 26);
    // The legend's swatch only (18 × 4 pixels): no line.
    expect(anyOrange.length).toBe(72);
    const many = drawCurve(pulls(Array.from({ length: 5000 }, (_, i) => i % 100)));
    expect(many.width).toBe(800);
  });
});
