import { expect, it } from "vitest";
import { lastSession, pullLine, sessionsOf } from "./lines";

const pull = (over: Partial<Parameters<typeof pullLine>[0]>) => ({
  pullNumber: 12,
  duration: "4:31",
  kill: false,
  phase: "P3",
  bossPercentage: 12.44,
  sessionKey: "night:2026-12-01",
  sessionLabel: "2026-12-01",
  ...over,
});

it("says a pull as raiders do, and unknown as unknown", () => {
  expect(pullLine(pull({}))).toBe("12. 4:31 – P3 12.4%");
  expect(pullLine(pull({ kill: true }))).toBe("12. 4:31 – KILL");
  expect(pullLine(pull({ bossPercentage: null }))).toBe("12. 4:31 – P3 HP unknown");
  expect(pullLine(pull({ phase: null, bossPercentage: 0.04 }))).toBe("12. 4:31 – phase unknown 0.0%");
});

it("lists sessions in the order played, the last one last", () => {
  const pulls = [
    pull({ sessionKey: "a", sessionLabel: "A" }),
    pull({ sessionKey: "a", sessionLabel: "A" }),
    pull({ sessionKey: "b", sessionLabel: "B" }),
  ];
  expect(sessionsOf(pulls)).toEqual([
    { key: "a", label: "A", pulls: 2 },
    { key: "b", label: "B", pulls: 1 },
  ]);
  expect(lastSession(pulls)?.key).toBe("b");
  expect(lastSession([])).toBeUndefined();
});
