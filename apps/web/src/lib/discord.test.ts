import { describe, expect, it } from "vitest";
import { describePost, webhookProblem } from "./discord";

const TOKEN = "a".repeat(68);

describe("webhookProblem", () => {
  it("accepts a Discord webhook address, on any of Discord's hosts, trimmed", () => {
    expect(webhookProblem(` https://discord.com/api/webhooks/123456789012345678/${TOKEN} `)).toBeNull();
    expect(webhookProblem(`https://canary.discordapp.com/api/v10/webhooks/123456789012345678/${TOKEN}`)).toBeNull();
  });

  it("says in words what is wrong with anything else", () => {
    expect(webhookProblem("")).toBe("Paste the webhook's URL.");
    expect(webhookProblem(`http://discord.com/api/webhooks/123456789012345678/${TOKEN}`)).toBe("A Discord webhook address starts with https://.");
    expect(webhookProblem(`https://evil.example/api/webhooks/123456789012345678/${TOKEN}`)).toMatch(/^That is not a Discord webhook address/);
    expect(webhookProblem(`https://discord.com/api/webhooks/123456789012345678/${"a".repeat(400)}`)).toBe(
      "That is too long for a Discord webhook address.",
    );
  });
});

describe("describePost", () => {
  const base = { sentAt: null, lastError: null, nextAttemptAt: "2026-12-06T01:00:00.000Z", attempts: 0 };
  it("says what became of a post", () => {
    expect(describePost({ ...base, status: "sent", sentAt: "2026-12-06T01:00:00.000Z", attempts: 1 })).toMatch(/^Posted to Discord on /);
    expect(describePost({ ...base, status: "failed", lastError: "The webhook was deleted in Discord: set a new one" })).toBe(
      "Not posted to Discord: The webhook was deleted in Discord: set a new one.",
    );
    expect(describePost({ ...base, status: "pending" })).toBe("Queued: posting to Discord shortly.");
    expect(describePost({ ...base, status: "pending", attempts: 2, lastError: "Discord had an error (HTTP 502)" })).toMatch(
      /^Posting to Discord: attempt 2 did not go through \(Discord had an error \(HTTP 502\)\); trying again /,
    );
  });
});
