import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const repoRoot = path.resolve(import.meta.dirname, "../..");
/** Read by tooling/start/start.mjs. */
const BUILD_INPUTS = path.join(import.meta.dirname, "node_modules/.cache/progboard-build/inputs.json");

/**
 * Lists the workspace source files the bundle was built from, so `pnpm start` can skip the build
 * while none of them (nor the lockfile) changed. Kept beside the build, not in dist/ (which is served).
 */
function buildInputs(): Plugin {
  return {
    name: "build-inputs",
    apply: "build",
    generateBundle(_options, bundle) {
      const inputs = new Set<string>();
      for (const chunk of Object.values(bundle)) {
        if (chunk.type !== "chunk") continue;
        for (const id of Object.keys(chunk.modules)) {
          const file = id.split("?")[0] ?? id;
          if (!path.isAbsolute(file) || file.includes(`${path.sep}node_modules${path.sep}`)) continue;
          inputs.add(path.relative(repoRoot, file));
        }
      }
      mkdirSync(path.dirname(BUILD_INPUTS), { recursive: true });
      writeFileSync(BUILD_INPUTS, JSON.stringify([...inputs].sort()));
    },
  };
}

export default defineConfig({
  plugins: [react(), buildInputs()],
  server: {
    // The API and auth live on the server app; in dev, Vite forwards them so cookies stay same-origin.
    proxy: { "/api": "http://localhost:3000" },
  },
});
