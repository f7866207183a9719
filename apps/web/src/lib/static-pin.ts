// The static a browser tab works in is pinned in sessionStorage, so two tabs can work in two
// statics at once; the server-side default (me.setCurrentStatic) only seeds new tabs.
const KEY = "progboard.staticId";

export function readPinnedStaticId(): number | null {
  const raw = sessionStorage.getItem(KEY);
  const id = raw === null ? NaN : Number(raw);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

export function pinStaticId(id: number): void {
  sessionStorage.setItem(KEY, String(id));
}

// The demo (README, "Demo"): a tab that chose "Explore the demo" reads the demo static without an
// account; every request it sends says so. Per tab, like the pin.
const DEMO_KEY = "progboard.demo";

export function isDemoTab(): boolean {
  // (No sessionStorage outside a browser: never the demo there.)
  return typeof sessionStorage !== "undefined" && sessionStorage.getItem(DEMO_KEY) === "1";
}

export function setDemoTab(on: boolean): void {
  if (on) sessionStorage.setItem(DEMO_KEY, "1");
  else sessionStorage.removeItem(DEMO_KEY);
}

/** The demo reader's header, when this tab is in the demo. */
export function demoHeaders(): Record<string, string> {
  return isDemoTab() ? { "x-progboard-demo": "1" } : {};
}

export function clearPinnedStaticId(): void {
  sessionStorage.removeItem(KEY);
}

/** The header that makes a request act as one static (tRPC calls, and plain fetches such as imports). */
export function staticHeaders(staticId: number): Record<string, string> {
  return { "x-static-id": String(staticId), ...demoHeaders() };
}
