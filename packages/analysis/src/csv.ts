// CSV for the export buttons (RFC 4180): comma-separated, CRLF line ends, a field quoted when it
// holds a comma, a quote or a line break, quotes doubled inside quotes.

export type CsvColumn<T> = (keyof T & string) | { header: string; value: (row: T) => unknown };

export interface CsvOptions {
  /**
   * Prefix text cells starting with = + - @ (or a tab / CR) with an apostrophe, so a spreadsheet
   * does not run a player-supplied name as a formula (CSV injection). Numbers are left alone.
   */
  guardFormulas?: boolean;
}

/** One header line, then one line per row; null and undefined are empty, objects are JSON. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[], options: CsvOptions = {}): string {
  const guard = options.guardFormulas ?? true;
  const header = columns.map((c) => escapeCsv(typeof c === "string" ? c : c.header, false));
  const lines = rows.map((row) => columns.map((c) => escapeCsv(typeof c === "string" ? row[c] : c.value(row), guard)).join(","));
  return [header.join(","), ...lines].map((line) => `${line}\r\n`).join("");
}

function escapeCsv(value: unknown, guard: boolean): string {
  let text: string;
  if (value === null || value === undefined) text = "";
  else if (typeof value === "string") text = guard && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  else if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") text = String(value);
  else if (value instanceof Date) text = value.toISOString();
  else text = JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
