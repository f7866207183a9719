// findRequestUser: the caller and its membership of the static asked about, in one query, whatever
// is asked (its own static, another, none, one that does not exist).
import { addMemberAs, createStaticAs, setMemberRoleAs, users } from "@progboard/db";
import { createTestUser, credentialOf } from "@progboard/db/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../testing";
import { findRequestUser } from "./memberships";

let h: Harness;
let owner: number;
let member: number;
let loner: number;
let ours: number;

const user = (username: string) => createTestUser(h.handle, username);

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  owner = await user("fru_owner");
  member = await user("fru_member");
  loner = await user("fru_loner");
  const asOwner = await credentialOf(h.handle, owner);
  ours = await createStaticAs(h.handle.db, asOwner, "Ours");
  await addMemberAs(h.handle.db, asOwner, ours, member);
  await setMemberRoleAs(h.handle.db, asOwner, ours, member, "member");
  await h.handle.db.update(users).set({ currentStaticId: ours }).where(eq(users.id, member));
});
afterAll(() => h.close());

describe("findRequestUser", () => {
  it("a member asking for its static: its role, the static's name and time zone", async () => {
    expect(await findRequestUser(h.handle.db, owner, ours)).toMatchObject({
      id: owner,
      username: "fru_owner",
      displayName: "fru_owner",
      isMemberOfRequested: true,
      roleInRequested: "owner",
      staticName: "Ours",
      staticTimeZone: expect.any(String) as string,
      provisioned: false,
      isAdmin: expect.any(Boolean) as boolean,
    });
  });

  it("no static asked: the stored current static", async () => {
    expect(await findRequestUser(h.handle.db, member, null)).toMatchObject({
      currentStaticId: ours,
      isMemberOfRequested: true,
      roleInRequested: "member",
      staticName: "Ours",
    });
  });

  it("not a member, no current static, or a static that does not exist: its own row, member of nothing", async () => {
    const nothing = { isMemberOfRequested: false, roleInRequested: null };
    // Another's static: its name is known to the query but the caller is not in it.
    expect(await findRequestUser(h.handle.db, loner, ours)).toMatchObject({ id: loner, ...nothing });
    expect(await findRequestUser(h.handle.db, loner, null)).toMatchObject({
      id: loner,
      currentStaticId: null,
      staticName: null,
      staticTimeZone: null,
      ...nothing,
    });
    expect(await findRequestUser(h.handle.db, owner, 2_000_000_000)).toMatchObject({ id: owner, staticName: null, staticTimeZone: null, ...nothing });
  });

  it("a user that is not there: null", async () => {
    expect(await findRequestUser(h.handle.db, 2_000_000_000, null)).toBeNull();
  });
});
