import { describe, expect, it } from "vitest";
import { createPlayerIndex, isPlayerActor, roleOfJob } from "./players";

const actor = (name: string, server: string | null, subType = "Paladin") => ({ reportCode: "r", id: 1, name, server, type: "Player", subType });

describe("createPlayerIndex", () => {
  const index = createPlayerIndex(
    [{ id: 7, name: "Aria", job: "PLD", role: null }],
    [
      { memberId: 7, characterName: "Aria Stone", server: "Twintania" },
      { memberId: 7, characterName: "Aria Alt", server: "Omega" },
    ],
  );

  it("maps a character to its roster member by name + server, case-insensitively", () => {
    const ref = index.resolve(actor("ARIA STONE", "twintania"));
    expect(ref).toEqual({ key: "member:7", label: "Aria", memberId: 7, onRoster: true, role: "tank" });
  });

  it("gives the same key to every alias of a member", () => {
    expect(index.resolve(actor("Aria Alt", "Omega")).key).toBe("member:7");
  });

  it("reports an unmapped character under its own name, labelled as unknown", () => {
    const ref = index.resolve(actor("Aria Stone", "Omega", "Dancer"));
    expect(ref).toMatchObject({ key: "character:aria stone@omega", label: "Aria Stone (unknown player)", onRoster: false, role: "dps" });
  });
});

describe("roleOfJob / isPlayerActor", () => {
  it("knows abbreviations and FFLogs subTypes", () => {
    expect(roleOfJob("WHM")).toBe("healer");
    expect(roleOfJob("DarkKnight")).toBe("tank");
    expect(roleOfJob("Dark Knight")).toBe("tank");
    expect(roleOfJob("Pictomancer")).toBe("dps");
    expect(roleOfJob("Carpenter")).toBeNull();
  });

  it("does not take the limit break for a person", () => {
    expect(isPlayerActor({ name: "Limit Break", type: "Player", subType: "LimitBreak" })).toBe(false);
    expect(isPlayerActor({ name: "Multiple Players", type: "Player", subType: null })).toBe(false);
    expect(isPlayerActor({ name: "Boss", type: "NPC", subType: "Boss" })).toBe(false);
    expect(isPlayerActor({ name: "Aria", type: "Player", subType: "Paladin" })).toBe(true);
    expect(isPlayerActor({ name: "Aria", type: "Player", subType: "Paladin", isPlayer: false })).toBe(false);
  });
});
