import { describe, expect, it } from "vitest";
import { mulberry32 } from "../testing";
import { isRawEvent, rawEventSchema } from "./schemas";

const valid = {
  timestamp: 1_234,
  type: "damage",
  sourceID: 1,
  targetID: 2,
  abilityGameID: 31_500,
  amount: 12_000,
  fight: 3,
  packetID: 99,
  hitType: 1,
};

/** Each field the schema checks, with values on both sides of its rule. */
const VARIANTS: Record<string, unknown[]> = {
  timestamp: [0, -1, 1.5, Number.MAX_SAFE_INTEGER, Infinity, -Infinity, NaN, "12", null, undefined, true],
  type: ["damage", "x", "", 3, null, undefined, ["damage"]],
  sourceID: [1, -1, 0, 1.5, 2 ** 53, Number.MAX_SAFE_INTEGER, Infinity, NaN, "1", null, undefined],
  targetID: [2, 1.5, "2", null, undefined, {}, 2 ** 31, -(2 ** 31) - 1],
  abilityGameID: [1_000_000, 1.5, Infinity, NaN, "31500", null, undefined, false],
  amount: [0, -3, 1.5, 1e308, Infinity, "12", null, undefined, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1],
  fight: [3, 3.5, "3", null, undefined, 2 ** 31],
  packetID: [1, 1.5, NaN, "1", null, undefined],
  extra: [undefined, null, "kept", { nested: [1] }],
};

const agrees = (value: unknown) => expect([value, isRawEvent(value)]).toEqual([value, rawEventSchema.safeParse(value).success]);

describe("isRawEvent", () => {
  it("accepts and refuses exactly what rawEventSchema does, field by field", () => {
    for (const [field, values] of Object.entries(VARIANTS)) {
      for (const value of values) {
        const event: Record<string, unknown> = { ...valid };
        if (value === undefined) delete event[field];
        else event[field] = value;
        agrees(event);
      }
    }
  });

  it("agrees on anything that is not an event object", () => {
    for (const value of [null, undefined, 0, "event", [], [valid], new Date(0)]) agrees(value);
  });

  it("agrees on random mixes of the variants", () => {
    const random = mulberry32(7);
    const fields = Object.entries(VARIANTS);
    for (let i = 0; i < 2_000; i++) {
      const event: Record<string, unknown> = {};
      for (const [field, values] of fields) {
        const value = random() < 0.6 ? valid[field as keyof typeof valid] : values[Math.floor(random() * values.length)];
        if (value !== undefined) event[field] = value;
      }
      agrees(event);
    }
  });
});
