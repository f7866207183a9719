// Drives an HTTP endpoint from a separate process (http-driver.ts), one job at a time.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { onInterrupt } from "./cleanup";
import type { DriverJob, DriverResult } from "./http-driver";

export interface LoadResult {
  latenciesMs: Float64Array;
  wallMs: number;
  firstBody?: string;
}

export class HttpLoad {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: DriverResult) => void; reject: (e: Error) => void }>();
  private readonly unregister: () => void;

  constructor() {
    // fork() passes on process.execArgv, so the child runs TypeScript through tsx like the parent.
    this.child = fork(fileURLToPath(new URL("./http-driver.ts", import.meta.url)), [], { serialization: "advanced", stdio: "inherit" });
    this.child.on("message", (result: DriverResult) => {
      this.waiting.get(result.id)?.resolve(result);
      this.waiting.delete(result.id);
    });
    this.child.on("exit", (code) => {
      for (const { reject } of this.waiting.values()) reject(new Error(`load generator exited (${code})`));
      this.waiting.clear();
    });
    this.unregister = onInterrupt(() => this.close());
  }

  /** Sends every target's request, `concurrency` at a time; any non-2xx answer fails the run. */
  async run(url: string, targets: [string, number][], concurrency: number, options: { returnFirstBody?: boolean } = {}): Promise<LoadResult> {
    const id = this.nextId++;
    const job: DriverJob = { id, url, targets, concurrency, ...options };
    const result = await new Promise<DriverResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send(job);
    });
    if (result.failures > 0) throw new Error(`${result.failures} of ${targets.length} requests to ${url} failed; first: ${result.firstFailure}`);
    return { latenciesMs: result.latenciesMs, wallMs: result.wallMs, ...(result.firstBody !== undefined ? { firstBody: result.firstBody } : {}) };
  }

  async close(): Promise<void> {
    this.unregister();
    if (this.child.exitCode !== null || !this.child.connected) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.disconnect();
    await exited;
  }
}
