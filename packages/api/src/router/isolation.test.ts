// SPEC.md C, generated from the router itself: every procedure is called as a member of static C
// with the ids and natural keys of static A's rows, then with random ones. Each answers the same way both times
// (so existence is not leaked), never with A's data, and A's data is unchanged at the end.
// A procedure added to the router is covered without editing this file; if its input has a field
// the sampler does not know, the test fails and says which.
import { nightSnapshots } from "@progboard/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root";
import { type CallOutcome, callPath, createHarness, type Harness } from "../testing";
import { KEYS_CANNOT_MANAGE_KEYS, READ_ONLY_KEY } from "../trpc";

interface SchemaLike {
  def: { type: string; innerType?: SchemaLike; in?: SchemaLike; shape?: Record<string, SchemaLike> };
  shape?: Record<string, SchemaLike>;
}
interface ProcedureLike {
  _def: { type: "query" | "mutation" | "subscription"; inputs: SchemaLike[]; meta?: { adminOnly?: boolean } };
}

let h: Harness;
let A: {
  staticId: number;
  userId: number;
  code: string;
  memberIds: number[];
  progPointId: number;
  encounterId: number;
  mechanicRef: string;
  alias: { characterName: string; server: string };
  fightId: number;
  actorId: number;
  followId: number;
  fflogsUserId: number;
  snapshotId: number;
  templateId: number;
  /** A's grant to B (all its progression). */
  grantId: number;
  keyId: number;
};
let B: { staticId: number };
let C: { staticId: number };
/** Strings that exist only in static A. None may reach B. */
const SECRETS = [
  "secretayla",
  "A secret key",
  "Alpha Secret Static",
  "a-secret-label",
  "SecretAyaMember",
  "a secret notes",
  "Secretalias Aya",
  "a secret strat",
  "a secret reason",
  "A Secret Prog",
  "A Secret Guild",
  "A Secret Night",
  "A Secret Template",
  // A's Discord webhook token: returned to nobody, A included.
  "ASecretWebhookToken",
];

type Caller = Awaited<ReturnType<Harness["as"]>>;
const asA = () => h.as("secretayla", { staticId: A.staticId });
const asB = () => h.as("bram", { staticId: B.staticId });
/** The prober: a member of static C only, which owns nothing yet. */
const asC = () => h.as("cato", { staticId: C.staticId });

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  const ayla = await h.as("secretayla");
  const staticA = await ayla.statics.create({ name: "Alpha Secret Static" });
  const bram = await h.as("bram");
  const staticB = await bram.statics.create({ name: "Bravo" });
  B = { staticId: staticB.id };
  C = { staticId: (await (await h.as("cato")).statics.create({ name: "Charlie" })).id };

  const a = await h.as("secretayla", { staticId: staticA.id });
  await a.watchedReports.add({ report: "aSecretCode01", label: "a-secret-label" });
  await a.watchedReports.add({ report: "https://www.fflogs.com/reports/abc123" });
  const secretMember = await a.roster.create({ name: "SecretAyaMember", job: "WAR" });
  const aoi = await a.roster.create({ name: "Aoi", job: "WHM" });
  if (!secretMember || !aoi) throw new Error("seed failed");
  await a.roster.update({ id: secretMember.id, notes: "a secret notes" });
  await a.roster.addAlias({ memberId: secretMember.id, characterName: "Secretalias Aya", server: "Tonberry" });
  await a.roster.claim({ id: secretMember.id });
  await a.strats.upsert({ encounterId: 1077, mechanicRef: "40001", memberId: secretMember.id, notes: "a secret strat" });
  const prog = await a.progPoints.create({ encounterId: 1077, label: "A Secret Prog", phaseIndex: 2 });
  if (!prog) throw new Error("seed failed");
  await a.faultScores.override({ code: "aSecretCode01", fightId: 3, actorId: 7, score: 80, reason: "a secret reason" });
  const follow = await a.follows.create({ guild: { name: "A Secret Guild", server: "tonberry", region: "JP" } });
  await a.follows.create({ fflogsUserId: 777_001 });
  const template = await a.templates.publish({ encounterId: 1077, name: "A Secret Template", description: "a secret strat" });
  const bHandle = (await (await h.as("bram", { staticId: staticB.id })).sharing.handle()).handle;
  const { grantId } = await a.sharing.grant({ granteeHandle: bHandle, scope: "progression" });
  const me = await a.me.get();
  const aylaKey = await ayla.apiKeys.create({ name: "A secret key" });
  // A saved night (no pulls of its own needed: the row is what must stay out of reach).
  const [snapshot] = await h.handle.withWorkerTenant({ userId: me.user.id, staticId: staticA.id }, (db) =>
    db
      .insert(nightSnapshots)
      .values({
        staticId: staticA.id,
        encounterId: 1077,
        sessionKey: "report:aSecretCode01",
        name: "A Secret Night",
        schemaVersion: 1,
        document: { kind: "progboard.night", schemaVersion: 1, note: "A Secret Night" },
      })
      .returning({ id: nightSnapshots.id }),
  );
  if (!snapshot) throw new Error("seed failed");
  await a.discord.setWebhook({ url: `https://discord.com/api/webhooks/111111111111111111/${"ASecretWebhookToken".padEnd(68, "x")}` });
  A = {
    templateId: template.templateId,
    staticId: staticA.id,
    userId: me.user.id,
    code: "aSecretCode01",
    memberIds: [secretMember.id, aoi.id],
    progPointId: prog.id,
    encounterId: 1077,
    mechanicRef: "40001",
    alias: { characterName: "Secretalias Aya", server: "Tonberry" },
    fightId: 3,
    actorId: 7,
    grantId,
    keyId: aylaKey.id,
    followId: follow.id,
    fflogsUserId: 777_001,
    snapshotId: snapshot.id,
  };

  // Static B has its own rows with the same natural keys as A's.
  const b = await h.as("bram", { staticId: staticB.id });
  await b.watchedReports.add({ report: "abc123", label: "bravo label" });
  await b.roster.create({ name: "Aoi", job: "SCH" });
  await b.strats.upsert({ encounterId: 1077, mechanicRef: "40001", role: "healer" });
});
afterAll(() => h.close());

