import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { AnalysisScope } from "../../components/AnalysisScope";
import { Feedback } from "../../components/Feedback";
import { describePost } from "../../lib/discord";
import { errorMessage } from "../../lib/errors";
import { isDemoTab } from "../../lib/static-pin";
import { useStaticTRPC } from "../../lib/trpc";
import { useNotice } from "../../lib/use-notice";
import { anyPending } from "./DiscordSection";
import { NightView } from "./NightView";

/** The Night page of the picked session, or of the latest one when "all sessions" is picked. */
export function NightPage({ analysis, staticName }: { analysis: AnalysisScope; staticName: string }) {
  const trpc = useStaticTRPC();
  const queryClient = useQueryClient();
  const latest = analysis.sessions[analysis.sessions.length - 1];
  const session = analysis.sessionKey ?? latest?.sessionKey ?? null;
  const input = { encounterId: analysis.encounter.encounterId, session: session ?? "" };
  const night = useQuery(trpc.analysis.night.queryOptions(input, { enabled: session !== null }));
  const [notice, setNotice] = useNotice();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(
    trpc.snapshots.create.mutationOptions({
      onSuccess: (saved) => {
        setError(null);
        setNotice(`Saved as “${saved.name}”. It stays as it is now, whatever the reports do later.`);
        return queryClient.invalidateQueries(trpc.snapshots.pathFilter());
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  const discord = useQuery(
    trpc.discord.get.queryOptions(input, {
      enabled: session !== null,
      refetchInterval: (q) => (q.state.data?.session && anyPending([q.state.data.session]) ? 3000 : false),
    }),
  );
  const post = useMutation(
    trpc.discord.postNow.mutationOptions({
      onSuccess: () => {
        setError(null);
        setNotice("Queued for Discord: it is posted in a moment.");
        return queryClient.invalidateQueries(trpc.discord.pathFilter());
      },
      onError: (err) => setError(errorMessage(err)),
    }),
  );

  if (session === null) return <p className="muted">No session yet.</p>;
  if (night.isError) {
    return (
      <p role="alert" className="error">
        {errorMessage(night.error)}
      </p>
    );
  }
  if (!night.data) return <p className="muted">Writing up the night…</p>;
  const label = analysis.sessionNames.get(session) ?? night.data.sessionLabel;
  return (
    <>
      {analysis.sessionKey === null && <p className="hint">The latest session; pick another in Sessions above.</p>}
      <div className="row night-actions">
        {/* The demo is read-only: nothing to save there. */}
        {!isDemoTab() && (
          <button type="button" className="button primary" disabled={save.isPending} onClick={() => save.mutate(input)}>
            {save.isPending ? "Saving…" : "Save this night"}
          </button>
        )}
        {discord.data?.webhook && (
          <button
            type="button"
            className="button"
            disabled={post.isPending || discord.data.session?.status === "sent" || discord.data.session?.status === "pending"}
            onClick={() => post.mutate(input)}
          >
            {post.isPending ? "Queuing…" : "Post to Discord"}
          </button>
        )}
        <Feedback notice={notice} error={error} />
      </div>
      {discord.data?.session && (
        <p className="hint discord-status" data-testid="discord-status">
          {describePost(discord.data.session)}
        </p>
      )}
      <NightView night={night.data} title={`${label} · ${analysis.encounter.name}`} fileParts={[staticName, analysis.encounter.name, label]} />
    </>
  );
}
