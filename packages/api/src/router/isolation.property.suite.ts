// Property-based isolation (issue 12's reliability harness): a world of statics with random
// memberships (drawn by fast-check from a fixed seed), each static owning rows tagged with its own
// marker, then, for every procedure of the router, random calls: a random user, a random current
// static (or one that does not exist), and input fields drawn from every static's ids and keys and
// from ids that exist nowhere. Every answer must match an oracle of who may see what:
// - a caller who is not a member of the static the call acts on gets NOT_FOUND, and nothing else;
// - no answer carries the marker of a static other than the one acted on (for a static-scoped
//   call) or than the caller's own statics (for the caller's lists);
// - no well-formed call is an internal error;
// - a membership change or a new static that succeeded was allowed, and updates the oracle.
// 500 runs per procedure on PostgreSQL (TEST_DATABASE_URL), fewer on PGlite. The procedures are
// dealt to a few test files (isolation.property.part*.test.ts), each with a world of its own, so
// they run side by side.
import { testDatabaseUrl } from "@progboard/db/testing";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root";
import { type CallOutcome, callPath, createHarness, type Harness } from "../testing";

const RUNS = testDatabaseUrl() ? 500 : 25;
const SEED = 20_261_205;
const USERS = ["pbu0", "pbu1", "pbu2", "pbu3", "pbu4"];
const STATICS = 4;
const ENCOUNTER = 1077;

interface SchemaLike {
  def: { type: string; innerType?: SchemaLike; in?: SchemaLike; shape?: Record<string, SchemaLike> };
  shape?: Record<string, SchemaLike>;
}
interface ProcedureLike {
  _def: { type: "query" | "mutation" | "subscription"; inputs: SchemaLike[] };
}

/** What the oracle knows of one static. */
interface StaticModel {
  id: number;
  /** Appears in every row this static owns (and its name), and nowhere else. */
  marker: string;
  members: Set<string>;
  codes: string[];
  rosterIds: number[];
  progPointIds: number[];
  followIds: number[];
  userIds: number[];
}
/**
 * Registers part `part` (0-based) of `parts` of the suite: its own harness, world and oracle
 * (nothing at module level, so files sharing a worker share nothing).
 */
