import { performance } from "node:perf_hooks";
import { EnvError } from "./env";
import { log } from "./log";
import { SHUTDOWN, startServer } from "./server";

try {
  const server = await startServer();
  log.info("ready", { startupMs: Math.round(performance.now()) });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    const force = setTimeout(() => {
      log.error("shutdown timed out; exiting");
      process.exit(1);
    }, SHUTDOWN.exitMs);
    force.unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error("shutdown failed", { error });
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
  } else {
    log.error("failed to start", { error });
  }
  process.exit(1);
}
