// SIGTERM under sustained keep-alive load, on a real server process (`pnpm start`'s main.ts): the
// process stops accepting, answers every request it accepted (the last ones with `Connection:
// close`), cuts none, and exits 0: main.ts exits 1 when a stop takes over 10 s, so 0 means in time.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@progboard/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const serverDir = fileURLToPath(new URL("..", import.meta.url));
let database: TestDatabase;
let child: ChildProcess;
let url: string;
let output = "";
let abandoned: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), "progboard-shutdown-"));
  // An upload left by an import that died with the last run.
  mkdirSync(path.join(dataDir, "imports"));
  abandoned = path.join(dataDir, "imports", "0b7c2a4e-dead-4f00-9c1e-abandoned0001.upload");
  writeFileSync(abandoned, "{}");
  child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: serverDir,
    env: {
      NODE_ENV: "test",
      PORT: "0",
      HOST: "127.0.0.1",
      AUTH_MODE: "dev",
      BETTER_AUTH_SECRET: "test-secret-test-secret-test-secret-0123",
      DATA_DIR: dataDir,
      INGEST_WORKER: "false",
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"message":"progboard listening","url":"([^"]+)"/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill("SIGKILL");
  await database.drop();
});

interface Outcome {
  status?: number;
  close?: boolean;
  error?: string;
}

function get(agent: http.Agent, target: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = http.get(target, { agent, headers: { "x-dev-user": "loader" } }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, close: res.headers.connection === "close" }));
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

describe("start", () => {
  it("deletes the uploads of imports that died with the last run", () => {
    expect(existsSync(abandoned)).toBe(false);
  });
});

describe("SIGTERM under keep-alive load", () => {
  it("answers every accepted request, cuts none, releases everything and exits 0", async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    const target = `${url}/api/trpc/statics.list`;
    const outcomes: Outcome[] = [];
    let answered = 0;
    let signalled = false;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // 16 clients, each sending its next request on its connection as soon as the last is answered,
    // until told to close, or refused (the server no longer accepts), or 400 requests.
    const loop = async () => {
      for (let i = 0; i < 400; i++) {
        const outcome = await get(agent, target);
        outcomes.push(outcome);
        if (outcome.status) answered++;
        if (answered >= 200 && !signalled) {
          signalled = true;
          child.kill("SIGTERM");
        }
        if (outcome.close || outcome.error) return;
      }
    };
    await Promise.all(Array.from({ length: 16 }, loop));
    const code = await exited;
    agent.destroy();

    expect(signalled).toBe(true);
    expect(code, output).toBe(0);
    const errors = outcomes.filter((o) => o.error).map((o) => o.error);
    // A client may find the listener gone (refused): that request was never accepted. None is cut.
    expect(errors.filter((e) => e !== "ECONNREFUSED")).toEqual([]);
    expect(outcomes.filter((o) => o.status !== undefined && o.status !== 200)).toEqual([]);
    // The requests answered during the stop said so.
    expect(outcomes.some((o) => o.close)).toBe(true);
    expect(output).toMatch(/"message":"stopped"/);
  }, 60_000);
});
