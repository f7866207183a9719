#!/usr/bin/env node
// `pnpm start`: build only what the server serves (the SPA, and only when its inputs changed), then
// run the server from its TypeScript sources with tsx. No type-checking here: that is
// `pnpm typecheck`'s job, and a user starting the app should not wait minutes for it.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const web = path.join(root, "apps/web");
const dist = path.join(web, "dist");
// The `build-inputs` plugin in apps/web/vite.config.ts lists every source file (outside
// node_modules) that went into the bundle; after a build this script stamps their hash beside it.
// A build made otherwise (`vite build` for the browser tests) is from the same sources when the
// hash matches, so it is served as it is.
// Both live outside dist/, which the server serves.
const cache = path.join(web, "node_modules/.cache/progboard-build");
const inputsFile = path.join(cache, "inputs.json");
const stampFile = path.join(cache, "stamp.json");

/** The hash of everything a build reads: its recorded inputs, its config, public/ and the lockfile. */
function inputsHash(inputs) {
  const fixed = ["pnpm-lock.yaml", "apps/web/vite.config.ts", "apps/web/index.html", "apps/web/package.json"].map((f) => path.join(root, f));
  const files = [...new Set([...fixed, ...walk(path.join(web, "public")), ...inputs.map((f) => path.resolve(root, f))])].sort();
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update("\0");
    hash.update(existsSync(file) ? readFileSync(file) : "(missing)");
    hash.update("\0");
  }
  return hash.digest("hex");
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [p];
  });
}

function indexHash() {
  return createHash("sha256")
    .update(readFileSync(path.join(dist, "index.html")))
    .digest("hex");
}

function isBuildCurrent() {
  if (!existsSync(stampFile) || !existsSync(path.join(dist, "index.html"))) return false;
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8"));
    // index.html names the hashed bundles: a dist/ built by something else since (another
    // branch's `vite build`) does not match the stamp even when the sources are back as they were.
    return Array.isArray(stamp.inputs) && stamp.hash === inputsHash(stamp.inputs) && stamp.index === indexHash();
  } catch {
    return false;
  }
}

const started = Date.now();
if (process.argv.includes("--force-build") || !isBuildCurrent()) {
  console.log("progboard: building the web app (vite) …");
  const vite = path.join(web, "node_modules/vite/bin/vite.js");
  const built = spawnSync(process.execPath, [vite, "build", "--logLevel", "error"], { cwd: web, stdio: "inherit" });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const inputs = JSON.parse(readFileSync(inputsFile, "utf8"));
  writeFileSync(stampFile, JSON.stringify({ hash: inputsHash(inputs), index: indexHash(), inputs }));
  console.log(`progboard: web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} else {
  console.log("progboard: web app unchanged since its last build (apps/web/dist)");
}

const server = path.join(root, "apps/server");
const tsx = path.join(server, "node_modules/tsx/dist/esm/index.mjs");
if (!existsSync(tsx) || !statSync(tsx).isFile()) {
  console.error("progboard: tsx is missing; run `pnpm install` first");
  process.exit(1);
}
// Signals go to the whole foreground group from a terminal; forwarding covers `kill <pid>` too.
// tsx's loader in this process's child directly (its CLI would start yet another node).
const child = spawn(process.execPath, ["--import", pathToFileURL(tsx).href, "src/main.ts"], { cwd: server, stdio: "inherit", env: process.env });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
