import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ConfirmButton } from "../../components/ConfirmButton";
import { Feedback } from "../../components/Feedback";
import { errorMessage } from "../../lib/errors";
import { LIMITS } from "../../lib/limits";
import { useStaticTRPC } from "../../lib/trpc";

/**
 * Strat templates for one encounter: publish this static's strats (roles and notes; who plays
 * them stays here), copy ours or a promoted one into the strats, unpublish ours.
 */
export function TemplatesPanel({ encounterId, hasStrats }: { encounterId: number; hasStrats: boolean }) {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const templates = useQuery(trpc.templates.list.queryOptions({ encounterId }));
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries(trpc.templates.list.queryFilter()),
      queryClient.invalidateQueries(trpc.strats.list.queryFilter({ encounterId })),
      queryClient.invalidateQueries(trpc.strats.encounters.queryFilter()),
    ]);
  const onError = (err: unknown) => setError(errorMessage(err));
  const publish = useMutation(
    trpc.templates.publish.mutationOptions({
      onSuccess: (data) => {
        setName("");
        setDescription("");
        setNotice(
          `Published with ${data.mechanics} mechanic${data.mechanics === 1 ? "" : "s"}. Only this static sees it until an admin promotes it.`,
        );
        return refresh();
      },
      onError,
    }),
  );
  const copy = useMutation(
    trpc.templates.copy.mutationOptions({
      onSuccess: (data) => {
        setNotice(`Copied: ${data.added} mechanic${data.added === 1 ? "" : "s"} added${data.kept > 0 ? `, ${data.kept} kept as they were` : ""}.`);
        return refresh();
      },
      onError,
    }),
  );
  const unpublish = useMutation(
    trpc.templates.unpublish.mutationOptions({
      onSuccess: () => {
        setNotice("Unpublished.");
        return refresh();
      },
      onError,
    }),
  );

  function start() {
    setError(null);
    setNotice(null);
  }

  function onPublish(event: FormEvent) {
    event.preventDefault();
    start();
    if (name.trim() === "") {
      setError("Give the template a name.");
      return;
    }
    publish.mutate({ encounterId, name, ...(description.trim() ? { description } : {}) });
  }

  return (
    <section className="section" aria-labelledby="templates-heading">
      <h2 id="templates-heading">Templates</h2>
      <p className="muted">
        Share these strats as a template (mechanics with their roles and notes; never who plays them), or copy one in. Templates an instance admin
        promotes are offered to every static.
      </p>
      {templates.isError && (
        <p role="alert" className="error">
          {errorMessage(templates.error)}
        </p>
      )}
      {templates.data?.length === 0 && <p className="muted">No template for this encounter yet.</p>}
      {templates.data && templates.data.length > 0 && (
        <ul className="template-list" aria-label="Templates">
          {templates.data.map((template) => (
            <li key={template.id} className="template">
              <div className="template-who">
                <strong>{template.name}</strong>{" "}
                <span className="muted">
                  · {template.entries.length} mechanic{template.entries.length === 1 ? "" : "s"}
                </span>{" "}
                {template.mine ? <span className="tag">ours</span> : <span className="tag">promoted</span>}
                {template.mine && template.promotedAt !== null && <span className="tag">promoted</span>}
                {template.description && <div className="muted">{template.description}</div>}
              </div>
              <button
                data-edit
                type="button"
                className="button small"
                aria-label={`Copy ${template.name} (merge)`}
                disabled={copy.isPending}
                onClick={() => {
                  start();
                  copy.mutate({ templateId: template.id, mode: "merge" });
                }}
              >
                Copy (keep ours)
              </button>
              <ConfirmButton
                label="Replace ours"
                triggerName={`Replace our strats with ${template.name}`}
                question="Replace every strat of this encounter with the template's?"
                confirmLabel="Replace"
                pendingLabel="Replacing…"
                isPending={copy.isPending}
                onConfirm={() => {
                  start();
                  copy.mutate({ templateId: template.id, mode: "replace" });
                }}
              />
              {template.mine && (
                <ConfirmButton
                  label="Unpublish"
                  triggerName={`Unpublish ${template.name}`}
                  question={`Unpublish ${template.name}?`}
                  confirmLabel="Unpublish"
                  pendingLabel="Unpublishing…"
                  isPending={unpublish.isPending}
                  onConfirm={() => {
                    start();
                    unpublish.mutate({ templateId: template.id });
                  }}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {hasStrats && (
        <form className="form-row publish-template" onSubmit={onPublish} aria-label="Publish as a template">
          <input
            className="input"
            aria-label="Template name"
            placeholder="Template name"
            maxLength={LIMITS.templateName.maxLength}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <input
            className="input"
            aria-label="Description (optional)"
            placeholder="Description (optional)"
            maxLength={LIMITS.templateDescription.maxLength}
            value={description}
            onChange={(event) => setDescription(event.target.value)}
          />
          <button type="submit" className="button primary" disabled={publish.isPending}>
            {publish.isPending ? "Publishing…" : "Publish"}
          </button>
        </form>
      )}
      <Feedback error={error} notice={notice} />
    </section>
  );
}
