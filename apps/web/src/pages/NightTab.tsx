import { AnalysisScopeView } from "../components/AnalysisScope";
import { DiscordSection } from "./night/DiscordSection";
import { NightPage } from "./night/NightPage";
import { SavedNights } from "./night/SavedNights";

export function NightTab({ staticName }: { staticName: string }) {
  return (
    <div className="page">
      <div className="page-header">
        <h1>Night</h1>
        <p className="muted">
          One session of <strong className="static-name">{staticName}</strong> the way raiders write it up: every pull in a line, the best one, what
          decided the wipes and the mistakes nobody died to, beside the session before. Save a night to keep it as it was.
        </p>
      </div>
      <AnalysisScopeView staticName={staticName}>
        {(scope) => <NightPage key={`${scope.encounter.encounterId}:${scope.sessionKey ?? ""}`} analysis={scope} staticName={staticName} />}
      </AnalysisScopeView>
      <SavedNights />
      <DiscordSection />
    </div>
  );
}
