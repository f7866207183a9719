import { describe, expect, it } from "vitest";
import { type CallFrame, type CpuProfile, moduleOf, nearestModule, specialNode, timeByCategory } from "./profile";

const frame = (functionName: string, url = ""): CallFrame => ({ functionName, url, scriptId: "0", lineNumber: 0, columnNumber: 0 });

describe("moduleOf", () => {
  it("names packages, workspace files, Node and builtins", () => {
    expect(moduleOf(frame("DataRow", "file:///w/node_modules/.pnpm/postgres@3.4.9/node_modules/postgres/src/connection.js"))).toBe("postgres");
    expect(moduleOf(frame("x", "file:///w/node_modules/.pnpm/@trpc+server@11/node_modules/@trpc/server/dist/a.mjs"))).toBe("@trpc/server");
    expect(moduleOf(frame("loadAnalysis", "file:///w/packages/api/src/services/analysis.ts"))).toBe("packages/api/src/services/analysis.ts");
    expect(moduleOf(frame("run", "file:///w/bench/src/ingest.ts"))).toBe("bench/src/ingest.ts");
    expect(moduleOf(frame("slice", "node:buffer"))).toBe("node");
    expect(moduleOf(frame("parse"))).toBe("");
  });

  it("finds the nearest module past Node internals and builtins", () => {
    const stack = [
      frame("utf8Slice"),
      frame("toString", "node:buffer"),
      frame("DataRow", "file:///w/node_modules/postgres/src/connection.js"),
      frame("(root)"),
    ];
    expect(nearestModule(stack)).toBe("postgres");
    expect(nearestModule([frame("onStreamRead", "node:internal/stream_base_commons"), frame("(root)")])).toBe("node");
    expect(specialNode([frame("(idle)"), frame("(root)")])).toBe("(idle)");
    expect(specialNode([frame("(anonymous)", "file:///w/a.js")])).toBeNull();
  });
});

describe("timeByCategory", () => {
  it("gives each sample's time to the category of its stack", () => {
    const profile: CpuProfile = {
      nodes: [
        { id: 1, callFrame: frame("(root)"), children: [2, 3] },
        { id: 2, callFrame: frame("(idle)") },
        { id: 3, callFrame: frame("work", "file:///w/packages/analysis/src/digest.ts"), children: [4] },
        { id: 4, callFrame: frame("sort") },
      ],
      startTime: 0,
      endTime: 40_000,
      samples: [2, 3, 4, 4],
      timeDeltas: [10_000, 10_000, 10_000, 10_000],
    };
    const times = timeByCategory(profile, (stack) => specialNode(stack) ?? nearestModule(stack));
    expect(times).toEqual({ "(idle)": 10, "packages/analysis/src/digest.ts": 30 });
  });
});
