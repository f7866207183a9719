import { describe, expect, it } from "vitest";
import { aliasLabel, draftOf, memberChanges } from "./roster";

const aoi = draftOf({ name: "Aoi", job: "WAR", role: "tank", notes: null });

describe("memberChanges", () => {
  it("is null when nothing changed, whitespace included", () => {
    expect(memberChanges(aoi, { ...aoi, name: " Aoi " })).toBeNull();
  });

  it("sends only what changed, trimmed", () => {
    expect(memberChanges(aoi, { ...aoi, name: " Aoi T. ", notes: "  MT  " })).toEqual({ name: "Aoi T.", notes: "MT" });
  });

  it("clears job, role and notes with null", () => {
    const withNotes = { ...aoi, notes: "MT" };
    expect(memberChanges(withNotes, { ...withNotes, job: "", role: null, notes: " " })).toEqual({
      job: null,
      role: null,
      notes: null,
    });
  });
});

describe("aliasLabel", () => {
  it("names the character with its server", () => {
    expect(aliasLabel({ characterName: "Aoi Tsukino", server: "Tonberry" })).toBe("Aoi Tsukino (Tonberry)");
  });
});
