import { AnalysisScopeView } from "../components/AnalysisScope";
import { AnalysisView } from "./analysis/AnalysisView";

export function AnalysisTab({ staticName }: { staticName: string }) {
  return (
    <div className="page">
      <div className="page-header">
        <h1>Analysis</h1>
        <p className="muted">
          What ends <strong className="static-name">{staticName}</strong>&apos;s pulls, who dies and who dies first, and how that moves over sessions.
          Counts and shares, from the reports the static watches.
        </p>
      </div>
      <AnalysisScopeView staticName={staticName}>
        {(scope) => <AnalysisView key={scope.encounter.encounterId} analysis={scope} staticName={staticName} />}
      </AnalysisScopeView>
    </div>
  );
}
