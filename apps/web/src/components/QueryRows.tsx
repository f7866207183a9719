import type { ReactNode } from "react";
import { QueryError } from "./Feedback";

/** The parts of a list query (TanStack Query's result) a list shows. */
export interface ListQuery<T> {
  isPending: boolean;
  isError: boolean;
  error: unknown;
  data: readonly T[] | undefined;
  refetch: () => unknown;
}

/**
 * What every list page shows around its rows: "Loading…" while it loads, its error in words with
 * Try again, `empty` when there are none (a sentence, or a block), else `children(rows)`. Rows
 * already loaded stay shown beside a failed refetch's error.
 */
export function QueryRows<T>({
  query,
  loading = "Loading…",
  empty,
  children,
}: {
  query: ListQuery<T>;
  loading?: string;
  empty: ReactNode;
  children: (rows: readonly T[]) => ReactNode;
}) {
  return (
    <>
      {query.isPending && <p className="muted">{loading}</p>}
      {query.isError && <QueryError error={query.error} onRetry={query.refetch} />}
      {query.data?.length === 0 && (typeof empty === "string" ? <p className="muted">{empty}</p> : empty)}
      {query.data && query.data.length > 0 && children(query.data)}
    </>
  );
}

/**
 * A table of rows in its scroll box: `columns` as its header, and a last, unlabelled-to-the-eye
 * column for each row's buttons when `actions` (named by aria-label: a visually hidden span would
 * sit outside the scroll box).
 */
export function RowTable({
  label,
  columns,
  actions = false,
  className,
  children,
}: {
  label: string;
  columns: readonly string[];
  actions?: boolean;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className={className ? `data-table ${className}` : "data-table"} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
            {actions && <th scope="col" aria-label="Actions" />}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
