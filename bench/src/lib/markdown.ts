// Markdown for docs/benchmarks.md: tables, and per-benchmark sections between markers so each
// benchmark refreshes only its own part of the page.

export type Align = "left" | "right";

/** A GitHub-flavoured Markdown table; `|` in cells is escaped. */
export function markdownTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const escape = (cell: string) => cell.replaceAll("|", "\\|");
  const line = (cells: string[]) => `| ${cells.map(escape).join(" | ")} |`;
  const rule = headers.map((_, i) => (align[i] === "right" ? "---:" : "---"));
  for (const row of rows) {
    if (row.length !== headers.length) throw new Error(`table row has ${row.length} cells, expected ${headers.length}`);
  }
  return [line(headers), `| ${rule.join(" | ")} |`, ...rows.map(line)].join("\n");
}

export const sectionStart = (name: string) => `<!-- bench:${name}:start -->`;
export const sectionEnd = (name: string) => `<!-- bench:${name}:end -->`;

/**
 * Replaces what lies between the section's markers with `body`, or appends a marked section at
 * the end when the page has none yet. Everything outside the markers is left as it was.
 */
export function replaceSection(doc: string, name: string, body: string): string {
  const start = sectionStart(name);
  const end = sectionEnd(name);
  const block = `${start}\n${body.trim()}\n${end}`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from === -1 && to === -1) return `${doc.trimEnd()}\n\n${block}\n`;
  if (from === -1 || to === -1 || to < from) throw new Error(`docs: the markers of section '${name}' are broken`);
  return doc.slice(0, from) + block + doc.slice(to + end.length);
}

/** 1234.5 → "1,235"; small values keep their decimals. */
export function formatNumber(value: number, decimals = 0): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}
