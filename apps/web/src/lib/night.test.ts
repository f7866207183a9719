import { describe, expect, it } from "vitest";
import type { NightBreakdownPhase } from "./api";
import { drilledPulls, fflogsFightUrl, formatShare, mechanicId, NO_DRILL } from "./night";

const link = (pullNumber: number) => ({ reportCode: "abc123", fightId: pullNumber, pullNumber });
const breakdown: NightBreakdownPhase[] = [
  {
    phaseIndex: 2,
    phase: "P3",
    wipes: 3,
    pulls: [link(4), link(5), link(9)],
    mechanics: [
      {
        cause: "Pyre Tethers",
        kind: "mistake",
        wipes: 2,
        pulls: [link(4), link(9)],
        players: [
          { playerKey: "member:1", player: "Mira", wipes: 1, pulls: [link(4)] },
          { playerKey: "member:2", player: "Aoi", wipes: 1, pulls: [link(9)] },
        ],
      },
      {
        cause: "Ashfall",
        kind: "death",
        wipes: 1,
        pulls: [link(5)],
        players: [{ playerKey: null, player: "Nobody in particular", wipes: 1, pulls: [link(5)] }],
      },
    ],
  },
];

describe("night page pieces", () => {
  it("links a pull to its FFLogs fight only when the report came from FFLogs", () => {
    expect(fflogsFightUrl("aBcD1234", 12)).toBe("https://www.fflogs.com/reports/aBcD1234#fight=12");
    expect(fflogsFightUrl(`file:${"a".repeat(64)}`, 12)).toBeNull();
  });

  it("writes an unknown share as unknown, never 0%", () => {
    expect(formatShare(null)).toBe("unknown");
    expect(formatShare(0.666)).toBe("67%");
  });

  it("lists the pulls behind each step of phase → mechanic → player", () => {
    expect(drilledPulls(breakdown, NO_DRILL)).toBeNull();
    expect(drilledPulls(breakdown, { phase: "P3", mechanic: null, player: null })).toEqual({ title: "P3", pullNumbers: [4, 5, 9] });
    const tethers = mechanicId(breakdown[0]?.mechanics[0] as NightBreakdownPhase["mechanics"][number]);
    expect(drilledPulls(breakdown, { phase: "P3", mechanic: tethers, player: null })).toEqual({
      title: "P3 › Pyre Tethers (a mistake, no death)",
      pullNumbers: [4, 9],
    });
    expect(drilledPulls(breakdown, { phase: "P3", mechanic: tethers, player: "member:2" })).toEqual({
      title: "P3 › Pyre Tethers (a mistake, no death) › Aoi",
      pullNumbers: [9],
    });
  });
});
