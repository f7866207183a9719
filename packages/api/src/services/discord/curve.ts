// The night's prog curve as a PNG, drawn on the server (png.ts): each pull's progress through the
// fight as a dot, kills larger and green, pulls whose progress was not logged as grey ticks on the
// axis (unknown is not 0%), and the best-so-far line over them.
import type { NightReport } from "@progboard/analysis";
import { type Canvas, createCanvas, disc, encodePng, fillRect, line, type Rgba, text, textWidth } from "./png";

export interface CurvePoint {
  pullNumber: number;
  /** How far into the fight, 0–100 (100 − the fight % remaining); null when not logged. */
  progress: number | null;
  kill: boolean;
}

export const CURVE_SIZE = { width: 800, height: 320 } as const;
/** More pulls than this in a night are drawn as the last ones only (a night has far fewer). */
export const CURVE_MAX_POINTS = 2000;

const BACKGROUND: Rgba = [43, 45, 49, 255]; // Discord's dark embed background
const GRID: Rgba = [255, 255, 255, 28];
const AXIS_TEXT: Rgba = [181, 186, 193, 255];
const PULL: Rgba = [88, 166, 255, 220];
const KILL: Rgba = [87, 242, 135, 255];
const UNKNOWN: Rgba = [148, 155, 164, 200];
const BEST: Rgba = [250, 166, 26, 255];

/** The night's pulls as curve points, in pull order. */
export function curvePoints(night: Pick<NightReport, "session">): CurvePoint[] {
  return night.session.pulls.map((p) => ({
    pullNumber: p.pullNumber,
    kill: p.kill,
    progress: p.kill ? 100 : p.fightPercentage === null ? null : Math.min(100, Math.max(0, 100 - p.fightPercentage)),
  }));
}

/** Draws the curve; returns the canvas (encodeCurve makes the PNG). */
export function drawCurve(all: readonly CurvePoint[]): Canvas {
  const points = all.slice(-CURVE_MAX_POINTS);
  const { width, height } = CURVE_SIZE;
  const canvas = createCanvas(width, height, BACKGROUND);
  const left = 56;
  const right = width - 20;
  const top = 34;
  const bottom = height - 34;
  const y = (progress: number) => bottom - ((bottom - top) * progress) / 100;
  const x = (i: number) => (points.length <= 1 ? (left + right) / 2 : left + ((right - left) * i) / (points.length - 1));

  for (const mark of [0, 25, 50, 75, 100]) {
    line(canvas, left, y(mark), right, y(mark), GRID);
    const label = `${mark}%`;
    text(canvas, left - 8 - textWidth(label, 2), y(mark) - 5, label, AXIS_TEXT, 2);
  }
  // The legend: the best so far, the pulls, kills.
  fillRect(canvas, left, 10, 18, 4, BEST);
  text(canvas, left + 24, 7, "BEST", AXIS_TEXT, 2);
  disc(canvas, left + 90, 12, 4, PULL);
  text(canvas, left + 100, 7, "PULLS", AXIS_TEXT, 2);
  disc(canvas, left + 170, 12, 5, KILL);
  text(canvas, left + 180, 7, "KILL", AXIS_TEXT, 2);

  if (points.length > 0) {
    const first = `PULL ${points[0]?.pullNumber ?? ""}`;
    const last = `PULL ${points.at(-1)?.pullNumber ?? ""}`;
    text(canvas, left, bottom + 12, first, AXIS_TEXT, 2);
    if (points.length > 1) text(canvas, right - textWidth(last, 2), bottom + 12, last, AXIS_TEXT, 2);
  }

  // Best so far: a step line from the first pull with a known progress, under the pulls.
  let best: number | null = null;
  let prev: { x: number; y: number } | null = null;
  points.forEach((p, i) => {
    if (p.progress !== null && (best === null || p.progress > best)) best = p.progress;
    if (best === null) return;
    const at = { x: x(i), y: y(best) };
    if (prev) {
      line(canvas, prev.x, prev.y, at.x, prev.y, BEST, 3);
      line(canvas, at.x, prev.y, at.x, at.y, BEST, 3);
    }
    prev = at;
  });

  // The pulls over it.
  const radius = points.length > 300 ? 2 : 3;
  points.forEach((p, i) => {
    if (p.progress === null) line(canvas, x(i), bottom - 4, x(i), bottom + 4, UNKNOWN, 2);
    else disc(canvas, x(i), y(p.progress), p.kill ? radius + 2 : radius, p.kill ? KILL : PULL);
  });
  return canvas;
}

/** The night's prog curve as PNG bytes. */
export function renderProgCurve(night: Pick<NightReport, "session">): Buffer {
  return encodePng(drawCurve(curvePoints(night)));
}
