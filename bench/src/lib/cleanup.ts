// Cleanups that must also run when the run is interrupted (Ctrl-C, SIGTERM): dropping the bench
// database, stopping the load generator.
const pending = new Set<() => Promise<unknown>>();
let installed = false;

/** Registers `cleanup` to run on SIGINT/SIGTERM; returns a function that unregisters it. */
export function onInterrupt(cleanup: () => Promise<unknown>): () => void {
  install();
  pending.add(cleanup);
  return () => pending.delete(cleanup);
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up…`);
      void Promise.allSettled([...pending].map((cleanup) => cleanup())).then(() => process.exit(130));
    });
  }
}
