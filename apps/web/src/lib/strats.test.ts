import { describe, expect, it } from "vitest";
import { EMPTY_STRAT, stratInput, validateStrat } from "./strats";

describe("validateStrat", () => {
  it("needs a mechanic", () => {
    expect(validateStrat({ ...EMPTY_STRAT, mechanicRef: "  ", role: "tank" })).toMatch(/Name the mechanic/);
  });

  it("needs a role or a member", () => {
    expect(validateStrat({ ...EMPTY_STRAT, mechanicRef: "Akh Morn" })).toMatch(/a role, a roster member, or both/);
    expect(validateStrat({ ...EMPTY_STRAT, mechanicRef: "Akh Morn", memberId: 4 })).toBeNull();
    expect(validateStrat({ ...EMPTY_STRAT, mechanicRef: "Akh Morn", role: "tank" })).toBeNull();
  });
});

describe("stratInput", () => {
  it("sends every field, trimmed, with empty notes cleared", () => {
    expect(stratInput(93, { ...EMPTY_STRAT, mechanicRef: " 40123 ", role: "healer", memberId: null, notes: "  ", expectedHits: "3" })).toEqual({
      encounterId: 93,
      mechanicRef: "40123",
      role: "healer",
      memberId: null,
      notes: null,
      rule: "only",
      expectedHits: null,
    });
  });

  it("sends the number of players only for “should hit exactly N”", () => {
    expect(stratInput(93, { ...EMPTY_STRAT, mechanicRef: "Pair Stack", rule: "exactly", expectedHits: " 2 " })).toMatchObject({
      rule: "exactly",
      expectedHits: 2,
    });
  });
});

describe("mistake rules", () => {
  it("needs nobody responsible for “no one” and debuffs, and a count for “exactly”", () => {
    expect(validateStrat({ ...EMPTY_STRAT, mechanicRef: "Damage Down", rule: "debuff" })).toBeNull();
    expect(validateStrat({ ...EMPTY_STRAT, mechanicRef: "Pyre", rule: "none" })).toBeNull();
    expect(validateStrat({ ...EMPTY_STRAT, mechanicRef: "Pair Stack", rule: "exactly", expectedHits: "" })).toMatch(/how many players/);
    expect(validateStrat({ ...EMPTY_STRAT, mechanicRef: "Pair Stack", rule: "exactly", expectedHits: "9" })).toMatch(/how many players/);
  });
});
