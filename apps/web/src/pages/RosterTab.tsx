import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { QueryRows, RowTable } from "../components/QueryRows";
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
        <QueryRows
          query={roster}
          loading="Loading the roster…"
          empty={
            <div className="empty-inline">
              <p>No roster yet.</p>
              <p className="muted">Add the players above; each of them can then mark their own entry with “This is me”.</p>
            </div>
          }
        >
          {(rows) => (
            <RowTable label="Roster" columns={["Name", "Job", "Role", "Characters", "Played by"]} actions>
              {sortByRole(rows).map((member) => (
                <MemberRow key={member.id} member={member} onEdit={() => setEditingId(member.id)} />
              ))}
            </RowTable>
          )}
        </QueryRows>
      </section>

      {editing && <MemberDialog key={editing.id} member={editing} onClose={() => setEditingId(null)} />}
    </div>
  );
}
