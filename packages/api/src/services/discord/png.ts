// A tiny raster: an RGBA buffer drawn into in TypeScript and encoded as PNG with node:zlib, so the
// server renders the prog curve without a browser or a native package. PNG as specified in
// https://www.w3.org/TR/png/ : signature, IHDR, one IDAT (filter 0 on every row), IEND, each chunk
// with its CRC-32.
import { deflateSync } from "node:zlib";

export type Rgba = readonly [number, number, number, number];

export interface Canvas {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes, row by row. */
  readonly pixels: Uint8Array;
}

/** Canvases are bounded: a prog curve never needs more, and a bad size never allocates gigabytes. */
export const MAX_CANVAS_SIDE = 4096;

export function createCanvas(width: number, height: number, background: Rgba): Canvas {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1 || width > MAX_CANVAS_SIDE || height > MAX_CANVAS_SIDE)
    throw new RangeError(`canvas size must be whole pixels between 1 and ${MAX_CANVAS_SIDE}`);
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < pixels.length; i += 4) pixels.set(background, i);
  return { width, height, pixels };
}

/** Blends `color` over the pixel at (x, y) (alpha 0–255); outside the canvas is ignored. */
export function plot(canvas: Canvas, x: number, y: number, color: Rgba): void {
  const px = Math.round(x);
  const py = Math.round(y);
  if (px < 0 || py < 0 || px >= canvas.width || py >= canvas.height) return;
  const i = (py * canvas.width + px) * 4;
  const a = color[3] / 255;
  const p = canvas.pixels;
  p[i] = Math.round(color[0] * a + (p[i] ?? 0) * (1 - a));
  p[i + 1] = Math.round(color[1] * a + (p[i + 1] ?? 0) * (1 - a));
  p[i + 2] = Math.round(color[2] * a + (p[i + 2] ?? 0) * (1 - a));
  p[i + 3] = 255;
}

export function fillRect(canvas: Canvas, x: number, y: number, w: number, h: number, color: Rgba): void {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(canvas.width, Math.round(x + w));
  const y1 = Math.min(canvas.height, Math.round(y + h));
  for (let py = y0; py < y1; py++) for (let px = x0; px < x1; px++) plot(canvas, px, py, color);
}

/** A line `thickness` pixels wide (a square brush stepped along it). */
export function line(canvas: Canvas, x0: number, y0: number, x1: number, y1: number, color: Rgba, thickness = 1): void {
  const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
  const half = (thickness - 1) / 2;
  const seen = new Set<number>();
  for (let s = 0; s <= steps; s++) {
    const cx = x0 + ((x1 - x0) * s) / steps;
    const cy = y0 + ((y1 - y0) * s) / steps;
    for (let dy = -half; dy <= half; dy++)
      for (let dx = -half; dx <= half; dx++) {
        const px = Math.round(cx + dx);
        const py = Math.round(cy + dy);
        const key = py * canvas.width + px;
        // Each pixel once, so a translucent colour is not blended over itself.
        if (seen.has(key)) continue;
        seen.add(key);
        plot(canvas, px, py, color);
      }
  }
}

export function disc(canvas: Canvas, cx: number, cy: number, r: number, color: Rgba): void {
  for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++)
    for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) plot(canvas, x, y, color);
}

// A 3×5 pixel font for axis labels: digits, "%", ".", space and the capitals of the labels.
const GLYPHS: Record<string, readonly string[]> = {
  "0": ["111", "101", "101", "101", "111"],
  "1": ["010", "110", "010", "010", "111"],
  "2": ["111", "001", "111", "100", "111"],
  "3": ["111", "001", "111", "001", "111"],
  "4": ["101", "101", "111", "001", "001"],
  "5": ["111", "100", "111", "001", "111"],
  "6": ["111", "100", "111", "101", "111"],
  "7": ["111", "001", "010", "010", "010"],
  "8": ["111", "101", "111", "101", "111"],
  "9": ["111", "101", "111", "001", "111"],
  "%": ["101", "001", "010", "100", "101"],
  ".": ["000", "000", "000", "000", "010"],
  " ": ["000", "000", "000", "000", "000"],
  P: ["110", "101", "110", "100", "100"],
  U: ["101", "101", "101", "101", "111"],
  L: ["100", "100", "100", "100", "111"],
  S: ["111", "100", "111", "001", "111"],
  K: ["101", "101", "110", "101", "101"],
  I: ["111", "010", "010", "010", "111"],
  B: ["110", "101", "110", "101", "110"],
  E: ["111", "100", "110", "100", "111"],
  T: ["111", "010", "010", "010", "010"],
};

/** Width in pixels of `text` drawn at `scale`. */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * 4 - 1) * scale;
}

/** Draws `text` (characters the font lacks are left blank) with its top-left corner at (x, y). */
export function text(canvas: Canvas, x: number, y: number, value: string, color: Rgba, scale = 2): void {
  let cx = x;
  for (const ch of value.toUpperCase()) {
    const glyph = GLYPHS[ch];
    if (glyph)
      glyph.forEach((row, gy) => {
        for (let gx = 0; gx < row.length; gx++) if (row[gx] === "1") fillRect(canvas, cx + gx * scale, y + gy * scale, scale, scale, color);
      });
    cx += 4 * scale;
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as PNG uses it). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, "latin1");
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The canvas as a PNG file: 8-bit RGBA, not interlaced. */
export function encodePng(canvas: Canvas): Buffer {
  const { width, height, pixels } = canvas;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // compression: deflate
  header[11] = 0; // filter method 0
  header[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([PNG_SIGNATURE, chunk("IHDR", header), chunk("IDAT", deflateSync(raw, { level: 9 })), chunk("IEND", new Uint8Array(0))]);
}
