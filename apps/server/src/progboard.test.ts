// Issue 17 end to end, on a real server (a socket, the embedded database): the `progboard`
// command (its `main` in this process, and the binary as a child process for a few commands), and the MCP server through the SDK's own client over stdio
// (`progboard mcp`) and over streamable HTTP (/api/mcp).
import { execFile } from "node:child_process";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Client as McpClient } from "@modelcontextprotocol/sdk/client/index.js";
import { getDefaultEnvironment, StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type Client, createClient } from "@progboard/client";
import { main } from "@progboard/client/cli";
import { migratedDataDir } from "@progboard/db/testing";
import { writeReportFile } from "@progboard/ingest/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningServer, startServer } from "./server";

const BIN = fileURLToPath(new URL("../../../packages/client/bin/progboard.mjs", import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), "progboard-cli-"));

let server: RunningServer;
let aoi: Client;
let keys: { full: string; readOnly: string; limited: string; revoked: string };
let statics: { mine: number; second: number; strangers: number };

beforeAll(async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "progboard-cli-data-"));
  await migratedDataDir(dataDir);
  server = await startServer({
    env: {
      PORT: "0",
      HOST: "127.0.0.1",
      AUTH_MODE: "dev",
      NODE_ENV: "test",
      DATA_DIR: dataDir,
      // FFLogs access set up, so FFLogs codes can be watched; nothing answers there (no fetch succeeds).
      FFLOGS_CLIENT_ID: "cli-client",
      FFLOGS_CLIENT_SECRET: "cli-secret",
      FFLOGS_API_URL: "http://127.0.0.1:9/api/v2/client",
      FFLOGS_TOKEN_URL: "http://127.0.0.1:9/oauth/token",
    },
  });
  aoi = createClient({ url: server.url, headers: { "x-dev-user": "aoi" } });
  const stranger = createClient({ url: server.url, headers: { "x-dev-user": "stranger" } });
  statics = {
    mine: (await aoi.statics.create.mutate({ name: "Aoi Prog" })).id,
    second: (await aoi.statics.create.mutate({ name: "Aoi Alt" })).id,
    strangers: (await stranger.statics.create.mutate({ name: "Not yours" })).id,
  };
  const make = async (input: { name: string; staticId?: number; readOnly?: boolean }) => (await aoi.apiKeys.create.mutate(input)).key;
  keys = {
    full: await make({ name: "cli" }),
    readOnly: await make({ name: "assistant", readOnly: true }),
    limited: await make({ name: "bot", staticId: statics.mine }),
    revoked: await make({ name: "old" }),
  };
  const revokedId = (await aoi.apiKeys.list.query()).find((k) => k.name === "old")?.id ?? 0;
  await aoi.apiKeys.revoke.mutate({ id: revokedId });
}, 60_000);
afterAll(() => server.close());

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a `progboard` command line. By default in this process: the command's own `main`, with its
 * config folder set as the binary's environment would set it, and stdout, stderr and the progress
 * bars (stderr, as the binary prints them) recorded. `{ binary: true }` runs the real binary as a
 * child process instead; the tests do so for a few commands, which is what proves the binary (each
 * start costs a second of CPU: all 25 commands as children made this the slowest server test).
 */
async function progboard(args: string[], configDir: string, { binary = false } = {}): Promise<Run> {
  if (binary) return progboardBinary(args, configDir);
  const run = { stdout: "", stderr: "" };
  vi.stubEnv("PROGBOARD_CONFIG_DIR", configDir);
  try {
    const code = await main(args, {
      out: (text) => {
        run.stdout += text;
      },
      err: (text) => {
        run.stderr += text;
      },
      progress: (text) => {
        run.stderr += text;
      },
    });
    return { code, ...run };
  } finally {
    vi.unstubAllEnvs();
  }
}

/** Runs the real `progboard` binary; never rejects (the exit code is part of the answer). */
async function progboardBinary(args: string[], configDir: string): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      // Nothing of the test's own environment: the binary needs only its config folder.
      env: { PROGBOARD_CONFIG_DIR: configDir, NO_COLOR: "1" },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

