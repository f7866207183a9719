// SPEC.md B: statics and memberships, rule by rule, through the router (no HTTP).
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_STATIC_ID, SOLE_MEMBER } from "../services/memberships";
import { createHarness, type Harness } from "../testing";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** The error a call fails with, so bodies can be compared as a client would see them. */
async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("me.get", () => {
  it("returns the user, the current static and the statics for the switcher", async () => {
    const me = await (await h.as("Akane")).me.get();
    expect(me).toEqual({
      user: { id: expect.any(Number) as number, username: "akane", displayName: "Akane" },
      isAdmin: true,
      demo: false,
      currentStaticId: DEFAULT_STATIC_ID,
      statics: [{ id: DEFAULT_STATIC_ID, name: "Default Static", memberCount: expect.any(Number) as number, role: "owner" }],
      apiKey: null,
    });
  });

  it("lands a new user in the Default Static", async () => {
    const before = (await (await h.as("akane")).me.get()).statics[0]?.memberCount ?? 0;
    const me = await (await h.as("newcomer")).me.get();
    expect(me.currentStaticId).toBe(DEFAULT_STATIC_ID);
    expect(me.statics[0]?.memberCount).toBe(before + 1);
  });

  it("is UNAUTHORIZED without an identity", async () => {
    expect((await failure((await h.as("not a valid name!")).me.get())).code).toBe("UNAUTHORIZED");
  });
});

describe("statics", () => {
  it("create joins the creator and switches to it when they were on the Default Static", async () => {
    const ren = await h.as("ren");
    const created = await ren.statics.create({ name: "  Savage prog  " });
    expect(created.name).toBe("Savage prog");
    const me = await ren.me.get();
    expect(me.currentStaticId).toBe(created.id);
    expect(me.statics.map((s) => s.name)).toEqual(["Default Static", "Savage prog"]);
    expect(await ren.statics.list()).toEqual(me.statics);
  });

  it("create does not switch away from a static that is not the Default Static", async () => {
    const mio = await h.as("mio");
    const first = await mio.statics.create({ name: "First" });
    await mio.statics.create({ name: "Second" });
    expect((await mio.me.get()).currentStaticId).toBe(first.id);
  });

  it("rename is for members only: NOT_FOUND otherwise", async () => {
    const owner = await h.as("renamer");
    const s = await owner.statics.create({ name: "Old name" });
    expect(await owner.statics.rename({ staticId: s.id, name: "New name" })).toEqual({ id: s.id, name: "New name" });
    const outsider = await h.as("outsider");
    expect((await failure(outsider.statics.rename({ staticId: s.id, name: "Mine now" }))).code).toBe("NOT_FOUND");
    expect((await owner.statics.list()).find((x) => x.id === s.id)?.name).toBe("New name");
  });

  it("switching to a static you are not in is NOT_FOUND and changes nothing", async () => {
    const a = await h.as("sw_a");
    const theirs = await a.statics.create({ name: "A's static" });
    const b = await h.as("sw_b");
    const mine = await b.statics.create({ name: "B's static" });
    expect((await failure(b.me.setCurrentStatic({ staticId: theirs.id }))).code).toBe("NOT_FOUND");
    expect((await b.me.get()).currentStaticId).toBe(mine.id);
    await b.me.setCurrentStatic({ staticId: DEFAULT_STATIC_ID });
    expect((await b.me.get()).currentStaticId).toBe(DEFAULT_STATIC_ID);
  });
});

describe("isolation between statics", () => {
  it("members of one static never see another's statics or members", async () => {
    const a = await h.as("iso_a");
    const b = await h.as("iso_b");
    const sa = await a.statics.create({ name: "Iso A" });
    const sb = await b.statics.create({ name: "Iso B" });
    expect((await a.statics.list()).map((s) => s.id)).not.toContain(sb.id);
    expect((await b.statics.list()).map((s) => s.id)).not.toContain(sa.id);
    expect((await failure(b.members.list({ staticId: sa.id }))).code).toBe("NOT_FOUND");
    expect((await failure(b.members.add({ staticId: sa.id, username: "iso_b" }))).code).toBe("NOT_FOUND");
    expect((await failure(b.members.remove({ staticId: sa.id, userId: (await a.me.get()).user.id }))).code).toBe("NOT_FOUND");
    expect((await a.members.list({ staticId: sa.id })).map((m) => m.username)).toEqual(["iso_a"]);
  });

  it("the NOT_FOUND for a static that exists but is not yours equals the one for a static that does not exist", async () => {
    const owner = await h.as("nf_owner");
    const s = await owner.statics.create({ name: "Secret" });
    const stranger = await h.as("nf_stranger");
    for (const call of [
      (staticId: number) => stranger.members.list({ staticId }),
      (staticId: number) => stranger.me.setCurrentStatic({ staticId }),
      (staticId: number) => stranger.statics.rename({ staticId, name: "x" }),
    ]) {
      const existing = await failure(call(s.id));
      const missing = await failure(call(987_654));
      expect(existing.code).toBe("NOT_FOUND");
      expect({ code: existing.code, message: existing.message }).toEqual({ code: missing.code, message: missing.message });
    }
    const viaHeader = await failure((await h.as("nf_stranger", { staticId: s.id })).me.get());
    const viaMissingHeader = await failure((await h.as("nf_stranger", { staticId: 987_654 })).me.get());
    expect({ code: viaHeader.code, message: viaHeader.message }).toEqual({ code: viaMissingHeader.code, message: viaMissingHeader.message });
  });

  it("an x-static-id of a foreign static is NOT_FOUND; of your own, it is the current static", async () => {
    const a = await h.as("hdr_a");
    const sa = await a.statics.create({ name: "Header A" });
    await a.me.setCurrentStatic({ staticId: DEFAULT_STATIC_ID });
    expect((await (await h.as("hdr_a", { staticId: sa.id })).me.get()).currentStaticId).toBe(sa.id);
    expect((await (await h.as("hdr_a")).me.get()).currentStaticId).toBe(DEFAULT_STATIC_ID);
    expect((await failure((await h.as("hdr_b", { staticId: sa.id })).me.get())).code).toBe("NOT_FOUND");
    expect((await failure((await h.as("hdr_b", { staticId: "1; drop table users" })).me.get())).code).toBe("BAD_REQUEST");
  });
});

