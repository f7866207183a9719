// Wipe type of a pull. The first rule that matches wins:
// 1. kill;
// 2. reset: shorter than `resetMaxMs`, or no death with at least 99% remaining (nothing done);
// 3. dps-check: the enrage went off; or, with no enrage configured, the first death is already the
//    closing burst (at least half the party within `burstWindowMs`, nobody before);
// 4. mechanic: the first death is to a configured mechanic, or at least 2 deaths to the first
//    death's ability within `mechanicClusterMs` of it, or a mistake without a death (mistakes.ts)
//    came first: within `hitWindowMs` before the first counted death, or in a wipe nobody died in;
// 5. cascade: at least 2 more deaths within `cascadeWindowMs` after the first;
// 6. attrition: at least 2 deaths, spread out;
// 7. other: one death before the wipe, or none (the wipe was called).
// A pull without its events (not imported, or only part of them) is "unknown" unless it is a kill:
// its deaths are not known, and no rule may read their absence as "no deaths".
// Rules 5–7 count only deaths that were not forced (see digest.ts): the closing burst is the wipe.
import type { PullDigest } from "./digest";
import { formatDuration, formatSeconds, plural } from "./format";
import type { Mistake } from "./mistakes";
import type { AnalysisOptions } from "./options";
import type { Pull } from "./types";

export type WipeType = "kill" | "reset" | "dps-check" | "mechanic" | "cascade" | "attrition" | "other" | "unknown";

export interface WipeClassification {
  type: WipeType;
  /** What was seen, in words ("2 deaths to Tower within 0:01"). */
  reason: string;
}

const NOTHING_DONE_PERCENT = 99;

// Module functions, not closures made per pull: under tsx (the server's runtime) each named
// closure is also given its name, which costs more than the closure itself, thousands of times.

/** "m:ss" of an instant into the pull. */
function at(pull: Pull, t: number): string {
  return formatDuration(t - pull.startTime);
}

function openedBy(pull: Pull, m: Mistake): string {
  return `Started with a mistake at ${at(pull, m.timestamp)}: ${m.what}`;
}

/** The wipe type of one pull (rules above), with the facts that decided it. */
export function classifyWipe(
  pull: Pull,
  digest: PullDigest,
  options: AnalysisOptions,
  hasEvents = true,
  mistakes: readonly Mistake[] = [],
): WipeClassification {
  const duration = Math.max(0, pull.endTime - pull.startTime);
  const { deaths } = digest;
  if (pull.kill === true) return { type: "kill", reason: `Kill in ${formatDuration(duration)}.` };
  // Without its events, how the pull ended is not known: never "no deaths".
  if (!hasEvents)
    return { type: "unknown", reason: `Ended at ${formatDuration(duration)}; its events were not imported, so its deaths are unknown.` };

  if (duration < options.resetMaxMs) {
    return { type: "reset", reason: `Ended after ${formatDuration(duration)} (under ${formatDuration(options.resetMaxMs)}).` };
  }
  const remaining = pull.fightPercentage;
  if (deaths.length === 0 && remaining !== null && remaining >= NOTHING_DONE_PERCENT) {
    return { type: "reset", reason: `Ended at ${formatDuration(duration)} with no deaths and ${remaining.toFixed(1)}% remaining.` };
  }

  const first = deaths[0];
  if (digest.enrageAt !== null) {
    const before = deaths.filter((d) => d.forced !== "enrage").length;
    return {
      type: "dps-check",
      reason: `${digest.enrageName ?? "The enrage"} went off at ${at(pull, digest.enrageAt)} after ${plural(before, "death")}.`,
    };
  }
  const opening = mistakes.find(
    (m) => first === undefined || (m.timestamp <= first.timestamp && first.timestamp - m.timestamp <= options.hitWindowMs),
  );
  if (!first) {
    if (opening) return { type: "mechanic", reason: `${openedBy(pull, opening)}; nobody died before the wipe.` };
    const left = remaining === null ? "boss HP not logged" : `${remaining.toFixed(1)}% remaining`;
    return { type: "other", reason: `Ended at ${formatDuration(duration)} with no deaths (${left}).` };
  }
  if (first.forced === "wipe-burst") {
    return {
      type: "dps-check",
      reason: `All ${deaths.length} deaths within ${formatSeconds(options.burstWindowMs)} at ${at(pull, first.timestamp)}, none before.`,
    };
  }

  if (first.abilityId !== null && digest.mechanics.has(first.abilityId)) {
    return {
      type: "mechanic",
      reason: `First death (${first.player.label}) to ${first.abilityName}, a configured mechanic, at ${at(pull, first.timestamp)}.`,
    };
  }
  const cluster = deaths.filter(
    (d) => d.abilityId !== null && d.abilityId === first.abilityId && d.timestamp - first.timestamp <= options.mechanicClusterMs,
  );
  if (cluster.length >= 2) {
    const spread = (cluster[cluster.length - 1]?.timestamp ?? first.timestamp) - first.timestamp;
    return {
      type: "mechanic",
      reason: `${cluster.length} deaths to ${first.abilityName} within ${formatSeconds(spread)} at ${at(pull, first.timestamp)}.`,
    };
  }

  if (opening)
    return {
      type: "mechanic",
      reason: `${openedBy(pull, opening)}; the first death (${first.player.label}, ${first.abilityName}) came at ${at(pull, first.timestamp)}.`,
    };

  // Cascade and attrition look at deaths that were not forced: the closing burst is the wipe itself.
  const counted = deaths.filter((d) => d.forced === null);
  const soon = counted.filter((d) => d !== first && d.timestamp - first.timestamp <= options.cascadeWindowMs).length;
  if (soon >= 2) {
    return {
      type: "cascade",
      reason: `First death (${first.player.label}, ${first.abilityName}) at ${at(pull, first.timestamp)}, then ${soon} more within ${formatSeconds(options.cascadeWindowMs)}.`,
    };
  }
  const last = counted[counted.length - 1] ?? first;
  if (counted.length >= 2) {
    return {
      type: "attrition",
      reason: `${counted.length} deaths spread over ${formatDuration(last.timestamp - first.timestamp)}, from ${at(pull, first.timestamp)}.`,
    };
  }
  return {
    type: "other",
    reason: `One death (${first.player.label}, ${first.abilityName}) at ${at(pull, first.timestamp)}; the pull ended at ${formatDuration(duration)}.`,
  };
}
