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
    expect(stratInput(93, { mechanicRef: " 40123 ", role: "healer", memberId: null, notes: "  " })).toEqual({
      encounterId: 93,
      mechanicRef: "40123",
      role: "healer",
      memberId: null,
      notes: null,
    });
  });
});
