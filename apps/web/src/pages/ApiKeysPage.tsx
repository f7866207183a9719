// API keys (issue 17): made here by a person signed in, shown once, listed by prefix, revocable.
// A key acts as this user for scripts, the `progboard` command and MCP assistants.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "../components/ConfirmButton";
import { Feedback } from "../components/Feedback";
import { QueryRows, RowTable } from "../components/QueryRows";
import { errorMessage } from "../lib/errors";
import { LIMITS } from "../lib/limits";
import type { Me } from "../lib/me";
import { trpc } from "../lib/trpc";

const dateFormat = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric" });
const when = (date: Date | string | null, none: string) => (date === null ? none : dateFormat.format(new Date(date)));
const EXPIRIES = [
  { days: 0, label: "Never" },
  { days: 30, label: "In 30 days" },
  { days: 90, label: "In 90 days" },
  { days: 365, label: "In a year" },
];

export function ApiKeysPage({ me, onBack }: { me: Me; onBack: () => void }) {
  const queryClient = useQueryClient();
  const keys = useQuery(trpc.apiKeys.list.queryOptions());
  const [name, setName] = useState("");
  const [staticId, setStaticId] = useState("");
  const [readOnly, setReadOnly] = useState(false);
  const [expiryDays, setExpiryDays] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const refresh = () => queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());

  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (key) => {
        setCreated({ name: key.name, key: key.key });
        setCopied(false);
        setName("");
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh, onError: (err) => setError(errorMessage(err)) }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (name.trim() === "") {
      setError("Give the key a name, e.g. the script or assistant that will use it");
      return;
    }
    setError(null);
    create.mutate({
      name: name.trim(),
      ...(staticId === "" ? {} : { staticId: Number(staticId) }),
      readOnly,
      ...(expiryDays === 0 ? {} : { expiresAt: new Date(Date.now() + expiryDays * 86_400_000).toISOString() }),
    });
  }

  async function copy(key: string) {
    try {
      await navigator.clipboard.writeText(key);
      setCopied(true);
    } catch {
      setError("Copying was refused by the browser: select the key and copy it by hand");
    }
  }

  const staticName = (id: number | null) => (id === null ? "All your statics" : (me.statics.find((s) => s.id === id)?.name ?? `Static ${id}`));

  return (
    <div className="page">
      <div className="page-header">
        <h1>API keys</h1>
        <p className="muted">
          A key acts as you (<strong>{me.user.username}</strong>) for scripts, the <code>progboard</code> command and MCP assistants, never with more
          than you can do. Send it as <code>Authorization: Bearer &lt;key&gt;</code>.
        </p>
        <div>
          <button type="button" className="button ghost" onClick={onBack}>
            ← Back to the static
          </button>
        </div>
      </div>

      {created && (
        <section className="section key-once" aria-labelledby="new-key-heading">
          <h2 id="new-key-heading">Your new key “{created.name}”</h2>
          <p className="notice">Copy it now: it is shown only this once, and progboard keeps only its fingerprint.</p>
          <div className="form-grid">
            <code className="mono key-value">{created.key}</code>
            <button type="button" className="button primary" onClick={() => void copy(created.key)}>
              {copied ? "Copied" : "Copy"}
            </button>
            <button type="button" className="button ghost" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </section>
      )}

      <form className="section" aria-labelledby="new-api-key-heading" onSubmit={onSubmit} noValidate>
        <h2 id="new-api-key-heading">New key</h2>
        <div className="form-grid">
          <div className="field grow-2">
            <label htmlFor="api-key-name">Name</label>
            <input
              id="api-key-name"
              className="input"
              autoComplete="off"
              placeholder="e.g. Discord bot"
              maxLength={LIMITS.apiKeyName.maxLength}
              value={name}
              onChange={(event) => {
                setName(event.target.value);
                setError(null);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="api-key-static">Static</label>
            <select id="api-key-static" className="input" value={staticId} onChange={(event) => setStaticId(event.target.value)}>
              <option value="">All my statics</option>
              {me.statics.map((s) => (
                <option key={s.id} value={s.id}>
                  Only {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="api-key-expiry">Expires</label>
            <select id="api-key-expiry" className="input" value={expiryDays} onChange={(event) => setExpiryDays(Number(event.target.value))}>
              {EXPIRIES.map((e) => (
                <option key={e.days} value={e.days}>
                  {e.label}
                </option>
              ))}
            </select>
          </div>
          <label className="check">
            <input type="checkbox" checked={readOnly} onChange={(event) => setReadOnly(event.target.checked)} />
            Read-only
          </label>
          <button type="submit" className="button primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create key"}
          </button>
        </div>
        <p className="hint">A read-only key can look but never change anything. A key for one static cannot see your others.</p>
        <Feedback error={error} />
      </form>

      <section className="section" aria-labelledby="api-keys-heading">
        <h2 id="api-keys-heading">Your keys</h2>
        <QueryRows query={keys} loading="Loading keys…" empty="No keys yet.">
          {(rows) => (
            <RowTable label="API keys" columns={["Name", "Key", "Static", "Access", "Last used", "Expires"]} actions>
              {rows.map((k) => {
                return (
                  <tr key={k.id}>
                    <th scope="row">{k.name}</th>
                    <td className="mono">{k.prefix}…</td>
                    <td>{staticName(k.staticId)}</td>
                    <td>{k.readOnly ? "Read-only" : "Read and write"}</td>
                    <td>{when(k.lastUsedAt, "Never")}</td>
                    <td>{when(k.expiresAt, "Never")}</td>
                    <td className="actions">
                      {k.revokedAt !== null ? (
                        <span className="status-chip status-failed">Revoked {when(k.revokedAt, "")}</span>
                      ) : k.expired ? (
                        <span className="status-chip status-failed">Expired</span>
                      ) : (
                        <ConfirmButton
                          label="Revoke"
                          triggerName={`Revoke ${k.name}`}
                          question={`Revoke “${k.name}”? Its next request is refused.`}
                          confirmLabel="Revoke"
                          pendingLabel="Revoking…"
                          isPending={revoke.isPending && revoke.variables.id === k.id}
                          onConfirm={() => revoke.mutate({ id: k.id })}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </RowTable>
          )}
        </QueryRows>
      </section>
    </div>
  );
}
