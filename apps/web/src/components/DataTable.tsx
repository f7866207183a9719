import type { Cell, Column } from "../lib/csv";

interface DataTableProps<T> {
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  className?: string;
}

/** A table printing exactly the cells its CSV download writes. */
export function DataTable<T>({ label, columns, rows, rowKey, className }: DataTableProps<T>) {
  return (
    <div className={`table-wrap ${className ?? ""}`}>
      <table className="data-table compact" aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={rowKey(row, i)}>
              {columns.map((column) => {
                const value = column.value(row);
                return (
                  <td key={column.header} className={typeof value === "number" ? "num" : undefined}>
                    {printCell(value)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function printCell(value: Cell): string {
  if (value === null) return "";
  return String(value);
}
