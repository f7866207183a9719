import { describe, expect, it } from "vitest";
import { abilityOfRef, filterAbilities, foldText } from "./ability-search";

const FIGHT = [
  { id: 32001, name: "Cinder Crown" },
  { id: 32002, name: "Pyre Tethers" },
  { id: 31900, name: "Crown of Cinders" },
  { id: 40123, name: "Æthéric Boom" },
  { id: 18, name: "Attack" },
  { id: 32010, name: "Searing Cinder-fall" },
];
const names = (query: string, limit?: number) => filterAbilities(FIGHT, query, limit).shown.map((a) => a.name);

describe("foldText", () => {
  it("ignores case, accents, ligatures and extra spaces", () => {
    expect(foldText("  Æthéric   BOOM ")).toBe("aetheric boom");
    expect(foldText("Ｃｒｏｗｎ")).toBe("crown");
  });
});

describe("filterAbilities", () => {
  it("keeps the fight's order for an empty query", () => {
    expect(names("  ")).toEqual(FIGHT.map((a) => a.name));
  });

  it("matches part of a name whatever the case or accents", () => {
    expect(names("aetheric")).toEqual(["Æthéric Boom"]);
    expect(names("ÆTHÉR")).toEqual(["Æthéric Boom"]);
    expect(names("ether")).toEqual(["Pyre Tethers", "Æthéric Boom"]);
    expect(names("TETHER")).toEqual(["Pyre Tethers"]);
  });

  it("ranks a name starting with the query before a word starting with it, before anywhere in it", () => {
    expect(names("cinder")).toEqual(["Cinder Crown", "Crown of Cinders", "Searing Cinder-fall"]);
    expect(names("crown")).toEqual(["Crown of Cinders", "Cinder Crown"]);
    expect(names("fall")).toEqual(["Searing Cinder-fall"]);
    expect(names("ack")).toEqual(["Attack"]);
  });

  it("matches an id exactly first, then ids starting with it or holding it", () => {
    expect(names("32001")).toEqual(["Cinder Crown"]);
    expect(names("3200")).toEqual(["Cinder Crown", "Pyre Tethers"]);
    expect(names("18")).toEqual(["Attack"]);
    expect(names("19")).toEqual(["Crown of Cinders"]);
    expect(names("201")).toEqual(["Searing Cinder-fall"]);
  });

  it("matches nothing for a query in no name or id", () => {
    expect(filterAbilities(FIGHT, "Tankbustr")).toEqual({ shown: [], total: 0 });
  });

  it("shows at most the limit, and counts every match", () => {
    expect(filterAbilities(FIGHT, "c", 2)).toEqual({ shown: [FIGHT[0], FIGHT[2]], total: 5 });
    expect(filterAbilities(FIGHT, "", 3).total).toBe(6);
  });
});

describe("abilityOfRef", () => {
  it("finds a listed ability by its id only", () => {
    expect(abilityOfRef(FIGHT, " 32002 ")?.name).toBe("Pyre Tethers");
    expect(abilityOfRef(FIGHT, "99999")).toBeUndefined();
    expect(abilityOfRef(FIGHT, "Pyre Tethers")).toBeUndefined();
  });
});
