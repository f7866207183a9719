import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    // Server start, argon2 hashing and PGlite migrations take seconds, not milliseconds.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    // Two files at a time: each starts its own server (own port, own data folder) and Chromium,
    // and a file mostly waits on the page; the 13 files take about 160 s instead of 260 s.
    fileParallelism: true,
    maxWorkers: 2,
    // The files of a worker share its imported modules (the server's among them), as the unit
    // tests do: each file starts its own server, with its own settings, from them.
    isolate: false,
  },
});
