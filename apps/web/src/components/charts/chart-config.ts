// Chart.js configurations for the chart specs. Only the lazily loaded chart module imports this,
// so Chart.js stays out of the initial bundle. Everything is drawn on the canvas (title, legend,
// labels, background), so "Download PNG" saves the chart exactly as shown.
import type { Chart, ChartConfiguration, ChartDataset, Plugin, ScatterDataPoint, TooltipItem } from "chart.js";
import type { ChartFrame, ChartSpec, Series } from "../../lib/chart-spec";
import { FONT_FAMILY, THEME } from "../../lib/palette";
import type { ProgressChart, ProgressPoint } from "../../lib/prog-chart";

type AnyChart = Chart<"bar" | "line" | "scatter">;

/** Fills the canvas first: a transparent PNG would lose its light text on a light viewer. */
const background: Plugin = {
  id: "progboardBackground",
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = THEME.background;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

function font(size: number, weight: number | "normal" = "normal"): string {
  return `${weight} ${size}px ${FONT_FAMILY}`;
}

/** Text with a dark outline, readable over points and lines. */
function outlinedText(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, color: string = THEME.text): void {
  ctx.lineWidth = 3;
  ctx.strokeStyle = THEME.background;
  ctx.strokeText(text, x, y);
  ctx.fillStyle = color;
  ctx.fillText(text, x, y);
}

function framePlugins(frame: ChartFrame) {
  return {
    title: {
      display: true,
      text: frame.title,
      align: "start" as const,
      color: THEME.text,
      font: { family: FONT_FAMILY, size: 15, weight: 600 },
      padding: { top: 4, bottom: 2 },
    },
    subtitle: {
      display: true,
      text: frame.subtitle,
      align: "start" as const,
      color: THEME.muted,
      font: { family: FONT_FAMILY, size: 12 },
      padding: { bottom: 10 },
    },
  };
}

function legend(display: boolean) {
  return {
    display,
    position: "top" as const,
    align: "end" as const,
    labels: { color: THEME.text, usePointStyle: true, boxWidth: 8, boxHeight: 8, padding: 14, font: { family: FONT_FAMILY, size: 12 } },
  };
}

const tooltip = {
  backgroundColor: "#0d1117",
  borderColor: THEME.grid,
  borderWidth: 1,
  titleColor: THEME.text,
  bodyColor: THEME.text,
  titleFont: { family: FONT_FAMILY, weight: 600 as const },
  bodyFont: { family: FONT_FAMILY },
  padding: 8,
};

function axisTitle(text: string) {
  return { display: true, text, color: THEME.muted, font: { family: FONT_FAMILY, size: 12 } };
}

const ticks = { color: THEME.muted, font: { family: FONT_FAMILY, size: 12 } };

export function buildConfig(spec: ChartSpec, frame: ChartFrame): ChartConfiguration<"bar" | "line" | "scatter"> {
  switch (spec.kind) {
    case "progress":
      return progressConfig(spec.data, frame);
    case "bar":
      return barConfig(spec, frame);
    case "line":
      return lineConfig(spec, frame);
  }
}

// ---------------------------------------------------------------------------------------------
// Prog curve

const SESSION_BEST = THEME.warn;

function progressConfig(data: ProgressChart, frame: ChartFrame): ChartConfiguration<"scatter"> {
  const byPull = new Map(data.points.map((p) => [p.pullNumber, p]));
  const xy = (points: readonly ProgressPoint[]): ScatterDataPoint[] => points.map((p) => ({ x: p.pullNumber, y: p.score }));
  const of = (outcome: ProgressPoint["outcome"]) => data.points.filter((p) => p.outcome === outcome);
  const lastPull = data.points[data.points.length - 1]?.pullNumber ?? 1;
  const firstPull = data.points[0]?.pullNumber ?? 1;
  const bandAt = (value: number) => data.bands.find((b) => value >= b.from && value < b.from + 1);

  // Mixed chart: scatter for pulls, a stepped line for the best so far (Chart.js types it loosely).
  const datasets = [
    {
      type: "line",
      label: "Best so far",
      data: data.points.map((p) => ({ x: p.pullNumber, y: p.bestSoFar })),
      borderColor: "rgba(158, 206, 106, 0.75)",
      backgroundColor: "rgba(158, 206, 106, 0.75)",
      borderWidth: 2,
      // Chart.js "before": level at the earlier best until the pull that beats it, then up.
      stepped: "before",
      pointRadius: 0,
      pointHitRadius: 0,
      order: 4,
    },
    {
      label: "Wipe",
      data: xy(of("wipe")),
      backgroundColor: "rgba(122, 162, 247, 0.8)",
      borderColor: "rgba(122, 162, 247, 1)",
      pointRadius: 3.5,
      pointHoverRadius: 5,
      order: 3,
    },
    {
      label: "Reset",
      data: xy(of("reset")),
      backgroundColor: "rgba(154, 161, 173, 0.55)",
      borderColor: "rgba(154, 161, 173, 0.8)",
      pointRadius: 2.5,
      pointHoverRadius: 4,
      order: 3,
    },
    {
      // Wipes whose phase FFLogs did not log: at the floor, hollow, never read as P1.
      label: "Phase unknown",
      data: xy(of("unknown")),
      backgroundColor: "rgba(0, 0, 0, 0)",
      borderColor: "rgba(169, 177, 214, 0.9)",
      borderWidth: 1.5,
      pointStyle: "triangle",
      pointRadius: 4,
      pointHoverRadius: 5,
      order: 3,
    },
    {
      label: "Kill",
      data: xy(of("kill")),
      backgroundColor: THEME.ok,
      borderColor: THEME.ok,
      pointStyle: "rectRot",
      pointRadius: 7,
      pointHoverRadius: 8,
      order: 2,
    },
    {
      label: "Session best",
      data: xy(data.points.filter((p) => p.isSessionBest)),
      backgroundColor: "rgba(0, 0, 0, 0)",
      borderColor: SESSION_BEST,
      borderWidth: 2,
      pointRadius: 7,
      pointHoverRadius: 8,
      order: 1,
    },
  ] as unknown as ChartDataset<"scatter">[];

  const decor: Plugin<"scatter"> = {
    id: "progboardProgressDecor",
    beforeDatasetsDraw(chart) {
      const { ctx, chartArea: area, scales } = chart;
      const x = scales.x;
      const y = scales.y;
      if (!x || !y) return;
      ctx.save();
      // Phase bands: intermissions shaded, the kill band tinted, a hairline between phases.
      for (const band of data.bands) {
        const top = y.getPixelForValue(band.from + 1);
        const bottom = y.getPixelForValue(band.from);
        if (band.label === "Kill") ctx.fillStyle = "rgba(158, 206, 106, 0.07)";
        else if (band.isIntermission) ctx.fillStyle = THEME.band;
        else continue;
        ctx.fillRect(area.left, top, area.right - area.left, bottom - top);
      }
      ctx.strokeStyle = THEME.grid;
      ctx.lineWidth = 1;
      for (const band of data.bands.slice(1)) {
        const py = Math.round(y.getPixelForValue(band.from)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(area.left, py);
        ctx.lineTo(area.right, py);
        ctx.stroke();
      }
      // Sessions: a dashed line where each starts, its name at the top when there is room.
      ctx.font = font(11);
      ctx.textBaseline = "top";
      let freeFrom = -Infinity;
      data.sessions.forEach((session, i) => {
        const px = Math.round(x.getPixelForValue(session.firstPull - 0.5)) + 0.5;
        if (i > 0) {
          ctx.setLineDash([4, 4]);
          ctx.strokeStyle = "rgba(154, 161, 173, 0.45)";
          ctx.beginPath();
          ctx.moveTo(px, area.top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
          ctx.setLineDash([]);
        }
        const width = ctx.measureText(session.name).width;
        const next = data.sessions[i + 1];
        const room = (next ? x.getPixelForValue(next.firstPull - 0.5) : area.right) - px;
        if (px + 4 >= freeFrom && room >= width + 8) {
          ctx.fillStyle = THEME.muted;
          ctx.fillText(session.name, px + 4, area.top + 4);
          freeFrom = px + 4 + width + 10;
        }
      });
      // Prog points: where each phase milestone starts.
      ctx.font = font(11, 600);
      ctx.textBaseline = "bottom";
      ctx.textAlign = "right";
      for (const point of data.progPoints) {
        const py = Math.round(y.getPixelForValue(point.score)) + 0.5;
        ctx.setLineDash([6, 4]);
        ctx.strokeStyle = THEME.danger;
        ctx.beginPath();
        ctx.moveTo(area.left, py);
        ctx.lineTo(area.right, py);
        ctx.stroke();
        ctx.setLineDash([]);
        outlinedText(ctx, `◆ ${point.label}`, area.right - 6, py - 3, THEME.danger);
      }
      ctx.restore();
    },
    afterDatasetsDraw(chart) {
      // Each session's best pull, labelled "P4 23.5%" / "Kill"; a label that would overlap one
      // already drawn is left out (the tooltip and the table still have it).
      const { ctx, scales, chartArea: area } = chart;
      const x = scales.x;
      const y = scales.y;
      if (!x || !y) return;
      ctx.save();
      ctx.font = font(11.5, 600);
      ctx.textAlign = "center";
      ctx.textBaseline = "bottom";
      const drawn: { left: number; right: number; top: number; bottom: number }[] = [];
      for (const p of data.points.filter((q) => q.isSessionBest)) {
        const width = ctx.measureText(p.label).width;
        const pointX = x.getPixelForValue(p.pullNumber);
        const pointY = y.getPixelForValue(p.score);
        // Above the point; beside it (on the left) when above would leave the plot, as for a kill.
        const beside = pointY - 24 < area.top;
        const px = beside ? pointX - 12 - width / 2 : Math.min(Math.max(pointX, area.left + width / 2 + 2), area.right - width / 2 - 2);
        const py = beside ? pointY + 5 : pointY - 10;
        const box = { left: px - width / 2 - 3, right: px + width / 2 + 3, top: py - 14, bottom: py };
        if (drawn.some((d) => box.left < d.right && box.right > d.left && box.top < d.bottom && box.bottom > d.top)) continue;
        drawn.push(box);
        outlinedText(ctx, p.label, px, py, p.outcome === "kill" ? THEME.ok : THEME.text);
      }
      ctx.restore();
    },
  };

  return {
    type: "scatter",
    data: { datasets },
    plugins: [background, decor],
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      layout: { padding: { right: 8 } },
      interaction: { mode: "nearest", intersect: true },
      scales: {
        x: {
          type: "linear",
          min: firstPull - 0.5,
          max: lastPull + 0.5,
          title: axisTitle("Pull"),
          // The axis runs half a pull past each end, which Chart.js would label ("0.5"): pulls are whole.
          afterBuildTicks: (axis) => {
            axis.ticks = axis.ticks.filter((t) => Number.isInteger(t.value));
          },
          ticks: { ...ticks, precision: 0 },
          grid: { color: "rgba(50, 55, 67, 0.6)" },
          border: { color: THEME.grid },
        },
        y: {
          type: "linear",
          min: 0,
          max: data.yMax,
          title: axisTitle("Reached"),
          afterBuildTicks: (axis) => {
            axis.ticks = data.bands.map((b) => ({ value: b.from + 0.5 }));
          },
          ticks: { ...ticks, autoSkip: false, callback: (value) => bandAt(Number(value))?.label ?? "" },
          grid: { display: false },
          border: { color: THEME.grid },
        },
      },
      plugins: {
        ...framePlugins(frame),
        legend: {
          ...legend(true),
          labels: {
            ...legend(true).labels,
            filter: (item) =>
              (item.text !== "Kill" || data.points.some((p) => p.outcome === "kill")) &&
              (item.text !== "Phase unknown" || data.points.some((p) => p.outcome === "unknown")),
          },
        },
        tooltip: {
          ...tooltip,
          filter: (item: TooltipItem<"scatter">) => item.dataset.label !== "Best so far",
          callbacks: {
            title: (items: TooltipItem<"scatter">[]) => {
              const p = byPull.get(items[0]?.parsed.x ?? NaN);
              return p ? `Pull ${p.pullNumber} · ${p.session}` : "";
            },
            label: (item: TooltipItem<"scatter">) => {
              const p = byPull.get(item.parsed.x ?? NaN);
              if (!p) return "";
              const tag = item.dataset.label === "Session best" ? (p.isRecord ? " (session best, new best)" : " (session best)") : "";
              return `${p.label}${tag}`;
            },
          },
        },
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Bars and lines

function formatValue(value: number, decimals: number): string {
  return decimals === 0 ? String(Math.round(value)) : String(Math.round(value * 10 ** decimals) / 10 ** decimals);
}

/** Each bar's value at its end, so nobody has to read it off the axis. */
function barValues(decimals: number, horizontal: boolean): Plugin<"bar"> {
  return {
    id: "progboardBarValues",
    afterDatasetsDraw(chart: AnyChart) {
      const { ctx } = chart;
      ctx.save();
      ctx.font = font(11.5, 600);
      ctx.textBaseline = horizontal ? "middle" : "bottom";
      ctx.textAlign = horizontal ? "left" : "center";
      chart.data.datasets.forEach((dataset, i) => {
        const meta = chart.getDatasetMeta(i);
        if (meta.hidden) return;
        meta.data.forEach((element, j) => {
          const value = dataset.data[j];
          if (typeof value !== "number") return;
          const { x, y } = element.getProps(["x", "y"], true) as { x: number; y: number };
          outlinedText(ctx, formatValue(value, decimals), horizontal ? x + 5 : x, horizontal ? y : y - 4);
        });
      });
      ctx.restore();
    },
  };
}

function colorsOf(series: Series): string | string[] {
  return typeof series.color === "string" ? series.color : [...series.color];
}

function barConfig(spec: Extract<ChartSpec, { kind: "bar" }>, frame: ChartFrame): ChartConfiguration<"bar"> {
  const valueAxis = spec.horizontal ? "x" : "y";
  const categoryAxis = spec.horizontal ? "y" : "x";
  const max = Math.max(0, ...spec.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  return {
    type: "bar",
    data: {
      labels: [...spec.categories],
      datasets: spec.series.map((s) => ({
        label: s.label,
        data: [...s.values],
        backgroundColor: colorsOf(s),
        borderRadius: 3,
        maxBarThickness: 26,
        categoryPercentage: 0.75,
        barPercentage: 0.9,
      })),
    },
    plugins: [background, barValues(spec.decimals, spec.horizontal)],
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: spec.horizontal ? "y" : "x",
      // Room for the value printed past the longest bar.
      layout: { padding: { right: spec.horizontal ? 36 : 8, top: spec.horizontal ? 0 : 12 } },
      scales: {
        [valueAxis]: {
          beginAtZero: true,
          // Headroom so the longest bar's value label fits inside the plot.
          suggestedMax: max * 1.08,
          title: axisTitle(spec.valueTitle),
          ticks: { ...ticks, precision: spec.decimals === 0 ? 0 : undefined },
          grid: { color: "rgba(50, 55, 67, 0.6)" },
          border: { color: THEME.grid },
        },
        [categoryAxis]: {
          ticks: { ...ticks, color: THEME.text, autoSkip: false },
          grid: { display: false },
          border: { color: THEME.grid },
        },
      },
      plugins: {
        ...framePlugins(frame),
        legend: legend(spec.series.length > 1),
        tooltip,
      },
    },
  };
}

function lineConfig(spec: Extract<ChartSpec, { kind: "line" }>, frame: ChartFrame): ChartConfiguration<"line"> {
  return {
    type: "line",
    data: {
      labels: [...spec.categories],
      datasets: spec.series.map((s) => {
        const color = typeof s.color === "string" ? s.color : (s.color[0] ?? THEME.accent);
        return {
          label: s.label,
          data: [...s.values],
          borderColor: color,
          backgroundColor: color,
          borderWidth: 2,
          pointRadius: 3.5,
          pointHoverRadius: 5,
          tension: 0,
          spanGaps: false,
        };
      }),
    },
    plugins: [background],
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: "nearest", intersect: false, axis: "x" },
      scales: {
        y: { beginAtZero: true, title: axisTitle(spec.valueTitle), ticks, grid: { color: "rgba(50, 55, 67, 0.6)" }, border: { color: THEME.grid } },
        x: { ticks: { ...ticks, color: THEME.text }, grid: { display: false }, border: { color: THEME.grid } },
      },
      plugins: {
        ...framePlugins(frame),
        legend: legend(true),
        tooltip: {
          ...tooltip,
          callbacks: {
            afterLabel: (item: TooltipItem<"line">) => [...(spec.series[item.datasetIndex]?.notes?.[item.dataIndex] ?? [])],
          },
        },
      },
    },
  };
}
