import { describe, expect, it } from "vitest";
import { ABILITY, analyse, at, cast, death, partyWipe, prepared, pull } from "./testing";
import type { AnalysisEvent, StratEntry } from "./types";

function wipeOf(events: AnalysisEvent[], options: { strats?: StratEntry[]; pull?: Parameters<typeof pull>[1] } = {}) {
  const a = analyse({ pulls: [pull(1, options.pull)], events: { 1: events }, config: { strats: options.strats ?? [] } });
  return prepared(a, 1).wipe;
}

const towerForEve: StratEntry = { encounterId: 1079, mechanicRef: String(ABILITY.tower), role: null, memberId: 50 };

describe("classifyWipe", () => {
  it("calls a kill a kill, whatever its fight %", () => {
    expect(wipeOf([], { pull: { kill: true, fightPercentage: 11.85 } }).type).toBe("kill");
  });

  it("calls a very short pull a reset, even with a death", () => {
    const w = wipeOf([death(at(1, 8), 1, ABILITY.auto)], { pull: { durationMs: 20_000 } });
    expect(w).toEqual({ type: "reset", reason: "Ended after 0:20 (under 0:30)." });
  });

  it("calls a deathless pull with nothing done a reset", () => {
    expect(wipeOf([], { pull: { durationMs: 45_000, fightPercentage: 100 } }).type).toBe("reset");
  });

  it("calls a pull that reached the enrage a DPS check", () => {
    const w = wipeOf([
      death(at(1, 100), 5, ABILITY.line),
      cast(at(1, 170), ABILITY.enrage),
      ...partyWipe(1, 171, ABILITY.enrage, [1, 2, 3, 4, 6, 7, 8]),
    ]);
    expect(w).toEqual({ type: "dps-check", reason: "Enrage went off at 2:50 after 1 death." });
  });

  it("calls everyone dying at once, with nobody before, a DPS check", () => {
    expect(wipeOf(partyWipe(1, 170)).type).toBe("dps-check");
  });

  it("calls a first death to a configured mechanic a mechanic wipe", () => {
    const w = wipeOf([death(at(1, 60), 3, ABILITY.tower), death(at(1, 75), 4, ABILITY.raidwide)], { strats: [towerForEve] });
    expect(w.type).toBe("mechanic");
    expect(w.reason).toContain("Tower, a configured mechanic");
  });

  it("calls two deaths to one ability within 3 s a mechanic wipe, even with no strat config", () => {
    const w = wipeOf([death(at(1, 60), 5, ABILITY.line), death(at(1, 62.5), 6, ABILITY.line), death(at(1, 90), 1, ABILITY.auto)]);
    expect(w).toEqual({ type: "mechanic", reason: "2 deaths to Line AoE within 2.5 s at 1:00." });
  });

  it("calls a first death followed quickly by more a cascade", () => {
    const w = wipeOf([
      death(at(1, 60), 1, ABILITY.tankbuster),
      death(at(1, 64), 3, ABILITY.auto),
      death(at(1, 68), 4, ABILITY.raidwide),
      death(at(1, 120), 5, ABILITY.line),
    ]);
    expect(w.type).toBe("cascade");
    expect(w.reason).toBe("First death (Aria, Tankbuster) at 1:00, then 2 more within 10.0 s.");
  });

  it("calls deaths spread out attrition", () => {
    const w = wipeOf([death(at(1, 30), 5, ABILITY.line), death(at(1, 80), 6, ABILITY.cleave), death(at(1, 150), 7, ABILITY.raidwide)]);
    expect(w).toEqual({ type: "attrition", reason: "3 deaths spread over 2:00, from 0:30." });
  });

  it("does not count the closing burst as a cascade or attrition", () => {
    const w = wipeOf([death(at(1, 150), 5, ABILITY.cleave), ...partyWipe(1, 179, ABILITY.raidwide, [1, 2, 3, 4, 6, 7, 8])]);
    expect(w).toEqual({ type: "other", reason: "One death (Eve, Cleave) at 2:30; the pull ended at 3:00." });
  });

  it("describes a single death, and a called wipe, as other", () => {
    expect(wipeOf([death(at(1, 30), 5, ABILITY.line)]).type).toBe("other");
    expect(wipeOf([], { pull: { fightPercentage: 60 } })).toEqual({ type: "other", reason: "Ended at 3:00 with no deaths (60.0% remaining)." });
  });
});