export function describeIsolationProperties(part: number, parts: number): void {
  let h: Harness;
  const statics: StaticModel[] = [];
  const userIds = new Map<string, number>();
  const NOWHERE = 900_000_000;

  /** Calls that can delete a static: run last, so the procedures after them still find members. */
  const DESTRUCTIVE = new Set(["members.leave", "statics.delete"]);

  function procedures(): [string, ProcedureLike][] {
    return Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>).sort(
      ([x], [y]) => Number(DESTRUCTIVE.has(x)) - Number(DESTRUCTIVE.has(y)) || x.localeCompare(y),
    );
  }

  function objectShape(schema: SchemaLike | undefined): Record<string, SchemaLike> | null {
    let s = schema;
    while (s && s.def.type !== "object") s = s.def.innerType ?? s.def.in;
    return s ? (s.shape ?? s.def.shape ?? null) : null;
  }

  beforeAll(async () => {
    h = await createHarness({ autoJoinDefaultStatic: false });
    for (const name of USERS) userIds.set(name, (await (await h.as(name)).me.get()).user.id);
    // Random memberships, the same on every run: each static has 1 to 3 of the users.
    const memberships = fc.sample(fc.uniqueArray(fc.constantFrom(...USERS), { minLength: 1, maxLength: 3 }), { seed: SEED, numRuns: STATICS });
    for (const [index, members] of memberships.entries()) {
      const marker = `Mark${index}q`;
      const [founder, ...others] = members as [string, ...string[]];
      const created = await (await h.as(founder)).statics.create({ name: `Static ${marker}` });
      const model: StaticModel = {
        id: created.id,
        marker,
        members: new Set([founder]),
        codes: [],
        rosterIds: [],
        progPointIds: [],
        followIds: [],
        userIds: [],
      };
      const owner = await h.as(founder, { staticId: created.id });
      for (const other of others) {
        await owner.members.add({ staticId: created.id, username: other });
        model.members.add(other);
      }
      model.userIds = [...model.members].map((m) => userIds.get(m) as number);
      const code = `code${index}mark${index}`;
      await owner.watchedReports.add({ report: code, label: `label ${marker}` });
      // Every static also watches a shared code, with its own label.
      await owner.watchedReports.add({ report: "sharedcode01", label: `shared ${marker}` });
      model.codes = [code, "sharedcode01"];
      for (const n of [1, 2]) {
        const member = await owner.roster.create({ name: `Member${n}${marker}`, job: "WAR" });
        if (!member) throw new Error("seed failed");
        await owner.roster.update({ id: member.id, notes: `notes ${marker}` });
        // Alias names carry no marker: they are drawn as inputs in other statics, whose answers
        // and rows may then rightly show them.
        await owner.roster.addAlias({ memberId: member.id, characterName: `Alias${n} Of${index}`, server: "Tonberry" });
        model.rosterIds.push(member.id);
      }
      await owner.strats.upsert({ encounterId: ENCOUNTER, mechanicRef: "40001", memberId: model.rosterIds[0], notes: `strat ${marker}` });
      const prog = await owner.progPoints.create({ encounterId: ENCOUNTER, label: `Prog ${marker}`, phaseIndex: 2 });
      if (!prog) throw new Error("seed failed");
      model.progPointIds.push(prog.id);
      await owner.faultScores.override({ code, fightId: 3, actorId: 7, score: 80, reason: `reason ${marker}` });
      model.followIds.push((await owner.follows.create({ guild: { name: `Guild ${marker}`, server: "tonberry", region: "EU" } })).id);
      statics.push(model);
    }
  });
  afterAll(() => h.close());

  const pool = {
    staticIds: () => [...statics.map((s) => s.id), NOWHERE],
    codes: () => [...statics.flatMap((s) => s.codes), "nowhere00code"],
    rosterIds: () => [...statics.flatMap((s) => s.rosterIds), NOWHERE + 1],
    progPointIds: () => [...statics.flatMap((s) => s.progPointIds), NOWHERE + 2],
    followIds: () => [...statics.flatMap((s) => s.followIds), NOWHERE + 4],
    userIds: () => [...userIds.values(), NOWHERE + 3],
  };

  /** Candidate values for an input field, from every static and from nowhere. */
  function fieldArbitrary(path: string, field: string): fc.Arbitrary<unknown> {
    const router = path.split(".")[0];
    switch (field) {
      case "report":
      case "code":
      case "session":
        return fc.constantFrom(...pool.codes());
      case "id":
        return fc.constantFrom(...(router === "progPoints" ? pool.progPointIds() : router === "follows" ? pool.followIds() : pool.rosterIds()));
      case "memberId":
        return fc.constantFrom(...pool.rosterIds());
      case "staticId":
        return fc.constantFrom(...pool.staticIds());
      case "userId":
        return fc.constantFrom(...pool.userIds());
      case "username":
        return fc.constantFrom(...USERS);
      case "encounterId":
        return fc.constantFrom(ENCOUNTER, NOWHERE);
      case "mechanicRef":
        return fc.constantFrom("40001", "40002");
      case "characterName":
        return fc.constantFrom(...statics.flatMap((_, index) => [`Alias1 Of${index}`, `Alias2 Of${index}`]), "Nobody Here");
      case "server":
        return fc.constant("Tonberry");
      case "characters":
        return fc
          .constantFrom(...statics.flatMap((_, index) => [`Alias1 Of${index}`, `Alias2 Of${index}`]), "Nobody Here")
          .map((characterName) => [{ characterName, server: "Tonberry", job: "WAR" }]);
      case "fightId":
        return fc.constantFrom(3, 4);
      case "actorId":
        return fc.constantFrom(7, 8);
      case "name":
      case "label":
        return fc.constantFrom("Probe", "Probe Two");
      case "job":
        return fc.constant("SAM");
      case "role":
        return path === "members.setRole" ? fc.constantFrom("owner", "member") : fc.constantFrom("tank", "healer", "dps");
      case "deleteStatic":
        return fc.boolean();
      case "templateId":
        return fc.integer({ min: 1, max: 20 });
      case "mode":
        return fc.constantFrom("merge", "replace");
      case "direction":
        return fc.constantFrom("forward", "backward");
      case "description":
        return fc.constant("probe");
      case "cursor":
        return fc.integer({ min: 1, max: 1_000 });
      case "limit":
        return fc.integer({ min: 1, max: 100 });
      case "notes":
      case "reason":
        return fc.constant("probe");
      case "live":
      case "readOnly":
        return fc.boolean();
      case "expiresAt":
        return fc.constant(new Date(Date.now() + 86_400_000).toISOString());
      case "score":
        return fc.integer({ min: 0, max: 100 });
      case "phaseIndex":
        return fc.integer({ min: 1, max: 5 });
      case "abilityId":
        return fc.constant(40001);
      case "from":
        return fc.constant(0);
      case "to":
        return fc.constant(8_000_000_000_000);
      case "rule":
        return fc.constantFrom("only", "none", "debuff", null);
      case "expectedHits":
        return fc.constant(null);
      case "reached":
        return fc.record({ code: fc.constantFrom(...pool.codes()), fightId: fc.constantFrom(3, 4) });
      // Sharing: no grant exists between the model's statics (grants.test.ts covers grants given);
      // small ids are other tables' rows, the handle names no static.
      case "grantId":
        return fc.constantFrom(1, 2, NOWHERE);
      case "direction":
        return fc.constant("forward");
      case "granteeHandle":
        return fc.constant("st_aaaaaaaaaaaaaaaaaaaa");
      case "url":
        return fc.oneof(fc.constant(`https://discord.com/api/webhooks/222222222222222222/${"c".repeat(68)}`), fc.string({ maxLength: 40 }));
      case "scope":
        return fc.constant("report");
      // follows.create: a guild or a user (both, or neither, is refused in words).
      case "guild":
        return fc.option(
          fc.record({ name: fc.constantFrom("Probe Guild", "Other Guild"), server: fc.constant("tonberry"), region: fc.constant("JP") }),
          {
            nil: undefined,
          },
        );
      case "fflogsUserId":
        return fc.option(fc.constantFrom(101, 202), { nil: undefined });
      case "onlyProgressed":
        return fc.boolean();
      case "clientId":
        return fc.constant("probe-client");
      case "clientSecret":
        return fc.constant("probe-secret");
    }
    throw new Error(`property sampler: no values for ${path} input field "${field}"; teach fieldArbitrary() about it`);
  }

  function inputArbitrary(path: string, procedure: ProcedureLike): fc.Arbitrary<Record<string, unknown> | undefined> {
    const shape = objectShape(procedure._def.inputs[0]);
    if (!shape) return fc.constant(undefined);
    return fc.record(Object.fromEntries(Object.keys(shape).map((field) => [field, fieldArbitrary(path, field)])));
  }

  type Outcome = CallOutcome;

  async function call(username: string, headerStatic: number, path: string, input: unknown): Promise<Outcome> {
    return callPath(await h.as(username, { staticId: headerStatic }), path, input);
  }

  /** Procedures that act on the static named in their input rather than the request's. */
  const BY_INPUT = new Set([
    "members.list",
    "members.add",
    "members.remove",
    "members.leave",
    "members.setRole",
    "statics.rename",
    "statics.delete",
    "me.setCurrentStatic",
    "apiKeys.create",
  ]);
  /** Procedures about the caller, not one static: they may show any of the caller's statics. */
  const ABOUT_CALLER = new Set(["me.get", "statics.list", "statics.create", "apiKeys.list", "apiKeys.revoke"]);

  const memberOf = (username: string, staticId: number) => statics.find((s) => s.id === staticId)?.members.has(username) ?? false;

  /** The instance admin: the first account (pbu0). Admin calls are about that role, not a static. */
  const ADMIN = USERS[0];

  /** The oracle's verdict on one call; returns what is wrong, or nothing. */
  function judge(path: string, username: string, headerStatic: number, input: Record<string, unknown> | undefined, outcome: Outcome): string | null {
    if (!outcome.ok && outcome.code === "INTERNAL_SERVER_ERROR") return `internal error: ${outcome.message}`;
    if (path.startsWith("admin.")) {
      // The request's static header is checked for every signed-in call, admin or not.
      if (!memberOf(username, headerStatic)) return outcome.ok || outcome.code !== "NOT_FOUND" ? "a foreign x-static-id was not NOT_FOUND" : null;
      if (username !== ADMIN && (outcome.ok || outcome.code !== "FORBIDDEN")) return `a non-admin got ${outcome.ok ? "an answer" : outcome.code}`;
      // An admin moderates every published template: that view is theirs by design.
      return null;
    }
    const actsOn = BY_INPUT.has(path) ? Number(input?.staticId) : headerStatic;
    const aboutCaller = ABOUT_CALLER.has(path);
    if (!aboutCaller && !memberOf(username, actsOn)) {
      if (outcome.ok || outcome.code !== "NOT_FOUND") return `a non-member of static ${actsOn} got ${outcome.ok ? "an answer" : outcome.code}`;
    }
    const visible = new Set(
      statics.filter((s) => (aboutCaller ? s.members.has(username) : s.id === actsOn && s.members.has(username))).map((s) => s.marker),
    );
    const body = JSON.stringify(outcome.ok ? (outcome.data ?? null) : outcome.message);
    for (const s of statics) if (body.includes(s.marker) && !visible.has(s.marker)) return `answer carries static ${s.id}'s marker ${s.marker}`;
    return null;
  }

  /** Keeps the oracle in step with what a successful call changed about memberships. */
  function follow(path: string, username: string, input: Record<string, unknown> | undefined, outcome: Outcome): void {
    if (!outcome.ok) return;
    const model = statics.find((s) => s.id === Number(input?.staticId));
    if (path === "members.add" && model) model.members.add(String(input?.username));
    if (path === "members.remove" && model) {
      const name = [...userIds].find(([, id]) => id === Number(input?.userId))?.[0];
      if (name) model.members.delete(name);
    }
    if (path === "members.leave" && model) model.members.delete(username);
    // A deleted static has no members left to see anything.
    if ((path === "statics.delete" || (outcome.data as { outcome?: string } | undefined)?.outcome === "deleted") && model) model.members.clear();
    if (path === "statics.create") {
      const created = outcome.data as { id: number };
      statics.push({
        id: created.id,
        marker: `none${created.id}x`,
        members: new Set([username]),
        codes: [],
        rosterIds: [],
        progPointIds: [],
        followIds: [],
        userIds: [],
      });
    }
  }

  /** This part's procedures: every parts-th one, the destructive ones still last. */
  function ofPart(): [string, ProcedureLike][] {
    return procedures().filter((_, i) => i % parts === part);
  }

  describe(`property-based isolation, part ${part + 1} of ${parts}`, () => {
    it.each(ofPart().map(([path, procedure]) => [path, procedure] as const))(
      "%s: every answer matches the oracle of who may see what",
      async (path, procedure) => {
        const seen = { member: 0, outsider: 0 };
        const property = fc.asyncProperty(
          fc.constantFrom(...USERS),
          fc.constantFrom(...pool.staticIds()),
          inputArbitrary(path, procedure),
          async (username, headerStatic, input) => {
            const actsOn = BY_INPUT.has(path) ? Number(input?.staticId) : headerStatic;
            const insider = path.startsWith("admin.") ? username === ADMIN : memberOf(username, actsOn);
            seen[insider ? "member" : "outsider"]++;
            const outcome = await call(username, headerStatic, path, input);
            const problem = judge(path, username, headerStatic, input, outcome);
            follow(path, username, input, outcome);
            if (problem) throw new Error(`${path} as ${username} in static ${headerStatic} with ${JSON.stringify(input)}: ${problem}`);
          },
        );
        await fc.assert(property, { numRuns: RUNS, seed: SEED });
        // Both sides of the oracle were exercised.
        expect(seen.member).toBeGreaterThan(0);
        expect(seen.outsider).toBeGreaterThan(0);
      },
      600_000,
    );
  });
}
