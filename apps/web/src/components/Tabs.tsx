import type { MouseEvent } from "react";
import { navigateToTab, TABS, type TabId, useTab } from "../lib/router";

const EMPTY_STATES: Record<TabId, { title: string; body: string }> = {
  reports: {
    title: "No reports yet",
    body: "FFLogs reports this static watches will be listed here, with their fights and how far ingestion has got.",
  },
  roster: {
    title: "No roster yet",
    body: "The static's players will appear here: their jobs, roles and the characters that map their logs to them.",
  },
  strats: {
    title: "No strats yet",
    body: "Who handles which mechanic will live here, per encounter, so wipes can be traced to the right role or player.",
  },
  progress: {
    title: "No progress yet",
    body: "Prog points and the prog curve (the best pull of each session over time) will appear once reports are in.",
  },
  analysis: {
    title: "Nothing to analyse yet",
    body: "Pull tables, wipe types, deaths per player and consistency over sessions will appear once reports are in.",
  },
};

export function TabNav() {
  const active = useTab();

  function onClick(event: MouseEvent<HTMLAnchorElement>, tab: TabId) {
    // Let modified clicks open a new tab as links normally do.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigateToTab(tab);
  }

  return (
    <nav className="tabs" aria-label="Sections">
      {TABS.map((tab) => (
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

export function TabPanel({ staticName }: { staticName: string }) {
  const tab = useTab();
  const label = TABS.find((t) => t.id === tab)?.label ?? tab;
  const empty = EMPTY_STATES[tab];
  return (
    <main className="panel" aria-label={label}>
      <div className="empty-state">
        <h1>{empty.title}</h1>
        <p>{empty.body}</p>
        <p className="muted">Showing {staticName}.</p>
      </div>
    </main>
  );
}
