// How every package's tests run (each vitest.config.ts spreads these into its `test`).
//
// - Two workers: vitest's default on a 2-core machine is one (available parallelism − 1), so a
//   package's files ran one after another while most of them wait on sockets, timers and the
//   database; `pnpm test` runs two packages at a time besides.
// - No per-file isolation: files of a worker share its module graph instead of importing
//   drizzle, tRPC, PGlite and the app again for every file (api: 94 → 46 CPU-seconds). Test files
//   hold no module-level state that outlives them: each opens its own database and server, and
//   the two that stub environment variables restore them (vi.unstubAllEnvs).
/** @type {{ maxWorkers: number; isolate: boolean }} */
export const sharedTest = { maxWorkers: 2, isolate: false };

/** For the tests that open databases and servers: seconds, not milliseconds. */
export const slowTest = { ...sharedTest, testTimeout: 30_000, hookTimeout: 60_000 };
