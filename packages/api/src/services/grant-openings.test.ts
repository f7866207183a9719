import type { OpenedGrant } from "@progboard/db";
import { describe, expect, it } from "vitest";
import { GrantOpenings } from "./grant-openings";

const grant: OpenedGrant = { grantId: 7, granterStaticId: 3, granterName: "Granter", granterTimeZone: "UTC", scope: "progression", code: null };
const key = { grantId: 7, userId: 2, granteeStaticId: 5, procedure: "shared.pulls" };

describe("GrantOpenings", () => {
  it("reuses an opening while fresh, for the same reader, grantee, grant and procedure only", () => {
    let now = 10 * 3_600_000 + 1_000;
    const openings = new GrantOpenings({ freshMs: 30_000, now: () => now });
    openings.set(key, grant);
    now += 29_000;
    expect(openings.get(key)).toEqual(grant);
    expect(openings.get({ ...key, userId: 3 })).toBeNull();
    expect(openings.get({ ...key, granteeStaticId: 6 })).toBeNull();
    expect(openings.get({ ...key, procedure: "shared.faults" })).toBeNull();
    now += 2_000;
    expect(openings.get(key)).toBeNull();
  });

  it("never carries an opening into the next hour (its read goes in that hour's log row)", () => {
    let now = 11 * 3_600_000 - 5_000;
    const openings = new GrantOpenings({ freshMs: 30_000, now: () => now });
    openings.set(key, grant);
    now += 4_000;
    expect(openings.get(key)).toEqual(grant);
    now += 2_000;
    expect(openings.get(key)).toBeNull();
  });

  it("holds at most maxEntries, forgetting the oldest first", () => {
    const openings = new GrantOpenings({ maxEntries: 100 });
    for (let userId = 0; userId < 1_000; userId++) openings.set({ ...key, userId }, grant);
    expect(openings.size).toBe(100);
    expect(openings.get({ ...key, userId: 899 })).toBeNull();
    expect(openings.get({ ...key, userId: 999 })).toEqual(grant);
  });
});
