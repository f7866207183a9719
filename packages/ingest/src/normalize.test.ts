import { describe, expect, it } from "vitest";
import { type RawEvent, rawFightSchema, rawReportSchema, reportResponseSchema } from "./fflogs/schemas";
import {
  baseAbilityId,
  isPlayerActor,
  isPull,
  isStatusId,
  normalizeAbility,
  normalizeActor,
  normalizeEvents,
  normalizeFights,
  normalizeReport,
  pullStart,
} from "./normalize";
import { fixtureReport, readFightsFixture } from "./testing";

describe("the real fights fixture (report pJTWtB8Yj4F1rc9Q)", () => {
  const fights = normalizeFights(readFightsFixture().fights.map((f) => rawFightSchema.parse(f)));
  const pulls = fights.filter(isPull);

  it("parses all 46 fights through the fights-only entry point", () => {
    expect(fights).toHaveLength(46);
  });

  it("excludes trash (encounterID 0, kill null) from pulls", () => {
    const trash = fights.filter((f) => !isPull(f));
    expect(trash).toHaveLength(26);
    expect(trash.every((f) => f.encounterId === 0 && f.kill === null && f.fightPercentage === null)).toBe(true);
    expect(pulls).toHaveLength(20);
    expect(pulls.every((f) => f.kill !== null)).toBe(true);
  });

  it("classifies kills and wipes exactly as FFLogs says", () => {
    expect(pulls.filter((f) => f.kill === true).map((f) => f.id)).toEqual([3, 8, 12, 17, 25, 31, 34, 40, 46]);
    expect(pulls.filter((f) => f.kill === false).map((f) => f.id)).toEqual([7, 11, 15, 16, 19, 20, 21, 22, 23, 24, 45]);
    const wipePercents = pulls.filter((f) => f.kill === false).map((f) => f.fightPercentage ?? NaN);
    expect(Math.max(...wipePercents)).toBe(99.95);
    expect(Math.min(...wipePercents)).toBe(8.94);
  });

  it("keeps a kill whose fightPercentage differs from bossPercentage a kill", () => {
    const fight40 = fights.find((f) => f.id === 40);
    expect(fight40).toMatchObject({ kill: true, fightPercentage: 11.85, bossPercentage: 90.52, encounterId: 2402 });
  });

  it("keeps intermission wipes and fills fields the API did not send with null", () => {
    expect(pulls.filter((f) => f.lastPhaseIsIntermission).map((f) => f.id)).toEqual([15, 16]);
    expect(fights.every((f) => f.lastPhaseAbsoluteIndex === null && f.phaseTransitions === null)).toBe(true);
    expect(fights.find((f) => f.id === 1)?.friendlyPlayers).toHaveLength(19);
  });

  it("wrapped into a full report response, parses as one", () => {
    const response = { data: { rateLimitData: null, reportData: { report: fixtureReport() } } };
    const parsed = reportResponseSchema.parse(response);
    const report = parsed.data.reportData?.report;
    if (!report) throw new Error("no report");
    expect(normalizeReport(report).fights).toEqual(fights);
  });
});

describe("fights", () => {
  it("pull time is the report start plus the fight's report-relative start", () => {
    expect(pullStart({ startTime: 1_700_000_000_000 }, { startTime: 117_046 })).toBe(1_700_000_117_046);
  });

  it("rejects duplicate fight ids and wrong types with a path", () => {
    const report = { ...fixtureReport(), fights: [...fixtureReport().fights, fixtureReport().fights[0]] };
    const result = rawReportSchema.safeParse(report);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe("duplicate fight id 1");
  });
});

describe("actors and abilities", () => {
  it("Limit Break and Multiple Players are not players; pets and NPCs neither; jobs are", () => {
    const actor = (name: string, type: string, subType: string | null) => normalizeActor({ id: 1, name, type, subType });
    expect(actor("Limit Break", "Player", "LimitBreak").isPlayer).toBe(false);
    expect(actor("Multiple Players", "Player", null).isPlayer).toBe(false);
    expect(actor("Anyone", "Player", "LimitBreak").isPlayer).toBe(false);
    expect(actor("Eos", "Pet", "Pet").isPlayer).toBe(false);
    expect(actor("Ashen Sovereign", "NPC", "Boss").isPlayer).toBe(false);
    expect(actor("Sela Moonbrook", "Player", "WhiteMage")).toMatchObject({ isPlayer: true, subType: "WhiteMage", server: null, petOwner: null });
    expect(isPlayerActor({ name: "Kaito Ren", type: "Player", subType: "Samurai" })).toBe(true);
  });

  it("ability types arrive as strings from the API and become numbers", () => {
    expect(normalizeAbility({ gameID: 7, name: "attack", type: "128" })).toEqual({ gameId: 7, name: "attack", icon: null, type: 128 });
    expect(normalizeAbility({ gameID: 7, name: null, type: 1024 }).type).toBe(1024);
    expect(normalizeAbility({ gameID: 9, type: "weird" })).toMatchObject({ name: "Unknown ability 9", type: null });
  });

  it("status ids: offset by 1,000,000, kept as sent, with helpers for the base id", () => {
    expect(isStatusId(1_003_903)).toBe(true);
    expect(isStatusId(32_033)).toBe(false);
    expect(baseAbilityId(1_003_903)).toBe(3903);
    expect(baseAbilityId(32_033)).toBe(32_033);
    expect(normalizeAbility({ gameID: 1_003_903, name: "Doom" }).gameId).toBe(1_003_903);
  });
});

describe("events", () => {
  const events: RawEvent[] = [
    { timestamp: 10, type: "calculateddamage", sourceID: 20, targetID: 1, abilityGameID: 32001, amount: 80_000, packetID: 5, fight: 3 },
    { timestamp: 12, type: "applydebuff", sourceID: 20, targetID: 2, abilityGameID: 1_003_903, fight: 3 },
    { timestamp: 400, type: "damage", sourceID: 20, targetID: 1, abilityGameID: 32001, amount: 80_000, packetID: 5, fight: 3, hitType: 1 },
    { timestamp: 401, type: "death", sourceID: -1, targetID: 1, fight: 3, killerID: 20, killingAbilityGameID: 32001 },
  ];

  it("counts damage once: calculateddamage is dropped, damage kept", () => {
    const normalized = normalizeEvents(events);
    expect(normalized.map((e) => e.type)).toEqual(["applydebuff", "damage", "death"]);
    expect(normalized.filter((e) => e.type === "damage").reduce((sum, e) => sum + (e.amount ?? 0), 0)).toBe(80_000);
  });

  it("maps ids and keeps the event as FFLogs sent it", () => {
    const [debuff, damage, death] = normalizeEvents(events);
    expect(debuff).toMatchObject({ timestamp: 12, sourceId: 20, targetId: 2, abilityGameId: 1_003_903, amount: null });
    expect(damage?.data).toMatchObject({ packetID: 5, hitType: 1 });
    expect(death).toMatchObject({ abilityGameId: null, targetId: 1, data: { killerID: 20, killingAbilityGameID: 32001 } });
  });
});
