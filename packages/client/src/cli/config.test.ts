// `progboard login` saves its config through a temp file and a rename: never half-written, owner-only,
// and never written through a link someone left at config.json.
import { lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { configFile, readConfig, writeConfig } from "./config";

let root: string;
let dir: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "progboard-config-"));
  dir = path.join(root, "progboard");
  vi.stubEnv("PROGBOARD_CONFIG_DIR", dir);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(root, { recursive: true, force: true });
});

const config = { url: "https://progboard.example", key: `pb_${"a".repeat(43)}`, staticId: 3 };

describe("writeConfig", () => {
  it("writes a 0600 file in a 0700 folder, read back as written, with no temp file left", async () => {
    await writeConfig(config);
    expect(await readConfig()).toEqual(config);
    expect((await stat(configFile())).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await readdir(dir)).toEqual(["config.json"]);
  });

  it("narrows an older, wider file to 0600 when it replaces it", async () => {
    await writeConfig(config);
    await writeFile(configFile(), "{}", { mode: 0o644 });
    await writeConfig({ ...config, staticId: null });
    expect((await stat(configFile())).mode & 0o777).toBe(0o600);
    expect(await readConfig()).toEqual({ ...config, staticId: null });
  });

  it("never writes through a link at config.json: the link is replaced, what it points at is untouched", async () => {
    await writeConfig(config);
    const elsewhere = path.join(root, "elsewhere.txt");
    await writeFile(elsewhere, "someone else's file\n", { mode: 0o644 });
    await rm(configFile());
    await symlink(elsewhere, configFile());

    await writeConfig({ ...config, staticId: 7 });
    expect(await readFile(elsewhere, "utf8")).toBe("someone else's file\n");
    expect((await stat(elsewhere)).mode & 0o777).toBe(0o644);
    expect((await lstat(configFile())).isSymbolicLink()).toBe(false);
    expect(await readConfig()).toEqual({ ...config, staticId: 7 });
  });
});