/** Every procedure of the app router, by dotted path (tRPC keeps a flat record at run time). */
function procedures(): [string, ProcedureLike][] {
  return Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>).sort(([x], [y]) => x.localeCompare(y));
}

function objectShape(schema: SchemaLike | undefined): Record<string, SchemaLike> | null {
  let s = schema;
  while (s && s.def.type !== "object") s = s.def.innerType ?? s.def.in;
  return s ? (s.shape ?? s.def.shape ?? null) : null;
}

type Mode = "foreign" | "random";
const random = {
  id: () => 1_000_000 + Math.floor(Math.random() * 1_000_000_000),
  code: `zz${Math.random().toString(36).slice(2, 12)}`,
  text: `Rnd${Math.random().toString(36).slice(2, 8)}`,
};
const randomIds = {
  id: random.id(),
  memberId: random.id(),
  staticId: random.id(),
  userId: random.id(),
  fightId: random.id(),
  actorId: random.id(),
  encounterId: random.id(),
};

/** A valid value for `field` of procedure `path`: A's when foreign, fresh otherwise. */
function sample(path: string, field: string, mode: Mode): unknown {
  const foreign = mode === "foreign";
  switch (field) {
    case "report":
    case "code":
      return foreign ? A.code : random.code;
    case "id":
      if (!foreign) return randomIds.id;
      if (path.startsWith("roster.")) return A.memberIds[0];
      if (path.startsWith("progPoints.")) return A.progPointId;
      if (path.startsWith("apiKeys.")) return A.keyId;
      if (path.startsWith("follows.")) return A.followId;
      if (path.startsWith("snapshots.")) return A.snapshotId;
      break;
    // follows.create takes a guild or a user: the user, A's own or one nobody follows.
    case "guild":
      return undefined;
    case "fflogsUserId":
      return foreign ? A.fflogsUserId : randomIds.id;
    case "onlyProgressed":
      return true;
    case "clientId":
      return "probe-client";
    case "clientSecret":
      return "probe-secret";
    case "memberId":
      return foreign ? A.memberIds[0] : randomIds.memberId;
    case "staticId":
      return foreign ? A.staticId : randomIds.staticId;
    case "userId":
      return foreign ? A.userId : randomIds.userId;
    case "encounterId":
      return foreign ? A.encounterId : randomIds.encounterId;
    case "mechanicRef":
      return foreign ? A.mechanicRef : random.text;
    case "characterName":
      return foreign ? A.alias.characterName : random.text;
    case "server":
      return foreign ? A.alias.server : "Nowhere";
    case "characters":
      // Character names are not ids (every static may alias anyone): a fresh one either way.
      return [{ characterName: `Probe ${mode} character`, server: "Nowhere", job: "SAM" }];
    case "fightId":
      return foreign ? A.fightId : randomIds.fightId;
    case "actorId":
      return foreign ? A.actorId : randomIds.actorId;
    case "username":
      return "cato";
    case "name":
    case "label":
      return `Probe ${mode}`;
    case "job":
      return "SAM";
    case "role":
      return path === "members.setRole" ? "owner" : "dps";
    case "deleteStatic":
      return true;
    case "templateId":
      return foreign ? A.templateId : randomIds.id;
    case "mode":
      return "replace";
    case "direction":
      return "forward";
    case "description":
      return "probe";
    case "cursor":
      return foreign ? 1 : randomIds.id;
    case "limit":
      return 10;
    case "notes":
    case "reason":
      return "probe";
    case "live":
    case "readOnly":
      return true;
    case "expiresAt":
      return new Date(Date.now() + 86_400_000).toISOString();
    case "score":
      return 10;
    case "phaseIndex":
      return 1;
    case "abilityId":
      return 40001;
    case "from":
      return 0;
    case "to":
      return 8_000_000_000_000;
    case "session":
      return foreign ? A.code : random.code;
    case "rule":
      return "only";
    case "expectedHits":
      return null;
    case "reached":
      return { code: foreign ? A.code : random.code, fightId: foreign ? A.fightId : randomIds.fightId };
    case "grantId":
      return foreign ? A.grantId : randomIds.id;
    case "direction":
      return "forward";
    // A handle is a capability (knowing it is being allowed to grant to it): C probes with one that names nothing.
    case "granteeHandle":
      return "st_aaaaaaaaaaaaaaaaaaaa";
    case "scope":
      return "report";
    // A Discord webhook of C's own (setting one touches only the caller's static).
    case "url":
      return `https://discord.com/api/webhooks/222222222222222222/${"c".repeat(68)}`;
  }
  throw new Error(`isolation sampler: no value for ${path} input field "${field}"; teach sample() about it`);
}

