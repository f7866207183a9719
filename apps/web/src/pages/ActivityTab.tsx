import type { AppRouter } from "@progboard/api";
import { reportCodeForDisplay } from "@progboard/domain";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { errorMessage } from "../lib/errors";
import { useStaticTRPC } from "../lib/trpc";

type Entry = inferRouterOutputs<AppRouter>["audit"]["list"]["entries"][number];

const PAGE = 25;
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** What a grant covers, from its entry's details. */
function grantScope(details: Record<string, unknown>): string {
  if (details.scope === "report") return typeof details.code === "string" ? `report ${reportCodeForDisplay(details.code)}` : "one report";
  if (details.scope === "progression") return "all progression";
  return "shared data";
}

/** What an entry says, in words. */
function describe(entry: Entry): string {
  const subject = entry.subject ?? "";
  const details = entry.details as Record<string, unknown>;
  switch (entry.action) {
    case "static.created":
      return `created the static "${subject}"`;
    case "static.renamed":
      return `renamed the static from "${typeof details.from === "string" ? details.from : "?"}" to "${subject}"`;
    case "member.joined":
      return "joined";
    case "member.added":
      return `added ${subject}`;
    case "member.removed":
      return `removed ${subject}`;
    case "member.left":
      return "left";
    case "member.role_changed":
      return `made ${subject} ${details.to === "owner" ? "an owner" : "a member"}`;
    case "handle.rotated":
      return "made a new share handle (the old one names nothing now)";
    case "grant.created":
      return details.received === true
        ? `${subject} gave us read-only access to ${grantScope(details)}`
        : `gave ${subject} read-only access to ${grantScope(details)}`;
    case "grant.revoked":
      return details.received === true
        ? `${subject} took back our access to ${grantScope(details)}`
        : `revoked ${subject}'s access to ${grantScope(details)}`;
    case "grant.read":
      return `read ${grantScope(details)} for ${subject} (${typeof details.procedure === "string" ? details.procedure : "a shared view"}; logged once an hour)`;
    case "template.published":
      return `published the template "${subject}"`;
    case "template.unpublished":
      return `unpublished the template "${subject}"`;
    case "template.promoted":
      return `promoted the template "${subject}" for every static (instance admin)`;
    case "template.demoted":
      return `withdrew the template "${subject}" from other statics (instance admin)`;
    case "discord.webhook_set":
      return `set the Discord webhook (${subject})`;
    case "discord.webhook_cleared":
      return "removed the Discord webhook";
    default:
      return subject ? `${entry.action}: ${subject}` : entry.action;
  }
}

export function ActivityTab({ staticName }: { staticName: string }) {
  const trpc = useStaticTRPC();
  const log = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions({ limit: PAGE }, { getNextPageParam: (page) => page.nextCursor ?? undefined }));
  const entries = log.data?.pages.flatMap((page) => page.entries) ?? [];

  return (
    <div className="page">
      <div className="page-header">
        <h1>Activity</h1>
        <p className="muted">
          What happened in <strong className="static-name">{staticName}</strong>, newest first. The log can only grow: nobody can edit or remove an
          entry.
        </p>
      </div>
      {log.isPending && <p className="muted">Loading activity…</p>}
      {log.isError && (
        <p role="alert" className="error">
          {errorMessage(log.error)}
        </p>
      )}
      {log.data && entries.length === 0 && <p className="muted">Nothing has happened yet.</p>}
      {entries.length > 0 && (
        <div className="table-wrap">
          <table className="data-table" aria-label="Activity">
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <td className="nowrap">
                    <time dateTime={new Date(entry.createdAt).toISOString()}>{timeFormat.format(new Date(entry.createdAt))}</time>
                  </td>
                  <td>
                    {entry.actor === null ? (
                      <span className="muted">the system</span>
                    ) : (
                      (entry.actor.username ?? <span className="muted">a deleted account</span>)
                    )}
                  </td>
                  <td>{describe(entry)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {log.hasNextPage && (
        <button type="button" className="button" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {log.isFetchingNextPage ? "Loading…" : "Show older"}
        </button>
      )}
    </div>
  );
}
