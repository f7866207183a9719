// The API-key rate limiter: fixed windows per key, in bounded memory (a flood of distinct keys,
// real or made up, cannot grow it without end nor make each request slower).
import { describe, expect, it } from "vitest";
import { API_KEY_RATE_LIMIT, ApiKeyLimiter } from "./api-keys";

const key = (n: number) => `hash-${n}`;

describe("ApiKeyLimiter", () => {
  it("lets max requests through per window, then says how long to wait; a new window starts afresh", () => {
    let now = 0;
    const limiter = new ApiKeyLimiter({ max: 3, windowMs: 60_000 }, () => now);
    expect([limiter.take("a"), limiter.take("a"), limiter.take("a")]).toEqual([0, 0, 0]);
    expect(limiter.take("a")).toBe(60);
    now = 30_500;
    expect(limiter.take("a")).toBe(30);
    expect(limiter.take("b")).toBe(0);
    now = 60_000;
    expect(limiter.take("a")).toBe(0);
  });

  it("holds at most maxWindows windows: expired ones go first, then the oldest", () => {
    let now = 0;
    const limiter = new ApiKeyLimiter({ max: 2, windowMs: 60_000 }, () => now, 100);
    for (let n = 0; n < 30_000; n++) {
      now = n; // all within one window: nothing has expired
      limiter.take(key(n));
      expect(limiter.size).toBeLessThanOrEqual(100);
    }
    expect(limiter.size).toBe(100);
    // The newest keys are still limited.
    expect(limiter.take(key(29_999))).toBe(0);
    expect(limiter.take(key(29_999))).toBeGreaterThan(0);
    // Once they have all expired, a new key's window clears them out.
    now = 30_000 + 60_000;
    limiter.take("late");
    expect(limiter.size).toBe(1);
  });

  it("30,000 distinct keys in one window at the default bound: bounded and fast", () => {
    const limiter = new ApiKeyLimiter(API_KEY_RATE_LIMIT, () => 1_000);
    const started = performance.now();
    for (let n = 0; n < 30_000; n++) limiter.take(key(n));
    const elapsed = performance.now() - started;
    expect(limiter.size).toBe(10_000);
    // A linear scan a new key (the unbounded map's cost) takes seconds here; the bound keeps it to a few ms.
    expect(elapsed).toBeLessThan(1_000);
  });
});