function inputFor(path: string, procedure: ProcedureLike, mode: Mode): unknown {
  const shape = objectShape(procedure._def.inputs[0]);
  if (!shape) return undefined;
  return Object.fromEntries(Object.keys(shape).map((field) => [field, sample(path, field, mode)]));
}

const call = (caller: Caller, path: string, input: unknown): Promise<CallOutcome> => callPath(caller, path, input);

/** A's static id and row ids, wherever they appear as that kind of id in a response. */
function foreignIdsIn(path: string, value: unknown, input: unknown): string[] {
  const echoed = JSON.stringify(input ?? null);
  const router = path.split(".")[0];
  const rowIds =
    router === "roster"
      ? A.memberIds
      : router === "progPoints"
        ? [A.progPointId]
        : router === "apiKeys"
          ? [A.keyId]
          : router === "follows"
            ? [A.followId]
            : router === "snapshots"
              ? [A.snapshotId]
              : router === "statics" || router === "me"
                ? [A.staticId]
                : [];
  const found: string[] = [];
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) v.forEach((item) => walk(item, key));
    // User ids are not static data: members of a shared static see each other.
    else if (v && typeof v === "object") for (const [k, inner] of Object.entries(v)) walk(inner, key === "user" || key === "claimedBy" ? "user" : k);
    else if (typeof v === "number") {
      const isForeign =
        (key === "staticId" && v === A.staticId) || (key === "memberId" && A.memberIds.includes(v)) || (key === "id" && rowIds.includes(v));
      if (isForeign && !echoed.includes(String(v))) found.push(`${key}=${v}`);
    }
  };
  walk(value, "");
  return found;
}

