// Where a Node process's time goes during one call: V8's sampling CPU profiler (node:inspector),
// each sample's time given to a category by looking at its call stack. Samples taken while the
// event loop had nothing to run are "(idle)": waiting for I/O, e.g. for PostgreSQL.

import type { Profiler, Runtime } from "node:inspector";
import { Session } from "node:inspector/promises";

export type CallFrame = Runtime.CallFrame;
export type CpuProfile = Profiler.Profile;

/** Names a sample's category from its stack, leaf first. */
export type Classifier = (stack: readonly CallFrame[]) => string;

/** Milliseconds per category over the whole profile. */
export function timeByCategory(profile: CpuProfile, classify: Classifier): Record<string, number> {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const categoryOfNode = new Map<number, string>();
  const categoryOf = (id: number): string => {
    let category = categoryOfNode.get(id);
    if (category === undefined) {
      const stack: CallFrame[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
        const node = nodes.get(at);
        if (node) stack.push(node.callFrame);
      }
      category = classify(stack);
      categoryOfNode.set(id, category);
    }
    return category;
  };
  const out: Record<string, number> = {};
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const category = categoryOf(samples[i] as number);
    out[category] = (out[category] ?? 0) + (deltas[i] ?? 0) / 1000;
  }
  return out;
}

/**
 * Where a frame's code lives: "postgres", "drizzle-orm", "zod"… for packages in node_modules,
 * "packages/<name>/src/<file>" or "bench/…" for the workspace, "node" for Node's own JavaScript,
 * "" for V8 builtins and native code.
 */
export function moduleOf(frame: CallFrame): string {
  const { url } = frame;
  if (url === "") return "";
  if (url.startsWith("node:")) return "node";
  const pnpm = /\/node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pnpm?.[1]) return pnpm[1];
  const plain = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (plain?.[1]) return plain[1];
  const workspace = /\/((?:packages|apps)\/[^/]+\/src\/.+|bench\/.+)$/.exec(url);
  return workspace?.[1] ?? url;
}

/** The nearest frame (leaf upwards) outside Node's internals and V8's builtins: whose code is running. */
export function nearestModule(stack: readonly CallFrame[]): string {
  for (const frame of stack) {
    const module = moduleOf(frame);
    if (module !== "" && module !== "node") return module;
  }
  return stack.some((frame) => moduleOf(frame) === "node") ? "node" : "";
}

/** The special nodes V8 records: "(idle)", "(garbage collector)", "(program)", or null. */
export function specialNode(stack: readonly CallFrame[]): string | null {
  const leaf = stack[0]?.functionName ?? "";
  return leaf.startsWith("(") && leaf.endsWith(")") && leaf !== "(anonymous)" ? leaf : null;
}

/** Runs the in-process sampling profiler around `work`. `intervalUs`: sampling period. */
export class CpuProfiler {
  private readonly session = new Session();
  private connected = false;

  async profile<T>(intervalUs: number, work: () => Promise<T>): Promise<{ result: T; profile: CpuProfile }> {
    if (!this.connected) {
      this.session.connect();
      this.connected = true;
      await this.session.post("Profiler.enable");
    }
    await this.session.post("Profiler.setSamplingInterval", { interval: intervalUs });
    await this.session.post("Profiler.start");
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.session.post("Profiler.stop").catch(() => undefined);
      throw error;
    }
    const { profile } = await this.session.post("Profiler.stop");
    return { result, profile };
  }

  close(): void {
    if (this.connected) this.session.disconnect();
    this.connected = false;
  }
}

/** The functions with the most self time in a profile, "name (module:line)" → ms, most first. */
export function topFunctions(profile: CpuProfile, count: number): [string, number][] {
  const byNode = new Map(profile.nodes.map((node) => [node.id, node]));
  const out = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = byNode.get(samples[i] as number)?.callFrame;
    if (!frame) continue;
    const name = `${frame.functionName || "(anonymous)"} (${moduleOf(frame) || "native"}:${frame.lineNumber + 1})`;
    out.set(name, (out.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
  }
  return [...out.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}
