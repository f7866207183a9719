// Shared reads (grantProcedure) open their grant with app.open_grant: it reads the grant (granter,
// scope, report) and records the read in the granter's log, one row per grant, reader and
// procedure per hour. Doing that on every request costs a round trip and a write before each shared
// read. What it returns changes rarely (scope and report never; the granter's name and time zone
// seldom), and the log keeps one row an hour, so an API instance remembers each opening for a short
// while within its hour and reads without it. Nothing here authorizes: every shared read still
// binds through app.bind_grant, which refuses a revoked grant or a reader no longer in the grantee
// on the very next request.
import type { OpenedGrant } from "@progboard/db";

const HOUR_MS = 3_600_000;

export interface GrantOpeningsOptions {
  /** How long an opening is reused (the granter's name and time zone are at most this stale). */
  freshMs?: number;
  /** Openings remembered at most (the oldest are forgotten first). */
  maxEntries?: number;
  now?: () => number;
}

export class GrantOpenings {
  private readonly opened = new Map<string, { grant: OpenedGrant; hour: number; at: number }>();
  private readonly freshMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: GrantOpeningsOptions = {}) {
    this.freshMs = options.freshMs ?? 30_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** The opening remembered for this reader's read, while fresh and in the hour its log row is for. */
  get(key: GrantOpeningKey): OpenedGrant | null {
    const id = keyOf(key);
    const entry = this.opened.get(id);
    if (!entry) return null;
    const now = this.now();
    if (Math.floor(now / HOUR_MS) !== entry.hour || now - entry.at > this.freshMs) {
      this.opened.delete(id);
      return null;
    }
    return entry.grant;
  }

  /** Remembers an opening app.open_grant just made (and logged). */
  set(key: GrantOpeningKey, grant: OpenedGrant): void {
    const id = keyOf(key);
    this.opened.delete(id);
    while (this.opened.size >= this.maxEntries) {
      const oldest = this.opened.keys().next();
      if (oldest.done) break;
      this.opened.delete(oldest.value);
    }
    const now = this.now();
    this.opened.set(id, { grant, hour: Math.floor(now / HOUR_MS), at: now });
  }

  get size(): number {
    return this.opened.size;
  }
}

/** One reader's read of one procedure through one grant, as a member of one grantee static. */
export interface GrantOpeningKey {
  grantId: number;
  userId: number;
  granteeStaticId: number;
  procedure: string;
}

function keyOf(k: GrantOpeningKey): string {
  return `${k.grantId}|${k.userId}|${k.granteeStaticId}|${k.procedure}`;
}
