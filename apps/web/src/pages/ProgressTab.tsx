import { AnalysisScopeView } from "../components/AnalysisScope";
import { ProgressView } from "./progress/ProgressView";

export function ProgressTab({ staticName }: { staticName: string }) {
  return (
    <div className="page">
      <div className="page-header">
        <h1>Progress</h1>
        <p className="muted">
          How far <strong className="static-name">{staticName}</strong> gets: every pull by the phase it reached, the best of each session, and the
          prog points reached.
        </p>
      </div>
      <AnalysisScopeView staticName={staticName}>
        {(scope) => <ProgressView key={scope.encounter.encounterId} analysis={scope} staticName={staticName} />}
      </AnalysisScopeView>
    </div>
  );
}
