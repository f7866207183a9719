// The Discord side of issue 16, its pure part: which URLs are Discord webhooks, and the recap of a
// night as a webhook payload within Discord's embed limits (documented at
// https://discord.com/developers/docs/resources/message#embed-object-embed-limits). Posting it is
// poster.ts's (once per session, with retries), the PNG curve.ts's, the HTTP call webhook.ts's.
import type { NightReport } from "@progboard/analysis";

/** Discord's embed limits, in characters (UTF-16 code units, as Discord counts them). */
export const DISCORD_LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  /** All titles, descriptions, field names and values and footers of a message together. */
  total: 6000,
  embeds: 10,
} as const;

// discord.com, discordapp.com and their ptb./canary. hosts; /api/webhooks/<id>/<token>, with an
// optional API version (/api/v10/webhooks/…). Nothing else: no query, no fragment, no other port.
export const WEBHOOK_URL_PATTERN =
  /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api(?:\/v\d{1,2})?\/webhooks\/(\d{17,20})\/([A-Za-z0-9_-]{60,100})$/;

/** Whether `url` is a Discord webhook address (see WEBHOOK). */
export function isDiscordWebhookUrl(url: string): boolean {
  return WEBHOOK_URL_PATTERN.test(url.trim());
}

export interface DiscordEmbed {
  title: string;
  description: string;
  fields: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  image?: { url: string };
}

export interface DiscordPayload {
  username: string;
  embeds: DiscordEmbed[];
}

/** `text` cut to `max` characters, ending with "…" when cut. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Lines joined by newlines, as many whole lines as fit in `max` (then "… and N more pulls"). */
function fitLines(lines: readonly string[], max: number): string {
  const out: string[] = [];
  let used = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = cut(lines[i] as string, max);
    const rest = lines.length - i - 1;
    const tail = rest > 0 ? `\n… and ${rest} more ${rest === 1 ? "pull" : "pulls"}` : "";
    if (used + line.length + 1 + (rest > 0 ? tail.length : 0) > max) {
      const left = lines.length - i;
      out.push(`… and ${left} more ${left === 1 ? "pull" : "pulls"}`);
      break;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out.join("\n");
}

/**
 * The recap as one embed: the headline and the pull lines (whole lines, as many as fit), the best
 * pull, the top causes and mistakes as fields, `imageName` (an attached PNG) as its image. Every
 * part within Discord's limits, the whole within its total.
 */
export function buildRecapPayload(night: NightReport, options: { title: string; imageName?: string }): DiscordPayload {
  const fields: DiscordEmbed["fields"] = [];
  const field = (name: string, value: string, inline = false) => {
    if (value.trim() !== "" && fields.length < DISCORD_LIMITS.fields)
      fields.push({ name: cut(name, DISCORD_LIMITS.fieldName), value: cut(value, DISCORD_LIMITS.fieldValue), inline });
  };
  field("Best pull", `${night.best ?? "unknown"}${night.newBest ? " (new best)" : ""}`, true);
  if (night.progPointsFirstReached.length > 0) field("First time at", night.progPointsFirstReached.map((p) => p.label).join(", "), true);
  field("What decided the wipes", night.topCauses.map((c) => `${c.cause}: ${c.wipes}`).join("\n"));
  field("Mistakes without deaths", night.mistakes.byMechanic.map((m) => m.summary).join("\n"));
  const footer = { text: cut(`progboard · ${night.sessionLabel}`, DISCORD_LIMITS.footer) };
  const title = cut(options.title, DISCORD_LIMITS.title);
  const fixed = title.length + footer.text.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const room = Math.max(0, Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - fixed));
  const head = cut(night.headline, Math.min(room, 600));
  const description = fitLines([head, "", ...night.lines.map((l) => (l.isBest ? `**${l.line}**` : l.line))], room);
  const embed: DiscordEmbed = { title, description, fields, footer };
  if (options.imageName) embed.image = { url: `attachment://${options.imageName}` };
  return { username: "progboard", embeds: [embed] };
}

/** Characters Discord counts towards an embed's total. */
export function embedChars(embed: DiscordEmbed): number {
  return (
    embed.title.length +
    embed.description.length +
    (embed.footer?.text.length ?? 0) +
    embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}
