// Discord in the browser: what a webhook address looks like (the server checks it again, the same
// way: packages/api services/discord/recap.ts), and a post's status in words.
import type { DiscordPost } from "./api";
import { formatDateTime } from "./dates";

const WEBHOOK_URL = /^https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api(?:\/v\d{1,2})?\/webhooks\/(\d{17,20})\/([A-Za-z0-9_-]{60,100})$/;

export const WEBHOOK_HELP =
  "In Discord: the channel's settings → Integrations → Webhooks → New Webhook → Copy Webhook URL. It looks like https://discord.com/api/webhooks/<id>/<token>.";

/** Why `url` is not a Discord webhook address, in words; null when it is one. */
export function webhookProblem(url: string): string | null {
  const value = url.trim();
  if (value === "") return "Paste the webhook's URL.";
  if (value.length > 300) return "That is too long for a Discord webhook address.";
  if (!value.startsWith("https://")) return "A Discord webhook address starts with https://.";
  if (!WEBHOOK_URL.test(value)) return "That is not a Discord webhook address (https://discord.com/api/webhooks/<id>/<token>).";
  return null;
}

/** A post's status in words: "Posted to Discord on …", "Waiting to post (…)", "Not posted: …". */
export function describePost(post: Pick<DiscordPost, "status" | "sentAt" | "lastError" | "nextAttemptAt" | "attempts">): string {
  if (post.status === "sent") return `Posted to Discord${post.sentAt ? ` on ${formatDateTime(post.sentAt)}` : ""}.`;
  if (post.status === "failed") return `Not posted to Discord: ${post.lastError ?? "no reason recorded"}.`;
  if (post.attempts === 0) return "Queued: posting to Discord shortly.";
  return `Posting to Discord: attempt ${post.attempts} did not go through (${post.lastError ?? "no reason recorded"}); trying again ${formatDateTime(post.nextAttemptAt)}.`;
}