async function snapshotOfA() {
  const a = await asA();
  return {
    statics: await a.statics.list(),
    members: await a.members.list({ staticId: A.staticId }),
    reports: await a.watchedReports.list(),
    roster: await a.roster.list(),
    strats: await a.strats.list({ encounterId: A.encounterId }),
    progPoints: await a.progPoints.list(),
    faultScores: await a.faultScores.list({ code: A.code }),
    follows: await a.follows.list(),
    snapshots: await a.snapshots.list({}),
    templates: await a.templates.list(),
    audit: await a.audit.list(),
    discord: await a.discord.get({}),
    apiKeys: (await (await h.as("secretayla")).apiKeys.list()).map(({ lastUsedAt: _, ...key }) => key),
  };
}

describe("seed rules: two statics, the same natural keys", () => {
  it("lets both watch report abc123, have a member named Aoi and configure mechanic 40001, each seeing only its own", async () => {
    const [a, b] = [await asA(), await asB()];
    expect((await a.watchedReports.list()).find((r) => r.code === "abc123")?.label).toBeNull();
    expect((await b.watchedReports.list()).find((r) => r.code === "abc123")?.label).toBe("bravo label");
    const aAoi = (await a.roster.list()).find((m) => m.name === "Aoi");
    const bAoi = (await b.roster.list()).find((m) => m.name === "Aoi");
    expect(aAoi?.job).toBe("WHM");
    expect(bAoi?.job).toBe("SCH");
    expect(aAoi?.id).not.toBe(bAoi?.id);
    expect(await b.strats.list({ encounterId: 1077 })).toEqual([
      expect.objectContaining({ mechanicRef: "40001", role: "healer", memberId: null, notes: null }),
    ]);
    expect(await a.strats.list({ encounterId: 1077 })).toEqual([
      expect.objectContaining({ mechanicRef: "40001", memberName: "SecretAyaMember", notes: "a secret strat" }),
    ]);
  });

  it("answers a unique clash in B with B's own words, revealing nothing about A", async () => {
    const b = await asB();
    const clashes = [await call(b, "watchedReports.add", { report: "abc123" }), await call(b, "roster.create", { name: "aoi" })];
    expect(clashes).toEqual([
      { ok: false, code: "CONFLICT", message: "This static already watches report abc123" },
      { ok: false, code: "CONFLICT", message: "The roster already has a member named aoi" },
    ]);
    // A's secret names are free to take in B: uniques are per static.
    expect(await call(b, "roster.create", { name: "SecretAyaMember" })).toMatchObject({ ok: true });
    expect(await call(b, "roster.addAlias", { memberId: (await b.roster.list())[0]?.id, ...A.alias })).toMatchObject({ ok: true });
  });
});

