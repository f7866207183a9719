import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { QueryError } from "../components/Feedback";
import { sortByRole } from "../lib/jobs";
import { useStaticTRPC } from "../lib/trpc";
import { AddFromReports } from "./roster/AddFromReports";
import { AddMemberForm } from "./roster/AddMemberForm";
import { MemberDialog } from "./roster/MemberDialog";
import { MemberRow } from "./roster/MemberRow";

export function RosterTab({ staticName }: { staticName: string }) {
  const trpc = useStaticTRPC();
  const roster = useQuery(trpc.roster.list.queryOptions());
  const [editingId, setEditingId] = useState<number | null>(null);
  // Read from the live list, so the dialog shows aliases as they are added (and closes if the member goes).
  const editing = roster.data?.find((m) => m.id === editingId);

  return (
    <div className="page">
      <div className="page-header">
        <h1>Roster</h1>
        <p className="muted">
          Who plays in <strong className="static-name">{staticName}</strong>, on which job, and the characters that map their FFLogs logs to them.
        </p>
      </div>

      <AddMemberForm />
      <AddFromReports />

      <section className="section" aria-labelledby="roster-heading">
        <h2 id="roster-heading">Members</h2>
        {roster.isPending && <p className="muted">Loading the roster…</p>}
        {roster.isError && <QueryError error={roster.error} onRetry={() => roster.refetch()} />}
        {roster.data?.length === 0 && (
          <div className="empty-inline">
            <p>No roster yet.</p>
            <p className="muted">Add the players above; each of them can then mark their own entry with “This is me”.</p>
          </div>
        )}
        {roster.data && roster.data.length > 0 && (
          <div className="table-wrap">
            <table className="data-table" aria-label="Roster">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Job</th>
                  <th scope="col">Role</th>
                  <th scope="col">Characters</th>
                  <th scope="col">Played by</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sortByRole(roster.data).map((member) => (
                  <MemberRow key={member.id} member={member} onEdit={() => setEditingId(member.id)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {editing && <MemberDialog key={editing.id} member={editing} onClose={() => setEditingId(null)} />}
    </div>
  );
}
