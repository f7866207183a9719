import type { NightReport } from "@progboard/analysis";
import { describe, expect, it } from "vitest";
import { buildRecapPayload, DISCORD_LIMITS, embedChars, isDiscordWebhookUrl } from "./recap";

const TOKEN = "a".repeat(68);

describe("Discord webhook addresses", () => {
  it("accepts discord.com, discordapp.com and the ptb/canary hosts, with or without an API version", () => {
    for (const host of ["discord.com", "discordapp.com", "ptb.discord.com", "canary.discord.com", "canary.discordapp.com"])
      expect(isDiscordWebhookUrl(`https://${host}/api/webhooks/123456789012345678/${TOKEN}`)).toBe(true);
    expect(isDiscordWebhookUrl(`https://discord.com/api/v10/webhooks/123456789012345678/${TOKEN}`)).toBe(true);
  });

  it("refuses anything else", () => {
    for (const url of [
      `http://discord.com/api/webhooks/123456789012345678/${TOKEN}`,
      `https://evil.com/api/webhooks/123456789012345678/${TOKEN}`,
      `https://discord.com.evil.com/api/webhooks/123456789012345678/${TOKEN}`,
      `https://discord.com/api/webhooks/123/${TOKEN}`,
      `https://discord.com/api/webhooks/123456789012345678/${TOKEN}?wait=true`,
      `https://discord.com:8443/api/webhooks/123456789012345678/${TOKEN}`,
      "https://discord.com/api/webhooks/123456789012345678/short",
    ])
      expect(isDiscordWebhookUrl(url)).toBe(false);
  });
});

function night(pulls: number, lineLength = 60): NightReport {
  const lines = Array.from({ length: pulls }, (_, i) => ({
    pullNumber: i + 1,
    reportCode: "abc123",
    fightId: i + 1,
    line: `${i + 1}. 4:31 – P3 12.4% – first: ${"M".repeat(Math.max(1, lineLength - 30))} to Pyre`,
    isBest: i === 3,
  }));
  return {
    sessionLabel: "2025-01-14",
    headline: `${pulls} pulls. Best: P3 with 12.4% remaining (pull 4).`,
    best: "P3 with 12.4% remaining (pull 4)",
    newBest: true,
    progPointsFirstReached: [{ label: "P3", pullNumber: 4 }],
    topCauses: Array.from({ length: 8 }, (_, i) => ({ cause: `Mechanic ${i} ${"x".repeat(200)}`, wipes: 8 - i })),
    mistakes: {
      byMechanic: Array.from({ length: 30 }, (_, i) => ({ summary: `Tower ${i}: hit a non-tank ${i} times this session, 3 the session before.` })),
    },
    lines,
  } as unknown as NightReport;
}

describe("the recap payload", () => {
  it("keeps every part and the whole within Discord's limits, cutting pull lines whole and saying how many", () => {
    const payload = buildRecapPayload(night(300, 200), { title: "T".repeat(400), imageName: "prog.png" });
    expect(payload.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
    const [embed] = payload.embeds;
    if (!embed) throw new Error("no embed");
    expect(embed.title.length).toBe(DISCORD_LIMITS.title);
    expect(embed.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of embed.fields) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    expect(embedChars(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(embed.description).toMatch(/\n… and \d+ more pulls$/);
    expect(embed.image).toEqual({ url: "attachment://prog.png" });
  });

  it("lists every pull when they fit, the best one in bold", () => {
    const [embed] = buildRecapPayload(night(12), { title: "Night" }).embeds;
    expect(embed?.description.split("\n")).toHaveLength(14);
    expect(embed?.description).toContain("**4. 4:31");
    expect(embed?.fields.find((f) => f.name === "Best pull")?.value).toBe("P3 with 12.4% remaining (pull 4) (new best)");
  });
});
