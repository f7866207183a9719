import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "../../components/ConfirmButton";
import { Feedback } from "../../components/Feedback";
import type { DiscordPost } from "../../lib/api";
import { formatDateTime } from "../../lib/dates";
import { describePost, WEBHOOK_HELP, webhookProblem } from "../../lib/discord";
import { errorMessage } from "../../lib/errors";
import { useStaticTRPC } from "../../lib/trpc";
import { useNotice } from "../../lib/use-notice";

/** How often a post that is on its way is looked at again. */
const PENDING_POLL_MS = 3000;

/** Whether any post shown is still on its way (then the view keeps asking). */
export const anyPending = (posts: readonly Pick<DiscordPost, "status">[]) => posts.some((p) => p.status === "pending");

/**
 * The static's Discord webhook: owners set or remove it (its token is never shown again, only the
 * webhook's id), everyone sees whether one is set and what became of the latest posts.
 */
export function DiscordSection() {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(
    trpc.discord.get.queryOptions({}, { refetchInterval: (q) => (q.state.data && anyPending(q.state.data.posts) ? PENDING_POLL_MS : false) }),
  );
  const [url, setUrl] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useNotice();
  const refresh = () => queryClient.invalidateQueries(trpc.discord.pathFilter());
  const set = useMutation(
    trpc.discord.setWebhook.mutationOptions({
      onSuccess: (saved) => {
        setUrl("");
        setError(null);
        setNotice(`Webhook ${saved.webhookId} set: nights that end from now on are posted to its channel.`);
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const clear = useMutation(
    trpc.discord.clearWebhook.mutationOptions({
      onSuccess: () => {
        setError(null);
        setNotice("Webhook removed: nothing more is posted to Discord.");
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problem = webhookProblem(url);
    if (problem) {
      setError(problem);
      return;
    }
    set.mutate({ url: url.trim() });
  }

  const data = settings.data;
  const webhook = data?.webhook ?? null;
  // The demo has no Discord of its own (nobody owns it).
  if (data?.demo) return null;
  return (
    <section className="section discord" aria-labelledby="discord-heading">
      <h2 id="discord-heading">Discord</h2>
      <p className="muted">
        When a night ends (its report is imported, or a live report has had no new pull for a while) its recap is posted to the static's Discord
        channel once: the pull lines, the best pull and the night's prog curve as a picture. “Post to Discord” on a night posts it now.
      </p>
      {settings.isError && (
        <p role="alert" className="error">
          {errorMessage(settings.error)}
        </p>
      )}
      {data && (
        <p className="discord-webhook" data-testid="discord-webhook">
          {webhook ? (
            <>
              Posting to webhook <span className="mono">{webhook.webhookId}</span>, set {formatDateTime(webhook.setAt)}
              {webhook.setBy ? ` by ${webhook.setBy}` : ""}.
            </>
          ) : data.canManage ? (
            "No webhook set: nothing is posted to Discord."
          ) : (
            "No webhook set: an owner of the static can set one here."
          )}
        </p>
      )}
      {data?.canManage && (
        <form onSubmit={onSubmit} noValidate aria-label="Discord webhook">
          <div className="form-grid">
            <div className="field grow-3">
              <label htmlFor="discord-webhook-url">{webhook ? "Replace with another webhook URL" : "Webhook URL"}</label>
              <input
                id="discord-webhook-url"
                className="input mono"
                type="password"
                value={url}
                placeholder="https://discord.com/api/webhooks/…"
                autoComplete="off"
                spellCheck={false}
                aria-describedby="discord-webhook-help"
                onChange={(event) => setUrl(event.target.value)}
              />
            </div>
            <button type="submit" className="button primary" disabled={set.isPending}>
              {set.isPending ? "Saving…" : "Save webhook"}
            </button>
            {webhook && (
              <ConfirmButton
                label="Remove webhook"
                question="Remove the Discord webhook? Nothing more is posted until an owner sets one again."
                confirmLabel="Remove"
                pendingLabel="Removing…"
                isPending={clear.isPending}
                onConfirm={() => clear.mutate()}
              />
            )}
          </div>
          <p id="discord-webhook-help" className="hint">
            {WEBHOOK_HELP} The URL holds the webhook's secret token: progboard keeps it and never shows it again.
          </p>
        </form>
      )}
      <Feedback error={error} notice={notice} busy={set.isPending || clear.isPending} />
      {data && data.posts.length > 0 && (
        <>
          <h3>Latest posts</h3>
          <ul className="discord-posts">
            {data.posts.map((p) => (
              <li key={`${p.encounterId}:${p.sessionKey}`} className={`discord-post ${p.status}`}>
                <strong>{p.sessionLabel ?? p.sessionKey.replace(/^(night|report):/, "")}</strong>{" "}
                <span className="muted">({p.trigger === "manual" ? "Post now" : "night ended"})</span> {describePost(p)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
