import type { NormalizedEvent } from "@progboard/ingest";
import { describe, expect, it } from "vitest";
import { copyField, eventCopyLine, inEngineOrder, parseCopyLine } from "./copy";

const event = (timestamp: number, type: string, data: Record<string, unknown> = {}): NormalizedEvent => ({
  timestamp,
  type,
  sourceId: 20,
  targetId: null,
  abilityGameId: 872,
  amount: null,
  data: { timestamp, type, ...data },
});

describe("COPY text", () => {
  it("escapes what COPY treats specially and writes nulls as \\N", () => {
    expect(copyField(null)).toBe("\\N");
    expect(copyField(12)).toBe("12");
    expect(copyField("a\tb\nc\\d\re")).toBe("a\\tb\\nc\\\\d\\re");
  });

  it("writes an events row that reads back the same", () => {
    const e = event(1500, "damage", { note: 'tab\there "quoted" back\\slash' });
    const line = eventCopyLine("Abc123", 7, 3, e);
    expect(line.endsWith("\n")).toBe(true);
    const fields = parseCopyLine(line.slice(0, -1));
    expect(fields.slice(0, 9)).toEqual(["Abc123", "7", "3", "1500", "damage", "20", null, "872", null]);
    expect(JSON.parse(fields[9] ?? "")).toEqual(e.data);
  });
});

describe("inEngineOrder", () => {
  it("sorts by timestamp, keeping the given order on ties", () => {
    const events = [event(20, "death"), event(10, "damage"), event(20, "cast"), event(5, "begincast")];
    expect(inEngineOrder(events).map((e) => e.type)).toEqual(["begincast", "damage", "death", "cast"]);
  });
});
