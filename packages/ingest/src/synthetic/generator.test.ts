import { describe, expect, it } from "vitest";
import { rawEventSchema, rawReportSchema } from "../fflogs/schemas";
import { friendlyActorIds, splitStreams } from "../fflogs/streams";
import { isPull, normalizeReport } from "../normalize";
import { GENERATED_ENCOUNTER, generateReport, mulberry32 } from "./generator";

describe("generateReport", () => {
  it("is deterministic for a seed, and seeds differ", () => {
    const a = generateReport({ seed: 11, pulls: 40 });
    const b = generateReport({ seed: 11, pulls: 40 });
    const c = generateReport({ seed: 12, pulls: 40 });
    expect(b.report).toEqual(a.report);
    for (const id of [1, 20, 40]) expect([...b.events(id)]).toEqual([...a.events(id)]);
    expect(c.report.code).not.toBe(a.report.code);
    expect(c.report.fights).not.toEqual(a.report.fights);
    expect([...c.events(20)]).not.toEqual([...a.events(20)]);
  });

  it("a fight's events do not depend on which fights were generated before", () => {
    const report = generateReport({ seed: 3, pulls: 12 });
    const first = [...report.events(7)];
    for (let id = 1; id <= 12; id++) Array.from(report.events(id));
    expect([...report.events(7)]).toEqual(first);
  });

  it("produces an FFLogs-shaped report that our schemas accept", () => {
    const { report } = generateReport({ seed: 5, pulls: 10, code: "ABCDEFGH12345678" });
    const parsed = rawReportSchema.parse(report);
    const normalized = normalizeReport(parsed);
    expect(normalized.code).toBe("ABCDEFGH12345678");
    expect(normalized.actors.filter((a) => a.isPlayer).map((a) => a.subType)).toEqual([
      "Paladin",
      "Gunbreaker",
      "WhiteMage",
      "Sage",
      "Samurai",
      "Reaper",
      "Machinist",
      "BlackMage",
    ]);
    expect(normalized.actors.filter((a) => a.type === "Player" && !a.isPlayer).map((a) => a.name)).toEqual(["Limit Break", "Multiple Players"]);
    expect(normalized.actors.find((a) => a.type === "Pet")?.petOwner).toBe(7);
    expect(normalized.fights.every(isPull)).toBe(true);
  });

  it.each([10, 137, 1000])("has exactly %i pulls, one kill, and it is the last", (pulls) => {
    const { report } = generateReport({ seed: pulls, pulls });
    expect(report.fights).toHaveLength(pulls);
    expect(report.fights.filter((f) => f.kill)).toHaveLength(1);
    const last = report.fights.at(-1);
    expect(last).toMatchObject({ kill: true, fightPercentage: 0, lastPhase: 5, lastPhaseAsAbsoluteIndex: 6, lastPhaseIsIntermission: false });
    expect(report.fights.slice(0, -1).every((f) => f.kill === false && (f.fightPercentage ?? 0) > 0)).toBe(true);
    // Fights are in order and do not overlap; the report spans them.
    report.fights.forEach((f, i) => {
      expect(f.id).toBe(i + 1);
      expect(f.endTime).toBeGreaterThan(f.startTime);
      if (i > 0) expect(f.startTime).toBeGreaterThan(report.fights[i - 1]?.endTime ?? Infinity);
    });
    expect(report.startTime + (last?.endTime ?? Infinity)).toBeLessThanOrEqual(report.endTime);
  });

  it("progress improves over the prog, with resets, intermission wipes and several sessions", () => {
    const { report } = generateReport({ seed: 9, pulls: 400 });
    const wipes = report.fights.filter((f) => !f.kill);
    const mean = (fs: typeof wipes) => fs.reduce((s, f) => s + (f.fightPercentage ?? 0), 0) / fs.length;
    const quarter = Math.floor(wipes.length / 4);
    expect(mean(wipes.slice(-quarter))).toBeLessThan(mean(wipes.slice(0, quarter)) - 30);
    expect(wipes.filter((f) => (f.fightPercentage ?? 0) > 95).length).toBeGreaterThan(5); // resets and early wipes
    expect(wipes.some((f) => f.lastPhaseIsIntermission)).toBe(true);
    const phases = new Set(wipes.map((f) => f.lastPhaseAsAbsoluteIndex));
    expect(phases.size).toBe(GENERATED_ENCOUNTER.phases.length);
    const gaps = report.fights.slice(1).filter((f, i) => f.startTime - (report.fights[i]?.endTime ?? 0) > 12 * 3600_000);
    expect(gaps.length).toBeGreaterThan(1);
    // Phase transitions are 1-based absolute ids at report-relative times.
    const kill = report.fights.at(-1);
    expect(kill?.phaseTransitions?.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(kill?.phaseTransitions?.[0]?.startTime).toBe(kill?.startTime);
  });

  it("spreads the pulls over the requested nights, evenly, each at least 12 hours after the last", () => {
    const nightSizes = (fights: { startTime: number; endTime: number }[]) => {
      const sizes: number[] = [];
      let size = 1;
      for (let i = 1; i < fights.length; i++) {
        const gap = (fights[i]?.startTime ?? 0) - (fights[i - 1]?.endTime ?? 0);
        expect(gap).toBeGreaterThan(0);
        if (gap > 12 * 3600_000) {
          sizes.push(size);
          size = 0;
        }
        size++;
      }
      return [...sizes, size];
    };
    expect(nightSizes(generateReport({ seed: 2, pulls: 300, nights: 6 }).report.fights)).toEqual([50, 50, 50, 50, 50, 50]);
    expect(nightSizes(generateReport({ seed: 2, pulls: 10, nights: 3 }).report.fights)).toEqual([4, 3, 3]);
    // Nights far longer than an evening still follow one another.
    expect(nightSizes(generateReport({ seed: 2, pulls: 1200, nights: 2 }).report.fights)).toEqual([600, 600]);
    const { report } = generateReport({ seed: 2, pulls: 5, nights: 5 });
    expect(nightSizes(report.fights)).toEqual([1, 1, 1, 1, 1]);
    expect(report.fights.filter((f) => f.kill).map((f) => f.id)).toEqual([5]);
    for (const nights of [0, 1.5, 6]) expect(() => generateReport({ seed: 2, pulls: 5, nights })).toThrow(RangeError);
  });

  it("events are FFLogs-shaped, in time order, within the fight, with calculateddamage/damage pairs", () => {
    const generated = generateReport({ seed: 21, pulls: 30, eventsPerPull: 500 });
    const abilityIds = new Set(generated.report.masterData?.abilities?.map((a) => a.gameID));
    let total = 0;
    let deathsToMechanics = 0;
    for (const fight of generated.report.fights) {
      const events = [...generated.events(fight.id)];
      total += events.length;
      const misplaced = events.filter(
        (e, i) =>
          !rawEventSchema.safeParse(e).success ||
          e.fight !== fight.id ||
          e.timestamp < fight.startTime ||
          e.timestamp > fight.endTime ||
          (i > 0 && e.timestamp < (events[i - 1]?.timestamp ?? Infinity)),
      );
      expect(misplaced).toEqual([]);
      // Every calculateddamage is followed by its damage (same packetID), never the other way round.
      const pending = new Map<number, number>();
      for (const e of events) {
        if (e.type === "calculateddamage") pending.set(Number(e.packetID), e.timestamp);
        if (e.type === "damage" && e.packetID !== undefined) {
          expect(pending.get(Number(e.packetID))).toBeLessThanOrEqual(e.timestamp);
          pending.delete(Number(e.packetID));
        }
      }
      expect(pending.size).toBe(0);
      const deaths = events.filter((e) => e.type === "death");
      // A wipe: everyone died (a reset: nobody did).
      if (!fight.kill) expect([0, 8]).toContain(new Set(deaths.map((d) => d.targetID)).size);
      for (const death of deaths) {
        expect(abilityIds.has(Number(death.killingAbilityGameID))).toBe(true);
        if (death.killingAbilityGameID !== 872) deathsToMechanics++;
      }
    }
    expect(total / 30).toBeGreaterThan(400);
    expect(total / 30).toBeLessThan(600);
    expect(deathsToMechanics).toBeGreaterThan(30);
  });

  it("every event of a pull falls in one of the four streams but the limit break's own casts", () => {
    const generated = generateReport({ seed: 4, pulls: 10 });
    const friendly = friendlyActorIds(generated.report);
    const fight = generated.report.fights.at(-1);
    if (!fight) throw new Error("no fight");
    const all = [...generated.events(fight.id)];
    const streams = splitStreams(all, friendly);
    const selected = Object.values(streams).reduce((n, s) => n + s.length, 0);
    expect(all.length - selected).toBe(1);
    expect(Object.values(streams).every((s) => s.length > 0)).toBe(true);
    expect(streams.debuffs.every((e) => Number(e.abilityGameID) >= 1_000_000)).toBe(true);
  });

  it("is lazy: 3,000 pulls of a million events each cost nothing until events are asked for", () => {
    const started = performance.now();
    const generated = generateReport({ seed: 1, pulls: 3000, eventsPerPull: 1_000_000 });
    let pulls = 0;
    for (const fight of generated.report.fights) if (isPull({ encounterId: fight.encounterID })) pulls++;
    expect(pulls).toBe(3000);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(generated.events(3001)).toEqual([]);
  });

  it("mulberry32 is a deterministic uniform PRNG", () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const values = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(values);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(values.reduce((s, v) => s + v, 0) / 1000).toBeCloseTo(0.5, 1);
  });
});
