// One job in a fresh child process: its memory (peak RSS) and JIT state are its own, and it does
// not share the bench's event loop. fork() passes on process.execArgv, so the child runs TypeScript
// through tsx like the parent.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { onInterrupt } from "./cleanup";

type Reply<R> = { ok: true; result: R } | { ok: false; error: string };

/** Forks `script`, sends it `job`, and resolves with what its serveJob handler returns. */
export async function runInChild<J, R>(script: URL, job: J): Promise<R> {
  const child = fork(fileURLToPath(script), [], { serialization: "advanced", stdio: "inherit" });
  const unregister = onInterrupt(() => Promise.resolve(child.kill("SIGTERM")));
  try {
    const reply = await new Promise<Reply<R>>((resolve, reject) => {
      child.once("message", (message: Reply<R>) => resolve(message));
      child.once("exit", (code, signal) => reject(new Error(`child ${path(script)} exited (${code ?? signal}) without an answer`)));
      child.once("error", reject);
      child.send(job as object);
    });
    if (!reply.ok) throw new Error(`child ${path(script)} failed: ${reply.error}`);
    return reply.result;
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        if (child.connected) child.disconnect();
        else child.kill("SIGTERM");
      });
    }
    unregister();
  }
}

/** In the child: answers the one job it is sent, then lets the process end. */
export function serveJob<J, R>(handler: (job: J) => Promise<R>): void {
  process.once("message", (job: J) => {
    handler(job).then(
      (result) => process.send?.({ ok: true, result } satisfies Reply<R>),
      (error: unknown) =>
        process.send?.({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply<R>),
    );
  });
  // The parent disconnects once it has the answer (or gives up): exit then.
  process.on("disconnect", () => process.exit(0));
}

const path = (script: URL) => script.pathname.slice(script.pathname.lastIndexOf("/") + 1);
