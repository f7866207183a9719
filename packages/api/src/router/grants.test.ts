// SPEC.md H, generated from the router like the isolation suite: every shared.* procedure is
// called (a) by a member of the grantee through an active grant (only the grant's scope, fields
// exactly as the grantee's schema allows), (b) after revocation, (c) from a third static and by a
// user outside the grantee (the same NOT_FOUND as a random grant id). A shared.* procedure added
// to the router is covered without editing this file; if its input has a field the sampler does
// not know, the test fails and says which.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { reports } from "@progboard/db";
import { enqueue, ingestReport, openReportFile } from "@progboard/ingest";
import { GENERATED_ENCOUNTER, writeReportFile } from "@progboard/ingest/testing";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "../root";
import { type FieldSchema, GRANT_SCHEMAS, project, type SharedResource } from "../services/visibility";
import { type CallOutcome, callPath, createHarness, type Harness } from "../testing";

interface SchemaLike {
  def: { type: string; innerType?: SchemaLike; in?: SchemaLike; shape?: Record<string, SchemaLike> };
  shape?: Record<string, SchemaLike>;
}
interface ProcedureLike {
  _def: { type: "query" | "mutation" | "subscription"; inputs: SchemaLike[] };
}

let h: Harness;
const SHARED_CODE = "SharedRep00001";
const PRIVATE_CODE = "PrivateRep0001";
const encounterId = GENERATED_ENCOUNTER.id;
/** Strings only static A's members may read. None may reach a grantee. */
const SECRETS = ["a secret notes", "a secret strat", "a secret reason", "aiko", "Aiko Member"];
let A: number;
let B: number;
let C: number;
let reportGrant: number;
let progressionGrant: number;
let sessionKey: string;

type Caller = Awaited<ReturnType<Harness["as"]>>;
const asA = () => h.as("aiko", { staticId: A });
const asB = () => h.as("bao", { staticId: B });
const asC = () => h.as("cato", { staticId: C });

async function ingest(code: string, seed: number) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "progboard-grants-")), "report.jsonl");
  await writeReportFile(file, { seed, code, pulls: 8, eventsPerPull: 150, format: "jsonl" });
  await enqueue(h.handle, code);
  await ingestReport(h.handle, await openReportFile(file), code);
}

beforeAll(async () => {
  h = await createHarness({ autoJoinDefaultStatic: false });
  await ingest(SHARED_CODE, 31);
  await ingest(PRIVATE_CODE, 32);
  A = (await (await h.as("aiko")).statics.create({ name: "Aiko's static" })).id;
  B = (await (await h.as("bao")).statics.create({ name: "Bao's static" })).id;
  C = (await (await h.as("cato")).statics.create({ name: "Cato's static" })).id;
  await (await h.as("both")).me.get();
  const a = await asA();
  await a.members.add({ staticId: A, username: "both" });
  await (await h.as("bao", { staticId: B })).members.add({ staticId: B, username: "both" });
  await a.watchedReports.add({ report: SHARED_CODE, label: "shared label" });
  await a.watchedReports.add({ report: PRIVATE_CODE });
  const member = await a.roster.create({ name: "Aiko Member", job: "WAR" });
  if (!member) throw new Error("seed failed");
  await a.roster.update({ id: member.id, notes: "a secret notes" });
  await a.roster.claim({ id: member.id });
  await a.strats.upsert({ encounterId, mechanicRef: "40001", memberId: member.id, notes: "a secret strat" });
  await a.progPoints.create({ encounterId, label: "Phase two", phaseIndex: 2 });
  const pulls = await a.analysis.pulls({ encounterId, code: SHARED_CODE });
  const first = pulls[0];
  if (!first) throw new Error("no pulls");
  await a.faultScores.override({ code: SHARED_CODE, fightId: first.fightId, actorId: 1, score: 80, reason: "a secret reason" });
  const bHandle = (await (await asB()).sharing.handle()).handle;
  reportGrant = (await a.sharing.grant({ granteeHandle: bHandle, scope: "report", code: SHARED_CODE })).grantId;
  progressionGrant = (await a.sharing.grant({ granteeHandle: bHandle, scope: "progression" })).grantId;
  sessionKey = (await a.analysis.sessions({ encounterId, code: SHARED_CODE }))[0]?.sessionKey ?? "";
}, 120_000);
afterAll(() => h.close());

/** Every shared.* procedure, by dotted path. */
function sharedProcedures(): [string, ProcedureLike][] {
  return Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>)
    .filter(([p]) => p.startsWith("shared."))
    .sort(([x], [y]) => x.localeCompare(y));
}

