import { describe, expect, it } from "vitest";
import { pullRow } from "./analysis-fixtures";
import { toCsv } from "./csv";
import { outcomeOf, PULL_COLUMNS, phaseLabels, playerName, progressLabel, progressScore } from "./pulls";

describe("progressScore", () => {
  it("is the phase index plus the share of the boss taken, a kill on top", () => {
    expect(progressScore(pullRow(1, { phaseIndex: 3, bossPercentage: 23.5 }), 8.5)).toBe(3.77);
    expect(progressScore(pullRow(1, { phaseIndex: 3, bossPercentage: 100 }), 8.5)).toBe(3);
    expect(progressScore(pullRow(1, { kill: true, phaseIndex: 6, bossPercentage: 0 }), 8.5)).toBe(8.5);
  });

  it("keeps a pull inside its phase's band, even at 0% or without HP", () => {
    expect(progressScore(pullRow(1, { phaseIndex: 2, bossPercentage: 0 }), 8.5)).toBe(2.99);
    expect(progressScore(pullRow(1, { phaseIndex: 2, bossPercentage: null }), 8.5)).toBe(2);
  });

  it("orders pulls as far as they got", () => {
    const scores = [
      pullRow(1, { phaseIndex: 1, bossPercentage: 10 }),
      pullRow(2, { phaseIndex: 2, bossPercentage: 90 }),
      pullRow(3, { phaseIndex: 2, bossPercentage: 40 }),
      pullRow(4, { kill: true, phaseIndex: 2, bossPercentage: 0 }),
    ].map((p) => progressScore(p, 3.5));
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  });
});

describe("progressLabel", () => {
  it("names the phase and the boss HP left, or the kill", () => {
    expect(progressLabel(pullRow(1, { phase: "P4", bossPercentage: 23.456 }))).toBe("P4 23.5%");
    expect(progressLabel(pullRow(1, { phase: "I2", bossPercentage: null }))).toBe("I2, HP unknown");
    expect(progressLabel(pullRow(1, { kill: true }))).toBe("Kill");
  });
});

describe("outcomeOf", () => {
  it("tells kills, wipes and resets apart", () => {
    expect(outcomeOf(pullRow(1, { kill: true, wipeType: "kill" }))).toBe("kill");
    expect(outcomeOf(pullRow(1, { wipeType: "reset" }))).toBe("reset");
    expect(outcomeOf(pullRow(1, { wipeType: "cascade" }))).toBe("wipe");
  });
});

describe("PULL_COLUMNS", () => {
  it("prints a pull's row: result, phase, percentages and its first death", () => {
    const row = pullRow(7, {
      phase: "P2",
      phaseIndex: 2,
      wipeType: "dps-check",
      bossPercentage: 23.456,
      fightPercentage: 80.04,
      firstDeath: { playerKey: "k", player: "Ben", abilityId: 1, abilityName: "Ashen Apocalypse", atMs: 605_000, forced: "enrage" },
    });
    expect(Object.fromEntries(PULL_COLUMNS.map((c) => [c.header, c.value(row)]))).toMatchObject({
      Pull: 7,
      Duration: "3:00",
      Result: "DPS check",
      Phase: "P2",
      "Boss % left": 23.5,
      "Fight % left": 80,
      "First death": "Ben",
      "Died to": "Ashen Apocalypse",
      At: "10:05",
      "Not counted": "Enrage",
    });
  });

  it("leaves the first death empty for a pull without one", () => {
    const row = pullRow(1, { firstDeath: null, deaths: 0, wipeType: "reset" });
    expect(PULL_COLUMNS.slice(7).map((c) => c.value(row))).toEqual([0, null, null, null, null, null]);
  });

  it("keeps a character's world in the CSV when two share a name (case 8)", () => {
    const row = pullRow(2, {
      firstDeath: {
        playerKey: "character:王离@红玉海",
        player: "王离@红玉海 (unknown player)",
        abilityId: 1,
        abilityName: "Bitter Chill",
        atMs: 1000,
        forced: null,
      },
    });
    expect(toCsv([row], PULL_COLUMNS).split("\r\n")[1]).toContain(",王离@红玉海,Bitter Chill,");
  });

  it("says unknown, never 0, 100, P1 or 'no deaths', for what was not logged or not imported (cases 3 and 4)", () => {
    const row = pullRow(8, {
      eventsComplete: false,
      deaths: null,
      firstDeath: null,
      wipeType: "unknown",
      fightPercentage: null,
      loggedFightPercentage: null,
      bossPercentage: null,
      phase: null,
      phaseIndex: null,
    });
    const csv = toCsv([row], PULL_COLUMNS).split("\r\n");
    expect(csv[0]).toBe("Pull,Started,Duration,Result,Phase,Boss % left,Fight % left,Deaths,First death,Died to,At,Not counted,Also in");
    expect(csv[1]).toMatch(/^8,.*,3:00,Unknown \(no events\),unknown,unknown,unknown,unknown,unknown,unknown,unknown,,$/);
    expect(outcomeOf(row)).toBe("unknown");
    expect(progressLabel(row)).toBe("Phase unknown");
  });

  it("names the other report of a pull logged twice, a file's by the start of its hash (case 7)", () => {
    const row = pullRow(3, { alsoIn: ["aBcD1234EfGh5678", "file:540a8b5728357d0d49aef05c5e74ca1bd4336a5cc9e8b69148cfc8975f405030"] });
    expect(toCsv([row], PULL_COLUMNS).split("\r\n")[1]).toMatch(/,"also in report aBcD1234EfGh5678, file 540a8b57"$/);
  });
});

describe("phaseLabels", () => {
  const at = (phaseIndex: number, phase: string) => ({ phaseIndex, phase });

  it("labels phases from the pulls that ended in them", () => {
    expect(phaseLabels([at(0, "P1"), at(1, "I1"), at(2, "P2")], 2)).toEqual(["P1", "I1", "P2"]);
  });

  it("works out phases nobody ended in when the neighbours leave one answer", () => {
    expect(phaseLabels([at(0, "P1"), at(2, "P2")], 2)).toEqual(["P1", "I1", "P2"]);
    expect(phaseLabels([at(0, "P1"), at(2, "P2"), at(4, "P3")], 4)).toEqual(["P1", "I1", "P2", "I2", "P3"]);
    expect(phaseLabels([at(0, "P1"), at(1, "I1"), at(3, "I2")], 3)).toEqual(["P1", "I1", "P2", "I2"]);
  });

  it("works out what it can, and names phases past the furthest as the next phases (never #n)", () => {
    expect(phaseLabels([at(0, "P1"), at(3, "P3")], 4)).toEqual(["P1", "I1", "P2", "P3", "P4"]);
    expect(phaseLabels([], 1)).toEqual(["P1", "P2"]);
  });
});

describe("playerName", () => {
  it("shows a player not on the roster by character name", () => {
    expect(playerName("Mira Ashford (unknown player)")).toBe("Mira Ashford");
    expect(playerName("Aoi")).toBe("Aoi");
  });
});
