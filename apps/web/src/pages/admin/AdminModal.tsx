import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Feedback } from "../../components/Feedback";
import { Modal } from "../../components/Modal";
import { formatDateTime } from "../../lib/dates";
import { errorMessage } from "../../lib/errors";
import { sourceWords } from "../../lib/fflogs";
import { LIMITS } from "../../lib/limits";
import { trpc } from "../../lib/trpc";

/** The instance admin's page: the FFLogs API client this instance fetches reports with. */
export function AdminModal({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const status = useQuery(trpc.fflogs.status.queryOptions());
  const [clientId, setClientId] = useState("");
  const [clientSecret, setClientSecret] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.fflogs.status.queryFilter());

  const save = useMutation(
    trpc.fflogs.setCredentials.mutationOptions({
      onSuccess: (answer) => {
        setClientSecret("");
        setError(null);
        setNotice(answer.note ? `${answer.message}. ${answer.note}.` : `${answer.message}.`);
        return refresh();
      },
      onError: (err) => {
        setNotice(null);
        setError(errorMessage(err));
      },
    }),
  );
  const check = useMutation(
    trpc.fflogs.check.mutationOptions({
      onSuccess: (answer) => {
        setError(answer.ok ? null : answer.message);
        setNotice(answer.ok ? answer.message : null);
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const clear = useMutation(
    trpc.fflogs.clearCredentials.mutationOptions({
      onSuccess: () => {
        setError(null);
        setNotice("The FFLogs client set here was removed.");
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    setNotice(null);
    if (clientId.trim() === "" || clientSecret.trim() === "") {
      setError("Enter both the client id and the client secret.");
      return;
    }
    setError(null);
    save.mutate({ clientId: clientId.trim(), clientSecret: clientSecret.trim() });
  }

  const data = status.data;
  return (
    <Modal title="Admin · FFLogs access" onClose={onClose}>
      {status.isPending && <p className="muted">Loading…</p>}
      {status.isError && (
        <p role="alert" className="error">
          {errorMessage(status.error)}
        </p>
      )}
      {data && (
        <>
          <p>
            <strong>{data.configured ? "Reports can be fetched from FFLogs." : "FFLogs access is not set up."}</strong> {sourceWords(data.source)}
          </p>
          {data.stored && (
            <p className="muted">
              Client <span className="mono">{data.stored.clientId}</span> set {formatDateTime(data.stored.updatedAt)}
              {data.stored.updatedBy ? ` by ${data.stored.updatedBy}` : ""}. The secret is never shown again.
            </p>
          )}
          <form onSubmit={onSubmit} noValidate aria-label="FFLogs API client">
            <p className="hint">
              Create a client on fflogs.com → Settings → API Clients (any name, any redirect URL), then enter its id and secret. progboard fetches a
              token with them before saving.
            </p>
            <div className="form-grid">
              <div className="field grow-2">
                <label htmlFor="fflogs-client-id">Client id</label>
                <input
                  id="fflogs-client-id"
                  className="input mono"
                  autoComplete="off"
                  spellCheck={false}
                  maxLength={LIMITS.fflogsClientId.maxLength}
                  value={clientId}
                  data-autofocus
                  onChange={(event) => setClientId(event.target.value)}
                />
              </div>
              <div className="field grow-2">
                <label htmlFor="fflogs-client-secret">Client secret</label>
                <input
                  id="fflogs-client-secret"
                  className="input mono"
                  type="password"
                  autoComplete="new-password"
                  maxLength={LIMITS.fflogsClientSecret.maxLength}
                  value={clientSecret}
                  onChange={(event) => setClientSecret(event.target.value)}
                />
              </div>
              <button type="submit" className="button primary" disabled={save.isPending}>
                {save.isPending ? "Testing…" : "Test and save"}
              </button>
            </div>
          </form>
          <div className="row">
            <button type="button" className="button" disabled={!data.configured || check.isPending} onClick={() => check.mutate()}>
              {check.isPending ? "Testing…" : "Test connection"}
            </button>
            {data.stored && (
              <button type="button" className="button danger" disabled={clear.isPending} onClick={() => clear.mutate()}>
                Remove the client set here
              </button>
            )}
          </div>
          <Feedback error={error} notice={notice} busy={save.isPending || check.isPending} />
        </>
      )}
    </Modal>
  );
}
