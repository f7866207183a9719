import { describe, expect, it } from "vitest";
import { mulberry32 } from "../testing";
import type { RawEvent } from "./schemas";
import { pagesOf, paginate, streamOf } from "./streams";

const at = (...timestamps: number[]): RawEvent[] => timestamps.map((timestamp, i) => ({ timestamp, type: "damage", packetID: i }));

describe("paginate", () => {
  it("cuts pages at timestamp boundaries so startTime = nextPageTimestamp neither repeats nor skips", () => {
    const events = at(1, 2, 3, 3, 3, 4, 5);
    expect(paginate(events, 0, 10, 3)).toEqual({ data: at(1, 2), nextPageTimestamp: 3 });
    expect(paginate(events, 3, 10, 3)).toEqual({ data: events.slice(2, 5), nextPageTimestamp: 4 });
  });

  it("keeps a timestamp with more events than the limit whole", () => {
    const events = at(7, 7, 7, 7, 8);
    expect(paginate(events, 7, 10, 2)).toEqual({ data: events.slice(0, 4), nextPageTimestamp: 8 });
  });

  it("stays within the fight's end and reports no next page past it", () => {
    const events = at(1, 2, 3, 20, 21);
    expect(paginate(events, 0, 10, 100)).toEqual({ data: at(1, 2, 3), nextPageTimestamp: null });
    expect(paginate(events, 0, 10, 2)).toEqual({ data: at(1, 2), nextPageTimestamp: 3 });
  });

  it("walks every event exactly once, whatever the ties and page size", () => {
    const random = mulberry32(8);
    let t = 0;
    const events = Array.from(
      { length: 2000 },
      (_, i): RawEvent => ({ timestamp: (t += random() < 0.6 ? 0 : Math.ceil(random() * 5)), type: "damage", packetID: i }),
    );
    for (const limit of [1, 3, 10, 333]) {
      const pages = [...pagesOf(events, { startTime: 0, endTime: t }, limit)];
      expect(pages.flatMap((p) => p.data)).toEqual(events);
      expect(pages.at(-1)?.nextPageTimestamp).toBeNull();
    }
  });

  it("an empty stream is one empty page", () => {
    expect([...pagesOf([], { startTime: 0, endTime: 10 }, 5)]).toEqual([{ data: [], nextPageTimestamp: null }]);
  });
});

describe("streamOf", () => {
  const friendly = new Set([1, 2, 9]);
  it("selects friendly deaths, damage taken and debuffs, and enemy casts", () => {
    expect(streamOf({ timestamp: 0, type: "death", targetID: 1 }, friendly)).toBe("deaths");
    expect(streamOf({ timestamp: 0, type: "calculateddamage", targetID: 2 }, friendly)).toBe("damage-taken");
    expect(streamOf({ timestamp: 0, type: "damage", targetID: 20 }, friendly)).toBeNull();
    expect(streamOf({ timestamp: 0, type: "begincast", sourceID: 20 }, friendly)).toBe("enemy-casts");
    expect(streamOf({ timestamp: 0, type: "cast", sourceID: 9 }, friendly)).toBeNull();
    expect(streamOf({ timestamp: 0, type: "applydebuff", targetID: 1 }, friendly)).toBe("debuffs");
    expect(streamOf({ timestamp: 0, type: "applybuff", targetID: 1 }, friendly)).toBeNull();
  });
});
