import { errorMessage } from "../lib/errors";

/** A form's outcome in words: the error as an alert, or the notice as a status message. */
export function Feedback({ error, notice, busy }: { error?: string | null | undefined; notice?: string | null | undefined; busy?: boolean }) {
  return (
    <div className="feedback" aria-busy={busy}>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
    </div>
  );
}

/** A query that failed, in words, with "Try again" (a server that was away may be back). */
export function QueryError({ error, onRetry }: { error: unknown; onRetry: () => unknown }) {
  return (
    <p role="alert" className="error">
      {errorMessage(error)}{" "}
      <button type="button" className="button small ghost" onClick={() => void onRetry()}>
        Try again
      </button>
    </p>
  );
}
