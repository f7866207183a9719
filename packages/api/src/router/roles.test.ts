// Roles inside a static (issue 14): owners and members, generated from the router's owner tiers
// like the isolation suite. Every owner-only procedure called by a member is FORBIDDEN in words and
// changes nothing; the last owner is protected on leave, remove and demote; the audit log records
// each membership action in its own transaction, and only members read it.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root";
import { LAST_OWNER } from "../services/memberships";
import { createHarness, type Harness } from "../testing";
import type { Meta } from "../trpc";

interface SchemaLike {
  def: { type: string; innerType?: SchemaLike; in?: SchemaLike; shape?: Record<string, SchemaLike> };
  shape?: Record<string, SchemaLike>;
}
interface ProcedureLike {
  _def: { type: "query" | "mutation" | "subscription"; inputs: SchemaLike[]; meta?: Meta };
}

let h: Harness;
type Caller = Awaited<ReturnType<Harness["as"]>>;

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
});
afterAll(() => h.close());

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** A static owned by `owner` with the other users as members; the callers, pinned to it. */
async function staticOf(name: string, owner: string, ...members: string[]) {
  const created = await (await h.as(owner)).statics.create({ name });
  const o = await h.as(owner, { staticId: created.id });
  const ids: Record<string, number> = { [owner]: (await o.me.get()).user.id };
  for (const member of members) {
    ids[member] = (await (await h.as(member)).me.get()).user.id;
    await o.members.add({ staticId: created.id, username: member });
  }
  const as = (username: string) => h.as(username, { staticId: created.id });
  return { id: created.id, name, ids, as };
}

function objectShape(schema: SchemaLike | undefined): Record<string, SchemaLike> | null {
  let s = schema;
  while (s && s.def.type !== "object") s = s.def.innerType ?? s.def.in;
  return s ? (s.shape ?? s.def.shape ?? null) : null;
}

/** The procedures the owner tiers built (they mark their meta). */
function ownerOnly(): [string, ProcedureLike][] {
  return Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>)
    .filter(([, procedure]) => procedure._def.meta?.ownerOnly === true)
    .sort(([x], [y]) => x.localeCompare(y));
}

async function call(caller: Caller, path: string, input: unknown): Promise<unknown> {
  let target: unknown = caller;
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  return (target as (input: unknown) => Promise<unknown>)(input);
}

