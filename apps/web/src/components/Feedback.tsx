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