function objectShape(schema: SchemaLike | undefined): Record<string, SchemaLike> | null {
  let s = schema;
  while (s && s.def.type !== "object") s = s.def.innerType ?? s.def.in;
  return s ? (s.shape ?? s.def.shape ?? null) : null;
}

/** Required fields only (an optional code would narrow the scope; the grant decides it). */
function sample(path: string, field: string, grantId: number): unknown {
  switch (field) {
    case "grantId":
      return grantId;
    case "encounterId":
      return encounterId;
    case "session":
      return sessionKey;
    case "code":
    case "from":
    case "to":
      return undefined;
  }
  throw new Error(`grants sampler: no value for ${path} input field "${field}"; teach sample() about it`);
}

function inputFor(path: string, procedure: ProcedureLike, grantId: number): Record<string, unknown> {
  const shape = objectShape(procedure._def.inputs[0]) ?? {};
  return Object.fromEntries(
    Object.keys(shape)
      .map((field): [string, unknown] => [field, sample(path, field, grantId)])
      .filter(([, v]) => v !== undefined),
  );
}

type Outcome = CallOutcome;
const call = (caller: Caller, path: string, input: unknown): Promise<Outcome> => callPath(caller, path, input);

/** The owner's view that a shared.* procedure shows the grantee. */
async function ownerView(path: string, input: Record<string, unknown>, code: string | undefined): Promise<unknown> {
  const { grantId: _g, ...rest } = input;
  const name = path.split(".")[1] as string;
  if (name === "encounters" && code) {
    // The owner's encounter list counts every report; a report grant's counts that report's pulls.
    const pulls = await (await asA()).analysis.pulls({ encounterId, code });
    const [first] = await (await asA()).analysis.encounters();
    return [{ encounterId, name: first?.name, pulls: pulls.length, kills: pulls.filter((p) => p.kill).length }];
  }
  const owner = await call(await asA(), `analysis.${name}`, name === "encounters" ? undefined : { ...rest, ...(code ? { code } : {}) });
  if (!owner.ok) throw new Error(`analysis.${name}: ${owner.message}`);
  return owner.data;
}

/** Every field path in a value ("pulls[].firstDeath.player"); records' keys as "*". */
function fieldPaths(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) fieldPaths(item, `${prefix}[]`, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      const key = `${prefix}${prefix && !prefix.endsWith("[]") ? "." : prefix ? "." : ""}${k}`;
      out.add(key);
      fieldPaths(v, key, out);
    }
  return out;
}

function schemaPaths(schema: FieldSchema, prefix = "", out = new Set<string>()): Set<string> {
  if (schema === true) return out;
  if (Array.isArray(schema)) return schemaPaths(schema[0] as FieldSchema, `${prefix}[]`, out);
  for (const [k, v] of Object.entries(schema as Record<string, FieldSchema>)) {
    const key = `${prefix}${prefix ? "." : ""}${k}`;
    out.add(key);
    schemaPaths(v, key, out);
  }
  return out;
}

const resourceOf = (path: string) => path.split(".")[1] as SharedResource;

