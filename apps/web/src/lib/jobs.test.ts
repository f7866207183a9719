import { describe, expect, it } from "vitest";
import { findJob, JOB_GROUPS, roleAfterJobChange, sortByRole } from "./jobs";

describe("findJob", () => {
  it("knows every current job by abbreviation, in any case", () => {
    expect(JOB_GROUPS.flatMap((g) => g.jobs)).toHaveLength(22);
    expect(findJob("war")).toMatchObject({ name: "Warrior", role: "tank" });
    expect(findJob("PCT")?.role).toBe("dps");
    expect(findJob("XYZ")).toBeUndefined();
    expect(findJob(null)).toBeUndefined();
  });
});

describe("roleAfterJobChange", () => {
  it("follows the job while the role was the job's own (or empty)", () => {
    expect(roleAfterJobChange("WAR", "WHM", "tank")).toBe("healer");
    expect(roleAfterJobChange("", "SAM", null)).toBe("dps");
  });

  it("keeps a role chosen by hand", () => {
    expect(roleAfterJobChange("SAM", "NIN", "tank")).toBe("tank");
  });

  it("keeps the role when the job is cleared", () => {
    expect(roleAfterJobChange("WAR", "", "tank")).toBe("tank");
  });
});

describe("sortByRole", () => {
  it("lists tanks, healers, DPS, then the rest, by name within a role", () => {
    const members = [
      { name: "Zed", role: "dps" as const },
      { name: "Noa", role: null },
      { name: "Bea", role: "healer" as const },
      { name: "Ann", role: "dps" as const },
      { name: "Tom", role: "tank" as const },
    ];
    expect(sortByRole(members).map((m) => m.name)).toEqual(["Tom", "Bea", "Ann", "Zed", "Noa"]);
  });
});
