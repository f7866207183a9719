import { describe, expect, it } from "vitest";
import { findJob, findJobByFflogsSubType, JOB_GROUPS, JOBS, roleOfJob } from "./jobs";
import { LIMITS } from "./limits";

describe("roleOfJob", () => {
  it("knows jobs by abbreviation, in any case", () => {
    expect(roleOfJob("WAR")).toBe("tank");
    expect(roleOfJob("whm")).toBe("healer");
    expect(roleOfJob("PCT")).toBe("dps");
  });

  it("knows jobs by FFLogs subType, with or without the space", () => {
    expect(roleOfJob("DarkKnight")).toBe("tank");
    expect(roleOfJob("Dark Knight")).toBe("tank");
    expect(roleOfJob("WhiteMage")).toBe("healer");
    expect(roleOfJob("BlueMage")).toBe("dps");
  });

  it("knows the tank and healer base classes", () => {
    expect(roleOfJob("GLA")).toBe("tank");
    expect(roleOfJob("Marauder")).toBe("tank");
    expect(roleOfJob("Conjurer")).toBe("healer");
  });

  it("gives no role to what is not a job", () => {
    expect(roleOfJob("Carpenter")).toBeNull();
    expect(roleOfJob("LimitBreak")).toBeNull();
    expect(roleOfJob("")).toBeNull();
    expect(roleOfJob(null)).toBeNull();
    expect(roleOfJob(undefined)).toBeNull();
  });
});

describe("jobs", () => {
  it("lists every job once, with an abbreviation the database accepts", () => {
    expect(JOBS).toHaveLength(22);
    expect(new Set(JOBS.map((j) => j.abbr)).size).toBe(JOBS.length);
    for (const job of JOBS) expect(job.abbr).toMatch(new RegExp(`^[A-Z]{${LIMITS.jobAbbreviation.length}}$`));
    expect(JOB_GROUPS.flatMap((g) => g.jobs)).toEqual(JOBS);
  });

  it("finds a job by abbreviation and by FFLogs subType", () => {
    expect(findJob("drk")).toMatchObject({ name: "Dark Knight", fflogsSubType: "DarkKnight", role: "tank" });
    expect(findJob("XYZ")).toBeUndefined();
    expect(findJob(null)).toBeUndefined();
    expect(findJobByFflogsSubType("RedMage")?.abbr).toBe("RDM");
    expect(findJobByFflogsSubType("Red Mage")).toBeUndefined();
    expect(findJobByFflogsSubType(null)).toBeUndefined();
  });

  it("marks only Blue Mage as limited", () => {
    expect(JOBS.filter((j) => j.isLimited).map((j) => j.abbr)).toEqual(["BLU"]);
  });
});
