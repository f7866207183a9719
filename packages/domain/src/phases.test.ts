import { describe, expect, it } from "vitest";
import { type KnownPhase, phaseNames } from "./phases";

const P = (n: number): KnownPhase => ({ isIntermission: false, n });
const I = (n: number): KnownPhase => ({ isIntermission: true, n });

describe("phaseNames", () => {
  it("keeps every name FFLogs gave", () => {
    expect(
      phaseNames(
        new Map([
          [0, P(1)],
          [1, I(1)],
          [2, P(2)],
        ]),
        2,
      ),
    ).toEqual(["P1", "I1", "P2"]);
  });

  it("works out a gap: between P2 and P3 there can only be intermissions", () => {
    expect(
      phaseNames(
        new Map([
          [0, P(1)],
          [1, P(2)],
          [3, P(3)],
        ]),
        3,
      ),
    ).toEqual(["P1", "P2", "I1", "P3"]);
    expect(
      phaseNames(
        new Map([
          [0, P(1)],
          [2, I(1)],
          [4, I(2)],
        ]),
        4,
      ),
    ).toEqual(["P1", "P2", "I1", "P3", "I2"]);
  });

  it("names phases past the furthest as the next phases, and nothing known as P1, P2…", () => {
    expect(
      phaseNames(
        new Map([
          [0, P(1)],
          [1, I(1)],
        ]),
        3,
      ),
    ).toEqual(["P1", "I1", "P2", "P3"]);
    expect(phaseNames(new Map(), 2)).toEqual(["P1", "P2", "P3"]);
  });

  it("never says #n, even for names that contradict each other", () => {
    const names = phaseNames(
      new Map([
        [0, P(1)],
        [1, P(3)],
      ]),
      3,
    );
    expect(names).toEqual(["P1", "P3", "P4", "P5"]);
    for (const name of names) expect(name).toMatch(/^[PI]\d+$/);
  });
});