describe("owner-only procedures, generated from the router", () => {
  it("finds the owner tier's procedures (sanity check of the walk)", () => {
    const paths = ownerOnly().map(([path]) => path);
    for (const expected of ["statics.rename", "statics.delete", "members.remove", "members.setRole"]) expect(paths).toContain(expected);
    expect(paths).not.toContain("members.leave");
    expect(paths).not.toContain("members.add");
  });

  it("answers every one, called by a member, FORBIDDEN in words, and changes nothing", async () => {
    const s = await staticOf("Forbidden Fruit", "fowner", "fmember", "fthird");
    /** A valid value for each input field: the static, another member, a name, a role. */
    const sample = (path: string, field: string): unknown => {
      switch (field) {
        case "staticId":
          return s.id;
        case "userId":
          return s.ids.fthird;
        case "name":
          return "Taken Over";
        case "role":
          return "owner";
        // Sharing: a handle naming nothing, a grant id (the tier refuses before either is looked up).
        case "granteeHandle":
          return "st_aaaaaaaaaaaaaaaaaaaa";
        case "url":
          return `https://discord.com/api/webhooks/222222222222222222/${"r".repeat(68)}`;
        case "scope":
          return "progression";
        case "code":
          return undefined;
        case "grantId":
        case "id":
          return 1;
      }
      throw new Error(`role sampler: no value for ${path} input field "${field}"; teach sample() about it`);
    };
    const snapshot = async () => {
      const owner = await s.as("fowner");
      return {
        statics: await owner.statics.list(),
        members: await owner.members.list({ staticId: s.id }),
        audit: await owner.audit.list(),
      };
    };
    const before = await snapshot();
    const problems: string[] = [];
    for (const [path, procedure] of ownerOnly()) {
      const shape = objectShape(procedure._def.inputs[0]);
      const input = shape ? Object.fromEntries(Object.keys(shape).map((field) => [field, sample(path, field)])) : undefined;
      const result = await failure(call(await s.as("fmember"), path, input)).catch((error: unknown) => error);
      const action = procedure._def.meta?.ownerAction;
      if (!action) problems.push(`${path}: no ownerAction in its meta, so its message cannot say what was refused`);
      const expected = `Only an owner of Forbidden Fruit can ${action}`;
      if (!(result instanceof TRPCError) || result.code !== "FORBIDDEN" || result.message !== expected) {
        problems.push(
          `${path}: ${result instanceof TRPCError ? `${result.code} "${result.message}"` : String(result)} (expected FORBIDDEN "${expected}")`,
        );
      }
    }
    expect(problems).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it("answers an outsider NOT_FOUND, not FORBIDDEN", async () => {
    const s = await staticOf("Outside In", "oowner");
    const outsider = await h.as("ooutsider");
    expect((await failure(outsider.statics.rename({ staticId: s.id, name: "x" }))).code).toBe("NOT_FOUND");
    expect((await failure(outsider.statics.delete({ staticId: s.id }))).code).toBe("NOT_FOUND");
    expect((await failure(outsider.members.setRole({ staticId: s.id, userId: s.ids.oowner ?? 0, role: "member" }))).code).toBe("NOT_FOUND");
  });
});

describe("what owners and members may do", () => {
  it("the creator is the owner; members see the roles", async () => {
    const s = await staticOf("Roles Shown", "rowner", "rmember");
    const members = await (await s.as("rmember")).members.list({ staticId: s.id });
    expect(members.map((m) => [m.username, m.role])).toEqual([
      ["rowner", "owner"],
      ["rmember", "member"],
    ]);
    expect((await (await s.as("rmember")).statics.list()).find((x) => x.id === s.id)?.role).toBe("member");
  });

  it("an owner renames, promotes, demotes and removes; a promoted member can then do the same", async () => {
    const s = await staticOf("Ownership", "powner", "pmember", "pthird");
    const owner = await s.as("powner");
    expect(await owner.statics.rename({ staticId: s.id, name: "Ownership Renamed" })).toEqual({ id: s.id, name: "Ownership Renamed" });
    expect(await owner.members.setRole({ staticId: s.id, userId: s.ids.pmember ?? 0, role: "owner" })).toEqual({
      userId: s.ids.pmember,
      role: "owner",
      previous: "member",
    });
    const promoted = await s.as("pmember");
    expect(await promoted.members.remove({ staticId: s.id, userId: s.ids.pthird ?? 0 })).toEqual({ outcome: "removed" });
    await promoted.members.setRole({ staticId: s.id, userId: s.ids.powner ?? 0, role: "member" });
    expect((await failure(owner.statics.rename({ staticId: s.id, name: "Mine again" }))).code).toBe("FORBIDDEN");
    expect((await promoted.members.list({ staticId: s.id })).map((m) => [m.username, m.role])).toEqual([
      ["powner", "member"],
      ["pmember", "owner"],
    ]);
  });

  it("every member can leave", async () => {
    const s = await staticOf("Leavable", "lowner", "lmember");
    expect(await (await s.as("lmember")).members.leave({ staticId: s.id })).toEqual({ outcome: "left" });
    expect((await (await s.as("lowner")).members.list({ staticId: s.id })).map((m) => m.username)).toEqual(["lowner"]);
  });

  it("an owner deletes the static and everything in it", async () => {
    const s = await staticOf("Doomed Static", "downer", "dmember");
    const owner = await s.as("downer");
    await owner.roster.create({ name: "Doomed Member" });
    expect(await owner.statics.delete({ staticId: s.id })).toEqual({ deleted: true });
    expect((await failure(owner.roster.list())).code).toBe("NOT_FOUND");
    expect((await (await h.as("dmember")).statics.list()).map((x) => x.id)).not.toContain(s.id);
    expect((await failure((await h.as("downer")).statics.rename({ staticId: s.id, name: "Back" }))).code).toBe("NOT_FOUND");
  });
});

describe("the last owner", () => {
  it("cannot leave, be removed by themself or be demoted while other members remain", async () => {
    const s = await staticOf("Last Owner", "lastowner", "lastmember");
    const owner = await s.as("lastowner");
    const attempts = [
      () => owner.members.leave({ staticId: s.id }),
      () => owner.members.leave({ staticId: s.id, deleteStatic: true }),
      () => owner.members.remove({ staticId: s.id, userId: s.ids.lastowner ?? 0 }),
      () => owner.members.setRole({ staticId: s.id, userId: s.ids.lastowner ?? 0, role: "member" }),
    ];
    for (const attempt of attempts) {
      const error = await failure(attempt());
      expect({ code: error.code, message: error.message }).toEqual({ code: "CONFLICT", message: LAST_OWNER });
    }
    expect((await owner.members.list({ staticId: s.id })).map((m) => [m.username, m.role])).toEqual([
      ["lastowner", "owner"],
      ["lastmember", "member"],
    ]);
    // Once someone else is an owner, the first may go.
    await owner.members.setRole({ staticId: s.id, userId: s.ids.lastmember ?? 0, role: "owner" });
    expect(await owner.members.leave({ staticId: s.id })).toEqual({ outcome: "left" });
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const s = await staticOf("Race", "race1", "race2");
    const one = await s.as("race1");
    await one.members.setRole({ staticId: s.id, userId: s.ids.race2 ?? 0, role: "owner" });
    const two = await s.as("race2");
    await Promise.allSettled([
      one.members.setRole({ staticId: s.id, userId: s.ids.race2 ?? 0, role: "member" }),
      two.members.setRole({ staticId: s.id, userId: s.ids.race1 ?? 0, role: "member" }),
    ]);
    const roles = (await one.members.list({ staticId: s.id })).map((m) => m.role);
    expect(roles.filter((role) => role === "owner")).toHaveLength(1);
  });
});

describe("audit.list", () => {
  it("lists the static's membership actions, newest first, with their actors", async () => {
    const s = await staticOf("Audited", "aowner", "amember", "athird");
    const owner = await s.as("aowner");
    await owner.statics.rename({ staticId: s.id, name: "Audited Renamed" });
    await owner.members.setRole({ staticId: s.id, userId: s.ids.amember ?? 0, role: "owner" });
    await owner.members.remove({ staticId: s.id, userId: s.ids.athird ?? 0 });
    await (await s.as("amember")).members.leave({ staticId: s.id });
    const { entries, nextCursor } = await owner.audit.list();
    expect(nextCursor).toBeNull();
    expect(entries.map((e) => [e.action, e.actor?.username ?? null, e.subject])).toEqual([
      ["member.left", "amember", "amember"],
      ["member.removed", "aowner", "athird"],
      ["member.role_changed", "aowner", "amember"],
      ["static.renamed", "aowner", "Audited Renamed"],
      ["member.added", "aowner", "athird"],
      ["member.added", "aowner", "amember"],
      ["static.created", "aowner", "Audited"],
    ]);
    expect(entries[2]?.details).toEqual({ userId: s.ids.amember, from: "member", to: "owner" });
    expect(entries[3]?.details).toEqual({ from: "Audited", to: "Audited Renamed" });
  });

  it("pages with a keyset cursor", async () => {
    const s = await staticOf("Paged", "pgowner", "pg1", "pg2", "pg3", "pg4");
    const owner = await s.as("pgowner");
    const all = (await owner.audit.list({ limit: 100 })).entries.map((e) => e.id);
    expect(all).toHaveLength(5);
    const seen: number[] = [];
    let cursor: number | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await owner.audit.list({ limit: 2, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...result.entries.map((e) => e.id));
      if (result.nextCursor === null) break;
      cursor = result.nextCursor;
    }
    expect(seen).toEqual(all);
    expect((await failure(owner.audit.list({ limit: 101 }))).code).toBe("BAD_REQUEST");
  });

  it("a refused action writes no entry", async () => {
    const s = await staticOf("No Entry", "neowner", "nemember");
    const owner = await s.as("neowner");
    const before = await owner.audit.list();
    await failure(owner.members.setRole({ staticId: s.id, userId: s.ids.neowner ?? 0, role: "member" }));
    await failure((await s.as("nemember")).statics.rename({ staticId: s.id, name: "Nope" }));
    await failure(owner.members.remove({ staticId: s.id, userId: 987_654 }));
    expect(await owner.audit.list()).toEqual(before);
  });

  it("is for members: another static's log is never shown", async () => {
    const a = await staticOf("Log A", "logA");
    const b = await staticOf("Log B", "logB");
    const entries = (await (await b.as("logB")).audit.list()).entries;
    expect(entries.map((e) => e.subject)).toEqual(["Log B"]);
    expect((await failure((await h.as("logB", { staticId: a.id })).audit.list())).code).toBe("NOT_FOUND");
  });
});