describe("generated grants suite", () => {
  it("covers every shared view (sanity check of the walk)", () => {
    expect(sharedProcedures().map(([p]) => p)).toEqual(
      Object.keys(GRANT_SCHEMAS)
        .map((r) => `shared.${r}`)
        .sort(),
    );
  });

  it("(a) through an active report grant: only that report, fields exactly as the grantee's schema allows", async () => {
    const problems: string[] = [];
    for (const [path, procedure] of sharedProcedures()) {
      const input = inputFor(path, procedure, reportGrant);
      const shared = await call(await asB(), path, input);
      if (!shared.ok) {
        problems.push(`${path}: ${shared.code} ${shared.message}`);
        continue;
      }
      const body = JSON.stringify(shared.data);
      if (body.includes(PRIVATE_CODE)) problems.push(`${path}: carries the report outside the grant`);
      for (const secret of SECRETS) if (body.includes(secret)) problems.push(`${path}: carries "${secret}"`);
      const schema = GRANT_SCHEMAS[resourceOf(path)];
      const allowed = schemaPaths(schema);
      for (const field of fieldPaths(shared.data)) {
        const generic = field.replace(/(wipeTypes|counts)\.[^.[\]]+/g, "$1.*");
        if (!allowed.has(generic)) problems.push(`${path}: field ${field} is not in the grantee's schema`);
      }
      // The granter's own view of that report, as the grantee's schema serializes it.
      expect(shared.data, path).toEqual(project(schema, await ownerView(path, input, SHARED_CODE)));
    }
    expect(problems).toEqual([]);
  });

  it("(a) through a progression grant: the granter's whole view, serialized for the grantee", async () => {
    for (const [path, procedure] of sharedProcedures()) {
      const input = inputFor(path, procedure, progressionGrant);
      const shared = await call(await asB(), path, input);
      expect(shared.ok, path).toBe(true);
      if (!shared.ok) continue;
      for (const secret of SECRETS) expect(JSON.stringify(shared.data), path).not.toContain(secret);
      expect(shared.data, path).toEqual(project(GRANT_SCHEMAS[resourceOf(path)], await ownerView(path, input, undefined)));
    }
  });

  it("a report grant asked about another report answers NOT_FOUND", async () => {
    expect(await call(await asB(), "shared.pulls", { grantId: reportGrant, encounterId, code: PRIVATE_CODE })).toMatchObject({
      ok: false,
      code: "NOT_FOUND",
    });
  });

  it("(c) from a third static, and by a user outside the grantee: the same NOT_FOUND as a random grant id", async () => {
    const problems: string[] = [];
    const random = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
    for (const [path, procedure] of sharedProcedures()) {
      const outcome = (r: Outcome) => (r.ok ? "ok" : `${r.code}: ${r.message}`);
      const cases: [string, Caller, number][] = [
        ["C with A's grant", await asC(), progressionGrant],
        ["C with a random id", await asC(), random],
        ["B with a random id", await asB(), random],
        ["A's member as A with A's own grant", await asA(), progressionGrant],
      ];
      const outcomes = await Promise.all(cases.map(async ([, caller, id]) => outcome(await call(caller, path, inputFor(path, procedure, id)))));
      if (new Set(outcomes).size !== 1 || outcomes[0] !== "NOT_FOUND: No such grant") problems.push(`${path}: ${JSON.stringify(outcomes)}`);
      // A user outside the grantee naming the grantee's static is stopped as for any static not theirs.
      const outsider = await call(await h.as("cato", { staticId: B }), path, inputFor(path, procedure, progressionGrant));
      const outsiderRandom = await call(await h.as("cato", { staticId: B }), path, inputFor(path, procedure, random));
      if (outcome(outsider) !== outcome(outsiderRandom) || outsider.ok || outsider.code !== "NOT_FOUND")
        problems.push(`${path}: outsider ${outcome(outsider)} vs ${outcome(outsiderRandom)}`);
    }
    expect(problems).toEqual([]);
  });
});

describe("redaction: the exact field set per (resource × visibility)", () => {
  // The top-level fields of each view: the owner's (analysis.*) and the grantee's (shared.*).
  const table: [SharedResource, string[]][] = [
    ["encounters", ["encounterId", "kills", "name", "pulls"]],
    [
      "pulls",
      [
        "alsoIn",
        "bossPercentage",
        "deaths",
        "duration",
        "durationMs",
        "encounterId",
        "eventsComplete",
        "fightId",
        "fightPercentage",
        "firstDeath",
        "isIntermission",
        "kill",
        "loggedFightPercentage",
        "name",
        "phase",
        "phaseIndex",
        "pullNumber",
        "reportCode",
        "sessionKey",
        "sessionLabel",
        "startedAt",
        "startedAtIso",
        "wipeReason",
        "wipeType",
      ],
    ],
    ["progCurve", ["best", "encounterId", "insufficientData", "message", "points", "progPoints", "rankingNote", "summary", "unrankedPulls"]],
    ["sessions", ["pulls", "sessionKey", "sessionLabel", "startedAt"]],
    [
      "sessionReport",
      [
        "bestPull",
        "deathsPerPlayer",
        "eligiblePulls",
        "encounterId",
        "endedAt",
        "excluded",
        "insufficientData",
        "message",
        "phases",
        "progPoints",
        "pulls",
        "sessionKey",
        "sessionLabel",
        "startedAt",
        "summary",
        "wipeTypes",
      ],
    ],
    ["wipeTypes", ["counts", "pulls"]],
    ["faultAggregate", ["excluded", "insufficientData", "message", "players", "sessions"]],
    ["consistency", ["excluded", "insufficientData", "message", "players"]],
  ];
  /** Fields no grantee may ever see, at any depth. */
  const PRIVATE = ["notes", "overrideReason", "userId", "claimedBy", "username", "joinedAt", "members"];

  it.each(table)("%s: owner and grantee fields", async (resource, fields) => {
    const path = `shared.${resource}`;
    const procedure = sharedProcedures().find(([p]) => p === path)?.[1];
    if (!procedure) throw new Error(`no ${path}`);
    const input = inputFor(path, procedure, progressionGrant);
    const shared = await call(await asB(), path, input);
    if (!shared.ok) throw new Error(shared.message);
    const owner = await ownerView(path, input, undefined);
    const top = (v: unknown) => Object.keys((Array.isArray(v) ? v[0] : v) as object).sort();
    expect({ owner: top(owner), grant: top(shared.data) }).toEqual({ owner: fields, grant: fields });
    const deep = [...fieldPaths(shared.data)].map((p) =>
      p
        .split(/[.[\]]+/)
        .filter(Boolean)
        .at(-1),
    );
    expect(deep.filter((f) => f !== undefined && PRIVATE.includes(f))).toEqual([]);
  });

  it("drops what a schema does not name, and any object where it expects a primitive", () => {
    expect(project({ a: true, b: [{ c: true }] }, { a: 1, z: "private", b: [{ c: "x", notes: "n" }] })).toEqual({ a: 1, b: [{ c: "x" }] });
    expect(project({ a: true }, { a: { notes: "smuggled" } })).toEqual({});
    expect(project({ r: { "*": true } }, { r: { kill: 1, x: { deep: 1 } } })).toEqual({ r: { kill: 1 } });
  });
});

