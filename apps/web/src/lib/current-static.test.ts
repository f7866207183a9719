import { describe, expect, it } from "vitest";
import { resolveStaticId, validateName } from "./current-static";

const statics = [
  { id: 1, name: "Savage", memberCount: 8, role: "member" as const },
  { id: 2, name: "Ultimate", memberCount: 8, role: "member" as const },
];

describe("resolveStaticId", () => {
  it("keeps the tab's pin while the user is still a member", () => {
    expect(resolveStaticId(2, 1, statics)).toBe(2);
  });

  it("falls back to the stored default when the pinned static is gone", () => {
    expect(resolveStaticId(9, 1, statics)).toBe(1);
  });

  it("falls back to any static when neither pin nor default is usable", () => {
    expect(resolveStaticId(null, 9, statics)).toBe(1);
  });

  it("is null for a user without statics", () => {
    expect(resolveStaticId(3, 3, [])).toBeNull();
  });
});

describe("validateName", () => {
  it("accepts 1 to 64 characters after trimming", () => {
    expect(validateName("  Savage  ")).toBeNull();
    expect(validateName("x".repeat(64))).toBeNull();
  });

  it("explains what is wrong", () => {
    expect(validateName("   ")).toBe("Name can't be empty.");
    expect(validateName("x".repeat(65), "Static name")).toBe("Static name must be at most 64 characters.");
  });
});
