import { useSyncExternalStore } from "react";

// Tabs live in the URL path so a reload keeps them; the server answers index.html for any path.
export const TABS = [
  { id: "reports", label: "Reports" },
  { id: "roster", label: "Roster" },
  { id: "strats", label: "Strats" },
  { id: "progress", label: "Progress" },
  { id: "analysis", label: "Analysis" },
  { id: "night", label: "Night" },
  { id: "sharing", label: "Sharing" },
  { id: "activity", label: "Activity" },
  // Shown to instance admins only.
  { id: "admin", label: "Admin" },
] as const;

export type TabId = (typeof TABS)[number]["id"];

const DEFAULT_TAB: TabId = "reports";

function tabFromPath(pathname: string): TabId {
  const segment = pathname.split("/")[1] ?? "";
  return TABS.find((tab) => tab.id === segment)?.id ?? DEFAULT_TAB;
}

function subscribe(onChange: () => void) {
  window.addEventListener("popstate", onChange);
  return () => window.removeEventListener("popstate", onChange);
}

export function useTab(): TabId {
  return useSyncExternalStore(subscribe, () => tabFromPath(window.location.pathname));
}

/** The path below the tab ("/sharing/12/analysis" → ["12", "analysis"]). */
export function useSubPath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname.split("/").slice(2).join("/"));
}

/** Goes to a path inside the app (a tab, or a place in one), as a link click would. */
export function navigateTo(path: string): void {
  if (window.location.pathname === path) return;
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

export function navigateToTab(tab: TabId): void {
  const path = `/${tab}`;
  if (window.location.pathname === path) return;
  window.history.pushState(null, "", path);
  window.dispatchEvent(new PopStateEvent("popstate"));
}

/** Unknown paths (including "/") show the default tab; make the URL say so. */
export function normalizeTabPath(): void {
  // A place inside the Sharing tab (/sharing/<grant>/<view>) is kept as it is.
  if (/^\/sharing\/\d+\/(progress|analysis)$/.test(window.location.pathname)) return;
  const path = `/${tabFromPath(window.location.pathname)}`;
  if (window.location.pathname !== path) window.history.replaceState(null, "", path);
}