describe("grants over time", () => {
  it("a member of both statics reads the owner's view in A and the grantee's in B, never one for the other", async () => {
    const inA = await (await h.as("both", { staticId: A })).analysis.pulls({ encounterId });
    const inB = await (await h.as("both", { staticId: B })).shared.pulls({ grantId: reportGrant, encounterId });
    expect(inA.some((p) => p.reportCode === PRIVATE_CODE)).toBe(true);
    expect(inB.every((p) => p.reportCode === SHARED_CODE)).toBe(true);
    // In A they are an owner: a grant to B is not theirs to read from A.
    expect(await call(await h.as("both", { staticId: A }), "shared.pulls", { grantId: reportGrant, encounterId })).toMatchObject({
      ok: false,
      message: "No such grant",
    });
  });

  it("keys the analysis cache on who is looking: a grant is never served the owner's analysis", async () => {
    h.analysisCache.clear();
    await (await asA()).analysis.pulls({ encounterId });
    const misses = h.analysisCache.misses;
    await (await asB()).shared.pulls({ grantId: progressionGrant, encounterId });
    expect(h.analysisCache.misses).toBe(misses + 1);
    await (await asB()).shared.pulls({ grantId: progressionGrant, encounterId });
    expect(h.analysisCache.misses).toBe(misses + 1);
  });

  it("rotating the grantee's handle keeps the grant; the old handle names nothing", async () => {
    const b = await asB();
    const old = (await b.sharing.handle()).handle;
    const fresh = (await b.sharing.rotateHandle()).handle;
    expect(fresh).not.toBe(old);
    expect(fresh).toMatch(/^st_[a-z2-7]{20}$/);
    expect((await b.shared.sessions({ grantId: reportGrant, encounterId })).length).toBeGreaterThan(0);
    expect(await call(await asA(), "sharing.grant", { granteeHandle: old, scope: "progression" })).toEqual({
      ok: false,
      code: "NOT_FOUND",
      message: "No static has that share handle",
    });
  });

  it("answers a bad grant in words", async () => {
    const a = await asA();
    const own = (await a.sharing.handle()).handle;
    const bHandle = (await (await asB()).sharing.handle()).handle;
    const attempts = await Promise.all([
      call(a, "sharing.grant", { granteeHandle: own, scope: "progression" }),
      call(a, "sharing.grant", { granteeHandle: bHandle, scope: "progression" }),
      call(a, "sharing.grant", { granteeHandle: bHandle, scope: "report" }),
      call(a, "sharing.grant", { granteeHandle: bHandle, scope: "report", code: "NotWatched01" }),
      call(a, "sharing.grant", { granteeHandle: "st_123", scope: "progression" }),
    ]);
    expect(attempts.map((r) => (r.ok ? "ok" : r.code))).toEqual(["BAD_REQUEST", "CONFLICT", "BAD_REQUEST", "NOT_FOUND", "BAD_REQUEST"]);
  });

  it("lists grants given (revoked included) and received (active only)", async () => {
    const out = await (await asA()).sharing.outgoing();
    expect(out.map((g) => ({ id: g.grantId, to: g.granteeName, scope: g.scope }))).toEqual(
      expect.arrayContaining([
        { id: reportGrant, to: "Bao's static", scope: "report" },
        { id: progressionGrant, to: "Bao's static", scope: "progression" },
      ]),
    );
    const incoming = await (await asB()).sharing.incoming();
    expect(incoming.map((g) => g.granterName)).toEqual(["Aiko's static", "Aiko's static"]);
    // A report grant names its report as the granter does (label) and its title; nothing else of the granter's.
    const title = (await h.handle.withIngestion((tx) => tx.select({ title: reports.title }).from(reports).where(eq(reports.code, SHARED_CODE))))[0]
      ?.title;
    expect(title).toBeTruthy();
    expect(incoming.find((g) => g.grantId === reportGrant)).toMatchObject({ code: SHARED_CODE, reportLabel: "shared label", reportTitle: title });
    expect(incoming.find((g) => g.grantId === progressionGrant)).toMatchObject({ code: null, reportLabel: null, reportTitle: null });
    expect(Object.keys(incoming[0] ?? {}).sort()).toEqual(["code", "grantId", "grantedAt", "granterName", "reportLabel", "reportTitle", "scope"]);
    expect(await (await asC()).sharing.incoming()).toEqual([]);
  });

  it("a report grant whose report the granter stops watching shows nothing, and says so", async () => {
    const a = await asA();
    const bHandle = (await (await asB()).sharing.handle()).handle;
    const { grantId } = await a.sharing.grant({ granteeHandle: bHandle, scope: "report", code: PRIVATE_CODE });
    expect((await (await asB()).shared.pulls({ grantId, encounterId })).length).toBeGreaterThan(0);
    await a.watchedReports.remove({ code: PRIVATE_CODE });
    expect(await call(await asB(), "shared.pulls", { grantId, encounterId })).toEqual({
      ok: false,
      code: "NOT_FOUND",
      message: "This report is no longer shared: its static stopped watching it",
    });
    await a.watchedReports.add({ report: PRIVATE_CODE });
  });

  it("(b) with a warm cache, the next call after revocation is NOT_FOUND, for every shared view", async () => {
    const b = await asB();
    await b.shared.pulls({ grantId: reportGrant, encounterId });
    await b.shared.pulls({ grantId: reportGrant, encounterId });
    await (await asA()).sharing.revoke({ grantId: reportGrant });
    for (const [path, procedure] of sharedProcedures()) {
      expect(await call(await asB(), path, inputFor(path, procedure, reportGrant)), path).toEqual({
        ok: false,
        code: "NOT_FOUND",
        message: "No such grant",
      });
    }
    expect(await call(await asA(), "sharing.revoke", { grantId: reportGrant })).toMatchObject({ ok: false, code: "NOT_FOUND" });
    const out = await (await asA()).sharing.outgoing();
    expect(out.find((g) => g.grantId === reportGrant)?.revokedAt).toBeInstanceOf(Date);
    expect((await (await asB()).sharing.incoming()).map((g) => g.grantId)).not.toContain(reportGrant);
  });

  it("the audit: grants given and revoked in both logs (the grantee's naming no user of ours), reads in the granter's, hourly", async () => {
    const ours = (await (await asA()).audit.list({ limit: 100 })).entries;
    const theirs = (await (await asB()).audit.list({ limit: 100 })).entries;
    const actions = (entries: typeof ours) => entries.map((e) => e.action);
    expect(actions(ours)).toEqual(expect.arrayContaining(["grant.created", "grant.read", "grant.revoked"]));
    expect(actions(theirs)).toEqual(expect.arrayContaining(["grant.created", "grant.revoked"]));
    expect(actions(theirs)).not.toContain("grant.read");
    for (const e of theirs.filter((x) => x.action.startsWith("grant."))) expect(e.actor).toBeNull();
    // One read entry per (grant, reader, procedure) this hour, however often it was read.
    const reads = ours.filter((e) => e.action === "grant.read").map((e) => JSON.stringify([e.details, e.actor?.username]));
    expect(new Set(reads).size).toBe(reads.length);
    expect(ours.filter((e) => e.action === "grant.read").map((e) => ({ details: e.details, reader: e.actor?.username }))).toContainEqual({
      details: { grantId: reportGrant, granteeStaticId: B, procedure: "shared.pulls" },
      reader: "bao",
    });
  });
});
