// The only file of the ingest package that reads process.env (for the demo-report command).

/** Where pnpm was started (INIT_CWD: pnpm runs a script in its package's folder), else the process's folder. */
export function invocationDir(): string {
  return process.env.INIT_CWD || process.cwd();
}