describe("the progboard command", () => {
  const config = path.join(scratch, "config-full");

  it("logs in (config saved 0600), lists statics, picks one with `use`, imports a report with a progress bar and prints its pulls", async () => {
    const login = await progboard(["login", "--url", server.url, "--key", keys.full], config, { binary: true });
    expect(login).toMatchObject({ code: 0, stdout: expect.stringContaining("as aoi: key for all your statics") as unknown });
    expect(statSync(path.join(config, "config.json")).mode & 0o777).toBe(0o600);

    const list = await progboard(["statics", "list", "--json"], config);
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { statics: { id: number }[] }).statics.map((s) => s.id).sort()).toEqual([statics.mine, statics.second].sort());

    expect(await progboard(["use", "aoi prog"], config)).toMatchObject({ code: 0, stdout: `Using Aoi Prog (${statics.mine}).\n` });
    expect((await progboard(["statics", "list"], config)).stdout).toContain(`* ${String(statics.mine).padStart(4)}  Aoi Prog`);

    const file = path.join(scratch, "night.jsonl");
    await writeReportFile(file, { seed: 5, code: "CliProg00000001", pulls: 6, eventsPerPull: 80, format: "jsonl" });
    const imported = await progboard(["reports", "import", file], config, { binary: true });
    expect(imported.stderr).toMatch(/Uploading \[#+\]/);
    expect(imported.stderr).toMatch(/Ingesting \[#+\] \d+\/\d+ fights/);
    expect(imported).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Imported .+: 6 pulls \(file:[0-9a-f]{64}\)\.\n$/) as unknown });

    const reports = await progboard(["reports", "list"], config);
    expect(reports.stdout).toMatch(/file:[0-9a-f]{64} {2}CliProg00000001 {2}done {2}6 pulls/);

    const pulls = await progboard(["pulls"], config);
    expect(pulls.code).toBe(0);
    const lines = pulls.stdout.trim().split("\n");
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line).toMatch(/^\d+\. \d+:\d{2} – (KILL|(P\d+|I\d+|phase unknown) (\d+\.\d%|HP unknown))$/);

    const pullsJson = JSON.parse((await progboard(["pulls", "--json"], config)).stdout) as { pullNumber: number; sessionKey: string }[];
    expect(pullsJson.map((p) => p.pullNumber)).toEqual([1, 2, 3, 4, 5, 6]);

    const night = await progboard(["night"], config);
    expect(night.code).toBe(0);
    expect(night.stdout.split("\n").slice(1, -1)).toEqual(lines.filter((_, i) => pullsJson[i]?.sessionKey === pullsJson.at(-1)?.sessionKey));
    expect(await progboard(["night", "no-such-night"], config)).toMatchObject({
      code: 4,
      stderr: expect.stringContaining("No session 'no-such-night'") as unknown,
    });
  }, 120_000);

  it("watches a report by URL; errors are words with documented exit codes", async () => {
    expect(await progboard(["reports", "watch", "https://www.fflogs.com/reports/aBcD1234eFgH5678", "--label", "Tuesday"], config)).toMatchObject({
      code: 0,
      stdout: "Watching aBcD1234eFgH5678 (Tuesday).\n",
    });
    expect(await progboard(["reports", "watch", "not a report"], config)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("Not a report code or an FFLogs report URL") as unknown,
    });
    expect(await progboard(["pulls", "--static", String(statics.strangers)], config)).toMatchObject({ code: 4, stderr: "Static not found\n" });
    expect(await progboard(["use", "Not yours"], config)).toMatchObject({ code: 4 });
    expect(await progboard(["frobnicate"], config, { binary: true })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Unknown command") as unknown,
    });
    expect(await progboard(["statics", "list"], path.join(scratch, "nobody"))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Not logged in") as unknown,
    });
    expect(await progboard(["login", "--url", server.url, "--key", keys.revoked], path.join(scratch, "revoked"))).toMatchObject({
      code: 3,
      stderr: expect.stringContaining("not valid") as unknown,
    });
    expect(await progboard(["statics", "list", "--url", "http://127.0.0.1:9", "--key", keys.full], config, { binary: true })).toMatchObject({
      code: 6,
    });
  }, 120_000);

  it("reports import follows the ingestion for --wait seconds at the most: 0 returns once uploaded; a bad --wait is a usage error", async () => {
    const file = path.join(scratch, "night-nowait.jsonl");
    await writeReportFile(file, { seed: 6, code: "CliProg00000002", pulls: 2, eventsPerPull: 40, format: "jsonl" });
    // On the second static: the first keeps its six pulls for the MCP tests below.
    const uploaded = await progboard(["reports", "import", file, "--wait", "0", "--static", String(statics.second)], config);
    expect(uploaded).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Uploaded .+ \(file:[0-9a-f]{64}\): the server ingests it;/) as unknown,
    });
    expect(uploaded.stderr).not.toContain("Ingesting");
    for (const wait of ["-1", "soon", "86401"]) {
      expect(await progboard(["reports", "import", file, `--wait=${wait}`], config)).toMatchObject({
        code: 2,
        stderr: "--wait must be a number of seconds from 0 to 86400\n",
      });
    }
  }, 120_000);

  it("a read-only key reads but cannot watch (exit 5), a limited key sees its one static", async () => {
    const reader = path.join(scratch, "config-reader");
    await progboard(["login", "--url", server.url, "--key", keys.readOnly], reader);
    expect(await progboard(["reports", "watch", "aBcD1234eFgH9999"], reader)).toMatchObject({ code: 5, stderr: "This API key is read-only\n" });
    const bot = path.join(scratch, "config-bot");
    expect((await progboard(["login", "--url", server.url, "--key", keys.limited], bot)).stdout).toContain(`limited to Aoi Prog (${statics.mine})`);
    expect(JSON.parse((await progboard(["statics", "list", "--json"], bot)).stdout)).toEqual({
      currentStaticId: statics.mine,
      statics: [expect.objectContaining({ id: statics.mine })],
    });
    expect(await progboard(["reports", "list", "--static", String(statics.second)], bot)).toMatchObject({ code: 4, stderr: "Static not found\n" });
  }, 120_000);
});

