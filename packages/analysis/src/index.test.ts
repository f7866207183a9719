import { describe, expect, it } from "vitest";
import { attributeFaults, buildConsistency, buildProgCurve, buildPullTable, buildSessionReport, type PullRow, toCsv } from "./index";
import { ABILITY, analyse, at, death, partyWipe, pull } from "./testing";

describe("the views", () => {
  const a = analyse({
    pulls: [1, 2, 3, 4, 5, 6].map((id) => pull(id, id === 6 ? { kill: true, fightPercentage: 4 } : {})),
    events: Object.fromEntries(
      [1, 2, 3, 4, 5].map((id) => [id, [death(at(id, 60), 5, ABILITY.line), ...partyWipe(id, 170, ABILITY.raidwide, [1, 2, 3, 4, 6, 7, 8])]]),
    ),
  });

  it("answer plain JSON (they go over tRPC unchanged)", () => {
    for (const view of [
      buildPullTable(a),
      buildProgCurve(a, 1079),
      buildSessionReport(a, "report:rep0000A", 1079),
      attributeFaults(a),
      buildConsistency(a),
    ]) {
      expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    }
  });

  it("export the pulls table as CSV", () => {
    const csv = toCsv<PullRow>(buildPullTable(a).slice(0, 2), [
      "pullNumber",
      "duration",
      "phase",
      "fightPercentage",
      { header: "first death", value: (r) => r.firstDeath && `${r.firstDeath.player} (${r.firstDeath.abilityName})` },
      "wipeType",
    ]);
    expect(csv).toBe(
      "pullNumber,duration,phase,fightPercentage,first death,wipeType\r\n1,3:00,P1,50,Eve (Line AoE),other\r\n2,3:00,P1,50,Eve (Line AoE),other\r\n",
    );
  });
});