describe("members", () => {
  it("list shows user id, username, display name and join date", async () => {
    const a = await h.as("Lister");
    const s = await a.statics.create({ name: "Listed" });
    const [only] = await a.members.list({ staticId: s.id });
    expect(only).toEqual({
      userId: (await a.me.get()).user.id,
      username: "lister",
      displayName: "Lister",
      role: "owner",
      joinedAt: expect.any(Date) as Date,
    });
  });

  it("adding a username that never signed in is NOT_FOUND, in words", async () => {
    const a = await h.as("adder");
    const s = await a.statics.create({ name: "Adders" });
    const error = await failure(a.members.add({ staticId: s.id, username: "ghost" }));
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe("No user named 'ghost' — they need to sign in once first");
  });

  it("add, then the added user sees the static; adding again is a no-op", async () => {
    const a = await h.as("host");
    const s = await a.statics.create({ name: "Hosted" });
    const guest = await h.as("Guest");
    await guest.me.get();
    const added = await a.members.add({ staticId: s.id, username: "GUEST" });
    expect(added.username).toBe("guest");
    await a.members.add({ staticId: s.id, username: "guest" });
    expect((await a.members.list({ staticId: s.id })).map((m) => m.username)).toEqual(["host", "guest"]);
    expect((await guest.statics.list()).map((x) => x.id)).toContain(s.id);
    expect((await guest.members.list({ staticId: s.id })).length).toBe(2);
  });

  it("the only member leaving is CONFLICT and keeps them, unless they confirm deleting the static", async () => {
    const solo = await h.as("solo");
    const s = await solo.statics.create({ name: "Solo" });
    const soloId = (await solo.me.get()).user.id;
    for (const attempt of [() => solo.members.remove({ staticId: s.id, userId: soloId }), () => solo.members.leave({ staticId: s.id })]) {
      const error = await failure(attempt());
      expect(error.code).toBe("CONFLICT");
      expect(error.message).toBe(SOLE_MEMBER);
    }
    expect((await solo.members.list({ staticId: s.id })).length).toBe(1);
    expect(await solo.members.leave({ staticId: s.id, deleteStatic: true })).toEqual({ outcome: "deleted" });
    expect((await solo.statics.list()).map((x) => x.id)).not.toContain(s.id);
    expect((await failure(solo.members.list({ staticId: s.id }))).code).toBe("NOT_FOUND");
  });

  it("leaving moves your default to another of your statics", async () => {
    const a = await h.as("leaver_host");
    const s = await a.statics.create({ name: "To leave" });
    const leaver = await h.as("leaver");
    const other = await leaver.statics.create({ name: "Leaver's own" });
    await a.members.add({ staticId: s.id, username: "leaver" });
    await leaver.me.setCurrentStatic({ staticId: s.id });
    expect(await leaver.members.leave({ staticId: s.id })).toEqual({ outcome: "left" });
    const me = await leaver.me.get();
    expect(me.statics.map((x) => x.id)).not.toContain(s.id);
    expect([DEFAULT_STATIC_ID, other.id]).toContain(me.currentStaticId);
  });

  it("a removed member is refused on their very next request", async () => {
    const a = await h.as("remover");
    const s = await a.statics.create({ name: "Removal" });
    await (await h.as("removed")).me.get();
    await a.members.add({ staticId: s.id, username: "removed" });
    const tab = await h.as("removed", { staticId: s.id });
    expect((await tab.me.get()).currentStaticId).toBe(s.id);
    await a.members.remove({ staticId: s.id, userId: (await tab.me.get()).user.id });
    expect((await failure(tab.me.get())).code).toBe("NOT_FOUND");
    expect((await failure(tab.members.list({ staticId: s.id }))).code).toBe("NOT_FOUND");
  });

  it("a user left with no static has no current static", async () => {
    const h2 = await createHarness({ autoJoinDefaultStatic: false });
    try {
      const lone = await h2.as("lone");
      const me = await lone.me.get();
      expect(me).toMatchObject({ currentStaticId: null, statics: [] });
      const s = await lone.statics.create({ name: "First static" });
      expect((await lone.me.get()).currentStaticId).toBe(s.id);
    } finally {
      await h2.close();
    }
  });
});
