import { describe, expect, it } from "vitest";
import { classifyAnalysis } from "./analysis/profile";
import { classifyIngestion } from "./ingest/profile";
import type { CallFrame } from "./lib/profile";

const frame = (functionName: string, url = ""): CallFrame => ({ functionName, url, scriptId: "0", lineNumber: 0, columnNumber: 0 });
const root = frame("(root)");
const pkg = (name: string, fn: string) => frame(fn, `file:///w/node_modules/.pnpm/${name}@1.0.0/node_modules/${name}/src/index.js`);
const ws = (file: string, fn: string) => frame(fn, `file:///w/packages/${file}`);

describe("classifyAnalysis", () => {
  it("splits a first call into SQL, TypeScript and the rest", () => {
    expect(classifyAnalysis([frame("(idle)"), root])).toBe("waiting");
    expect(classifyAnalysis([frame("(garbage collector)"), root])).toBe("gc");
    expect(classifyAnalysis([frame("utf8Slice"), frame("toString", "node:buffer"), pkg("postgres", "DataRow"), root])).toBe("driver");
    expect(classifyAnalysis([pkg("drizzle-orm", "mapResultRow"), ws("api/src/services/analysis/load.ts", "loadAnalysis"), root])).toBe("drizzle");
    expect(classifyAnalysis([ws("api/src/services/analysis/load.ts", "loadAnalysis"), root])).toBe("loader");
    expect(classifyAnalysis([ws("analysis/src/digest.ts", "digestPull"), ws("analysis/src/prepare.ts", "prepareAnalysis"), root])).toBe("prepare");
    expect(classifyAnalysis([ws("analysis/src/pulls.ts", "toPullRow"), ws("analysis/src/prog-curve.ts", "buildProgCurve"), root])).toBe("view");
    expect(classifyAnalysis([pkg("@trpc/server", "callProcedure"), root])).toBe("other");
  });
});

describe("classifyIngestion", () => {
  it("tells reading, validating and building statements from waiting", () => {
    expect(classifyIngestion([frame("(idle)"), root])).toBe("waiting");
    expect(classifyIngestion([frame("parse"), ws("ingest/src/file.ts", "parseLine"), root])).toBe("read");
    expect(classifyIngestion([pkg("zod", "_parse"), ws("ingest/src/file.ts", "parsePage"), root])).toBe("validate");
    expect(classifyIngestion([ws("ingest/src/fflogs/schemas.ts", "isRawEvent"), ws("ingest/src/file.ts", "isFilePage"), root])).toBe("validate");
    expect(classifyIngestion([frame("stringify"), ws("ingest/src/events.ts", "eventCopyLine"), root])).toBe("engine");
    expect(classifyIngestion([frame("stringify"), ws("db/src/copy.ts", "copyJsonField"), ws("ingest/src/events.ts", "eventCopyLine"), root])).toBe(
      "engine",
    );
    expect(classifyIngestion([frame("writeBuffer"), ws("db/src/copy.ts", "writeWithBackpressure"), root])).toBe("driver");
    expect(classifyIngestion([frame("stringify"), ws("ingest/src/ingest.ts", "pgArray"), root])).toBe("engine");
    expect(classifyIngestion([pkg("postgres", "build"), ws("ingest/src/ingest.ts", "writeFightEvents"), root])).toBe("driver");
  });
});