const TOOLS = [
  "get_night",
  "get_player_consistency",
  "get_prog_curve",
  "get_pulls",
  "get_wipe_causes",
  "list_reports",
  "list_statics",
  "watch_report",
];

const text = (result: Awaited<ReturnType<McpClient["callTool"]>>) => (result.content as { type: string; text: string }[])[0]?.text ?? "";

async function overHttp(key: string): Promise<McpClient> {
  const client = new McpClient({ name: "progboard-test", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server.url}/api/mcp`), { requestInit: { headers: { authorization: `Bearer ${key}` } } }),
  );
  return client;
}

async function overStdio(key: string): Promise<McpClient> {
  const client = new McpClient({ name: "progboard-test", version: "1.0.0" });
  const configDir = mkdtempSync(path.join(scratch, "mcp-"));
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [BIN, "mcp", "--url", server.url, "--key", key],
      env: { ...getDefaultEnvironment(), PROGBOARD_CONFIG_DIR: configDir },
      stderr: "pipe",
    }),
  );
  return client;
}

describe.each([
  ["streamable HTTP", overHttp],
  ["stdio", overStdio],
])("the MCP server over %s", (_transport, connect) => {
  it("lists the tools with schemas and descriptions, answers with the API's data, and NOT_FOUND for an outsider's static", async () => {
    const mcp = await connect(keys.full);
    try {
      const { tools } = await mcp.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
      for (const tool of tools) {
        expect(tool.description?.length).toBeGreaterThan(40);
        expect(tool.inputSchema.type).toBe("object");
      }
      expect(Object.keys(tools.find((t) => t.name === "get_pulls")?.inputSchema.properties ?? {})).toEqual([
        "staticId",
        "encounterId",
        "session",
        "limit",
      ]);

      const listed = JSON.parse(text(await mcp.callTool({ name: "list_statics", arguments: {} }))) as { statics: { id: number }[] };
      expect(listed.statics.map((s) => s.id).sort()).toEqual((await aoi.statics.list.query()).map((s) => s.id).sort());

      const pulls = JSON.parse(text(await mcp.callTool({ name: "get_pulls", arguments: { staticId: statics.mine } }))) as {
        total: number;
        pulls: unknown[];
      };
      const viaApi = createClient({ url: server.url, apiKey: keys.full, staticId: statics.mine });
      const encounter = (await viaApi.analysis.encounters.query())[0]?.encounterId ?? 0;
      expect(pulls.pulls).toEqual(JSON.parse(JSON.stringify(await viaApi.analysis.pulls.query({ encounterId: encounter }))));
      expect(pulls.total).toBe(6);

      const night = JSON.parse(text(await mcp.callTool({ name: "get_night", arguments: { staticId: statics.mine } }))) as { lines: string[] };
      expect(night.lines.length).toBeGreaterThan(0);
      for (const line of night.lines) expect(line).toMatch(/^\d+\. \d+:\d{2} – /);

      const outsider = await mcp.callTool({ name: "list_reports", arguments: { staticId: statics.strangers } });
      expect(outsider.isError).toBe(true);
      expect(text(outsider)).toBe("NOT_FOUND: Static not found");
    } finally {
      await mcp.close();
    }
  }, 120_000);

  it("offers a read-only key no watch_report, and refuses a revoked key", async () => {
    const reader = await connect(keys.readOnly);
    try {
      expect((await reader.listTools()).tools.map((t) => t.name)).not.toContain("watch_report");
      expect((await reader.callTool({ name: "get_wipe_causes", arguments: { staticId: statics.mine } })).isError).toBeFalsy();
    } finally {
      await reader.close();
    }
    await expect(connect(keys.revoked)).rejects.toThrow();
  }, 120_000);
});

describe("/api/mcp over plain HTTP", () => {
  it("answers 401 with WWW-Authenticate without a key, and says why for a revoked one", async () => {
    const initialize = { jsonrpc: "2.0", id: 1, method: "tools/list", params: {} };
    const headers = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    const none = await fetch(`${server.url}/api/mcp`, { method: "POST", headers, body: JSON.stringify(initialize) });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    const revoked = await fetch(`${server.url}/api/mcp`, {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${keys.revoked}` },
      body: JSON.stringify(initialize),
    });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({
      error: { code: "UNAUTHORIZED", message: "This API key is not valid: it is unknown, revoked or expired" },
    });
  });
});
