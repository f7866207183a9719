import { describe, expect, it } from "vitest";
import { sortInPlace } from "./order";

describe("sortInPlace", () => {
  const byT = (a: { t: number }, b: { t: number }) => a.t - b.t;

  it("sorts a list out of order, stably, in place", () => {
    const list = [
      { t: 3, id: "a" },
      { t: 1, id: "b" },
      { t: 3, id: "c" },
      { t: 2, id: "d" },
      { t: 1, id: "e" },
    ];
    const same = list;
    expect(sortInPlace(list, byT)).toBe(same);
    expect(list.map((x) => x.id)).toEqual(["b", "e", "d", "a", "c"]);
  });

  it("leaves a list in order (ties included) as it is", () => {
    const list = [
      { t: 1, id: "a" },
      { t: 1, id: "b" },
      { t: 2, id: "c" },
    ];
    expect(sortInPlace(list, byT).map((x) => x.id)).toEqual(["a", "b", "c"]);
    expect(sortInPlace([], byT)).toEqual([]);
    expect(sortInPlace([{ t: 5 }], byT)).toEqual([{ t: 5 }]);
  });

  it("orders like Array.prototype.sort on any list", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 10;
    for (let n = 0; n < 50; n++) {
      const list = Array.from({ length: n }, (_, i) => ({ t: random(), i }));
      expect(sortInPlace([...list], byT)).toEqual([...list].sort(byT));
    }
  });
});