describe("generated isolation suite", () => {
  it("covers the static-scoped routers (sanity check of the walk)", () => {
    const paths = procedures().map(([path]) => path);
    for (const expected of [
      "watchedReports.add",
      "roster.claim",
      "roster.addAlias",
      "strats.upsert",
      "progPoints.update",
      "faultScores.override",
      "members.remove",
    ]) {
      expect(paths).toContain(expected);
    }
  });

  it("answers every procedure, called from static C with A's ids and with random ids, alike and without A's data", async () => {
    const before = await snapshotOfA();
    expect(await probeEveryProcedure(asC, () => false)).toEqual([]);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("rejects a static_id smuggled into any input, changing nothing", async () => {
    const before = await snapshotOfA();
    const problems: string[] = [];
    for (const [path, procedure] of procedures()) {
      const input = inputFor(path, procedure, "random");
      if (input === undefined) continue;
      for (const smuggled of [{ static_id: A.staticId }, ...("staticId" in (input as object) ? [] : [{ staticId: A.staticId }])]) {
        const result = await call(await asC(), path, { ...(input as object), ...smuggled });
        // An admin call answers a non-admin FORBIDDEN before it reads any input.
        const refused = procedure._def.meta?.adminOnly ? ["BAD_REQUEST", "FORBIDDEN"] : ["BAD_REQUEST"];
        if (result.ok || !refused.includes(result.code)) problems.push(`${path} accepted ${JSON.stringify(smuggled)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await snapshotOfA()).toEqual(before);
  });
});

/**
 * Calls every procedure as `caller()` with A's ids, then with random ones; returns what went
 * wrong: A's data in an answer, a refusal other than NOT_FOUND (unless `expectedRefusal` says
 * so), or a different outcome for A's ids than for ids that exist nowhere.
 */
async function probeEveryProcedure(caller: () => Promise<Caller>, expectedRefusal: (path: string, code: string, message: string) => boolean) {
  const problems: string[] = [];
  for (const [path, procedure] of procedures()) {
    const foreignInput = inputFor(path, procedure, "foreign");
    const randomInput = inputFor(path, procedure, "random");
    const foreign = await call(await caller(), path, foreignInput);
    const fresh = await call(await caller(), path, randomInput);

    const body = JSON.stringify(foreign.ok ? foreign.data : foreign.message) ?? "";
    for (const secret of SECRETS) if (body.includes(secret)) problems.push(`${path}: response carries A's "${secret}"`);
    const ids = foreign.ok ? foreignIdsIn(path, foreign.data, foreignInput) : [];
    if (ids.length) problems.push(`${path}: response carries A's ids ${ids.join(", ")}`);

    // Admin calls are about the caller's role (no caller here is an admin): FORBIDDEN, whatever the ids.
    const adminOnly = Boolean(procedure._def.meta?.adminOnly);
    if (adminOnly && foreign.ok) problems.push(`${path}: answered a non-admin`);
    if (!foreign.ok && foreign.code !== (adminOnly ? "FORBIDDEN" : "NOT_FOUND") && !expectedRefusal(path, foreign.code, foreign.message))
      problems.push(`${path}: ${foreign.code} "${foreign.message}" (expected NOT_FOUND or an answer about the caller's own static)`);
    // Same outcome for A's ids and for ids that exist nowhere: existence is not leaked.
    const outcome = (r: typeof foreign) => (r.ok ? "ok" : `${r.code}: ${r.message}`);
    if (outcome(foreign) !== outcome(fresh)) problems.push(`${path}: with A's ids "${outcome(foreign)}", with random ids "${outcome(fresh)}"`);
  }
  return problems;
}

describe("the generated suite with API-key callers (issue 17)", () => {
  /** Dana belongs to A and to her own static D (which owns nothing yet); her key is limited to D. */
  let limitedToD: string;
  /** Ayla's own key, read-only, for every static she is in. */
  let readOnly: string;

  beforeAll(async () => {
    const dana = await h.as("dana");
    await (await asA()).members.add({ staticId: A.staticId, username: "dana" });
    const D = await dana.statics.create({ name: "Delta" });
    limitedToD = (await dana.apiKeys.create({ name: "dana's D key", staticId: D.id })).key;
    readOnly = (await (await h.as("secretayla")).apiKeys.create({ name: "ayla's reader", readOnly: true })).key;
  });

  it("a key limited to D, of a member of A too, finds nothing of A through any procedure", async () => {
    const before = await snapshotOfA();
    const keyRefusals = (_path: string, code: string, message: string) =>
      code === "FORBIDDEN" && (message === KEYS_CANNOT_MANAGE_KEYS || message.startsWith("This API key is limited to one static"));
    expect(await probeEveryProcedure(() => h.asKey(limitedToD), keyRefusals)).toEqual([]);
    expect(await snapshotOfA()).toEqual(before);
  });

  it("the same key asking for A by x-static-id gets NOT_FOUND from every procedure", async () => {
    const problems: string[] = [];
    for (const [path, procedure] of procedures()) {
      const result = await call(await h.asKey(limitedToD, { staticId: A.staticId }), path, inputFor(path, procedure, "foreign"));
      if (result.ok || result.code !== "NOT_FOUND") problems.push(`${path}: ${result.ok ? "answered" : result.code}`);
    }
    expect(problems).toEqual([]);
  });

  it("a read-only key of A's own member is refused every mutation (FORBIDDEN), and A is unchanged", async () => {
    const before = await snapshotOfA();
    const mutations = procedures().filter(([, procedure]) => procedure._def.type === "mutation");
    expect(mutations.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const [path, procedure] of mutations) {
      const result = await call(await h.asKey(readOnly, { staticId: A.staticId }), path, inputFor(path, procedure, "foreign"));
      if (result.ok || result.code !== "FORBIDDEN" || result.message !== READ_ONLY_KEY) problems.push(`${path}: ${result.ok ? "ran" : result.code}`);
    }
    expect(problems).toEqual([]);
    expect(await snapshotOfA()).toEqual(before);
    // …while it still reads A, as its user may.
    expect((await (await h.asKey(readOnly, { staticId: A.staticId })).roster.list()).map((m) => m.name)).toContain("SecretAyaMember");
  });
});
