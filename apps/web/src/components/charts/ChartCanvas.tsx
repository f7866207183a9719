// The lazily loaded chart module: Chart.js with only the pieces our charts use registered
// (tree-shaken), drawing one chart spec on a canvas.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  SubTitle,
  Title,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "react";
import type { ChartSpec } from "../../lib/chart-spec";
import { FONT_FAMILY, THEME } from "../../lib/palette";
import { buildConfig } from "./chart-config";

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  SubTitle,
  Title,
  Tooltip,
);
Chart.defaults.font.family = FONT_FAMILY;
Chart.defaults.color = THEME.muted;
Chart.defaults.borderColor = THEME.grid;

export interface ChartCanvasProps {
  spec: ChartSpec;
  title: string;
  subtitle: string;
  /** What the chart shows, in words, for screen readers. */
  description: string;
  height: number;
  /** The canvas once drawn (null when it goes), for "Download PNG". */
  onDrawn: (canvas: HTMLCanvasElement | null) => void;
}

export default function ChartCanvas({ spec, title, subtitle, description, height, onDrawn }: ChartCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    // Without animation the first frame is the final one: what is downloaded is what is shown.
    const chart = new Chart(canvas, buildConfig(spec, { title, subtitle }));
    onDrawn(canvas);
    return () => {
      onDrawn(null);
      chart.destroy();
    };
  }, [spec, title, subtitle, onDrawn]);

  return (
    <div className="chart-box" style={{ height }}>
      <canvas ref={canvasRef} role="img" aria-label={`${title}. ${description}`} />
    </div>
  );
}
