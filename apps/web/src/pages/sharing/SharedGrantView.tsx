import { reportCodeForDisplay } from "@progboard/domain";
import { useQuery } from "@tanstack/react-query";
import { AnalysisScopeView } from "../../components/AnalysisScope";
import { AnalysisSourceProvider } from "../../lib/analysis-source";
import { errorMessage } from "../../lib/errors";
import { navigateTo } from "../../lib/router";
import { useStaticTRPC } from "../../lib/trpc";
import { AnalysisView } from "../analysis/AnalysisView";
import { ProgressView } from "../progress/ProgressView";

/**
 * A grant we received, opened: the granter's Progress or Analysis, read-only, under a banner. The
 * grant is looked up on every visit, so access revoked since shows as gone on the next navigation.
 */
export function SharedGrantView({ grantId, view }: { grantId: number; view: "progress" | "analysis" }) {
  const trpc = useStaticTRPC();
  const incoming = useQuery(trpc.sharing.incoming.queryOptions(undefined, { refetchOnMount: "always", staleTime: 0 }));
  const grant = incoming.data?.find((g) => g.grantId === grantId);

  const back = (
    <a
      href="/sharing"
      className="report-link"
      onClick={(event) => {
        event.preventDefault();
        navigateTo("/sharing");
      }}
    >
      Back to Sharing
    </a>
  );
  if (incoming.isPending) return <p className="muted">Loading…</p>;
  if (incoming.isError) {
    return (
      <p role="alert" className="error">
        {errorMessage(incoming.error)}
      </p>
    );
  }
  if (!grant) {
    return (
      <div className="page">
        <div className="empty-inline" role="alert">
          <p>This shared view is gone: the access was revoked, or never was ours.</p>
          <p>{back}</p>
        </div>
      </div>
    );
  }
  const name = grant.reportLabel ?? grant.reportTitle;
  const what =
    grant.scope === "report"
      ? `report ${grant.code === null ? "" : reportCodeForDisplay(grant.code)}${name === null ? "" : ` (“${name}”)`}`
      : "all progression";
  return (
    <AnalysisSourceProvider source={{ kind: "grant", grantId, granterName: grant.granterName }}>
      <div className="page">
        <p className="shared-banner" role="note">
          Shared by <strong>{grant.granterName}</strong> · read-only
        </p>
        <div className="page-header">
          <h1>
            {grant.granterName}: {view === "progress" ? "Progress" : "Analysis"}
          </h1>
          <p className="muted">
            {grant.granterName} shares {what} with us. {back}
          </p>
        </div>
        <nav className="subtabs" aria-label="Shared views">
          {(["progress", "analysis"] as const).map((v) => (
            <a
              key={v}
              href={`/sharing/${grantId}/${v}`}
              className="tab"
              aria-current={v === view ? "page" : undefined}
              onClick={(event) => {
                event.preventDefault();
                navigateTo(`/sharing/${grantId}/${v}`);
              }}
            >
              {v === "progress" ? "Progress" : "Analysis"}
            </a>
          ))}
        </nav>
        <AnalysisScopeView staticName={grant.granterName}>
          {(scope) =>
            view === "progress" ? (
              <ProgressView key={scope.encounter.encounterId} analysis={scope} staticName={grant.granterName} />
            ) : (
              <AnalysisView key={scope.encounter.encounterId} analysis={scope} staticName={grant.granterName} />
            )
          }
        </AnalysisScopeView>
      </div>
    </AnalysisSourceProvider>
  );
}
