import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Feedback } from "../components/Feedback";
import { QueryRows, RowTable } from "../components/QueryRows";
import { errorMessage } from "../lib/errors";
import { trpc } from "../lib/trpc";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });

/** Instance admins moderate strat templates: promote one for every static, or withdraw it. */
export function AdminTab() {
  const queryClient = useQueryClient();
  const templates = useQuery(trpc.admin.templates.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.admin.templates.list.queryFilter());
  const promote = useMutation(
    trpc.admin.templates.promote.mutationOptions({
      onSuccess: () => {
        setNotice("Promoted: every static can see and copy it now.");
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );
  const demote = useMutation(
    trpc.admin.templates.demote.mutationOptions({
      onSuccess: () => {
        setNotice("Withdrawn: only its own static sees it now.");
        return refresh();
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  return (
    <div className="page">
      <div className="page-header">
        <h1>Admin</h1>
        <p className="muted">
          Strat templates published by the statics of this instance. Promote one to offer it to every static. You see the templates only, nothing else
          of any static; each visit is recorded in the admin log.
        </p>
      </div>
      <Feedback error={error} notice={notice} />
      <QueryRows query={templates} loading="Loading templates…" empty="No static has published a template yet.">
        {(rows) => (
          <RowTable label="Published templates" columns={["Template", "Encounter", "Mechanics", "Published", "Status"]} actions>
            {rows.map((template) => (
              <tr key={template.id}>
                <td>
                  <strong>{template.name}</strong>
                  {template.description && <div className="muted">{template.description}</div>}
                </td>
                <td>{template.encounterId}</td>
                <td>{template.entries.length}</td>
                <td>{dateFormat.format(new Date(template.publishedAt))}</td>
                <td>{template.promotedAt === null ? <span className="muted">its static only</span> : <span className="tag">promoted</span>}</td>
                <td>
                  {template.promotedAt === null ? (
                    <button
                      type="button"
                      className="button small"
                      aria-label={`Promote ${template.name}`}
                      disabled={promote.isPending}
                      onClick={() => {
                        setError(null);
                        promote.mutate({ templateId: template.id });
                      }}
                    >
                      Promote
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button small ghost"
                      aria-label={`Withdraw ${template.name}`}
                      disabled={demote.isPending}
                      onClick={() => {
                        setError(null);
                        demote.mutate({ templateId: template.id });
                      }}
                    >
                      Withdraw
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </RowTable>
        )}
      </QueryRows>
    </div>
  );
}
