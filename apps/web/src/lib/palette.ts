// Colours for canvas drawing, which cannot read CSS variables: the same values as base.css.
export const THEME = {
  background: "#1c1f25",
  text: "#e6e8ec",
  muted: "#9aa1ad",
  grid: "#323743",
  band: "rgba(122, 162, 247, 0.06)",
  accent: "#7aa2f7",
  ok: "#9ece6a",
  danger: "#f7768e",
  warn: "#e0af68",
} as const;

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

// Eight distinct hues that read on the dark surface; a static has eight players.
const PLAYER_COLORS = ["#7aa2f7", "#f7768e", "#9ece6a", "#e0af68", "#bb9af7", "#7dcfff", "#ff9e64", "#c0caf5", "#2ac3de", "#db4b4b"];

/** One colour per player name, the same in every chart of the page: by the name's place in sorted order. */
export function playerColors(names: Iterable<string>): Map<string, string> {
  const sorted = [...new Set(names)].sort((a, b) => a.localeCompare(b));
  return new Map(sorted.map((name, i) => [name, PLAYER_COLORS[i % PLAYER_COLORS.length] ?? THEME.accent]));
}
