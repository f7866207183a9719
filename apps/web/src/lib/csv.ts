// CSV for the "Download CSV" buttons: RFC 4180 (comma separated, CRLF line ends, a field quoted
// when it holds a comma, a quote or a line break, quotes doubled), built from the same columns the
// page's table shows, so the file holds exactly what is on screen.

export type Cell = string | number | boolean | null;

/** One column of a shown table: its header, and the cell of a row as the table prints it. */
export interface Column<T> {
  header: string;
  value: (row: T) => Cell;
}

// A spreadsheet runs a cell starting with one of these as a formula; player names and labels are
// typed by people, so text starting with them is prefixed with an apostrophe (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: text guarded and quoted as needed, numbers and booleans as they are, null empty. */
export function csvField(value: Cell): string {
  if (value === null) return "";
  let text = typeof value === "string" ? value : String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line, then one line per row, each ended by CRLF. */
export function toCsv<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const lines = [columns.map((c) => csvField(c.header)), ...rows.map((row) => columns.map((c) => csvField(c.value(row))))];
  return lines.map((fields) => `${fields.join(",")}\r\n`).join("");
}

/** "progboard-alpha-static-the-cinder-throne-deaths-per-player-2025-01-06.csv": who, what and when. */
export function exportFileName(parts: readonly string[], date: Date, extension: "csv" | "png" | "json"): string {
  const slug = (text: string) =>
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
  const named = ["progboard", ...parts].map(slug).filter((s) => s !== "");
  return `${[...named, day].join("-")}.${extension}`;
}
