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

export function clearPinnedStaticId(): void {
  sessionStorage.removeItem(KEY);
}

/** The header that makes a request act as one static (tRPC calls, and plain fetches such as imports). */
export function staticHeaders(staticId: number): { "x-static-id": string } {
  return { "x-static-id": String(staticId) };
}
