import { type MouseEvent, useEffect } from "react";
import { navigateToTab, TABS, type TabId, useTab } from "../lib/router";
import { isDemoTab } from "../lib/static-pin";
import { ActivityTab } from "../pages/ActivityTab";
import { AdminTab } from "../pages/AdminTab";
import { AnalysisTab } from "../pages/AnalysisTab";
import { NightTab } from "../pages/NightTab";
import { ProgressTab } from "../pages/ProgressTab";
import { ReportsTab } from "../pages/ReportsTab";
import { RosterTab } from "../pages/RosterTab";
import { SharingTab } from "../pages/SharingTab";
import { StratsTab } from "../pages/StratsTab";

export function TabNav({ isAdmin }: { isAdmin: boolean }) {
  const active = useTab();

  function onClick(event: MouseEvent<HTMLAnchorElement>, tab: TabId) {
    // Let modified clicks open a new tab as links normally do.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigateToTab(tab);
  }

  return (
    <nav className="tabs" aria-label="Sections">
      {/* The demo shares nothing and has no admin: those tabs are left out of it. */}
      {TABS.filter((tab) => (tab.id !== "admin" || isAdmin) && (tab.id !== "sharing" || !isDemoTab())).map((tab) => (
        <a
          key={tab.id}
          href={`/${tab.id}`}
          className="tab"
          aria-current={tab.id === active ? "page" : undefined}
          onClick={(event) => onClick(event, tab.id)}
        >
          {tab.label}
        </a>
      ))}
    </nav>
  );
}

export function TabPanel({ staticName, isAdmin }: { staticName: string; isAdmin: boolean }) {
  const tab = useTab();
  const label = TABS.find((t) => t.id === tab)?.label ?? tab;
  // A title per tab, so browser tabs and history say where each one is.
  useEffect(() => {
    document.title = `${label} · ${staticName} · progboard`;
  }, [label, staticName]);
  return (
    <main className="panel" aria-label={label}>
      <TabContent tab={tab} staticName={staticName} isAdmin={isAdmin} />
    </main>
  );
}

function TabContent({ tab, staticName, isAdmin }: { tab: TabId; staticName: string; isAdmin: boolean }) {
  switch (tab) {
    case "reports":
      return <ReportsTab staticName={staticName} />;
    case "roster":
      return <RosterTab staticName={staticName} />;
    case "strats":
      return <StratsTab staticName={staticName} />;
    case "progress":
      return <ProgressTab staticName={staticName} />;
    case "analysis":
      return <AnalysisTab staticName={staticName} />;
    case "night":
      return <NightTab staticName={staticName} />;
    case "activity":
      return <ActivityTab staticName={staticName} />;
    case "admin":
      return isAdmin ? <AdminTab /> : <p className="muted">This page is for the administrators of this instance.</p>;
    case "sharing":
      return isDemoTab() ? (
        <p className="muted">The demo shares nothing: sharing is for statics of your own.</p>
      ) : (
        <SharingTab staticName={staticName} />
      );
  }
}
