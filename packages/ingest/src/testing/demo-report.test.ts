// The demo-report command as people run it: a child process whose stdout is a pipe.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openReportFile } from "../file";
import { isPull } from "../normalize";

const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const SCRIPT = fileURLToPath(new URL("./demo-report.ts", import.meta.url));

function run(args: string[]): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", SCRIPT, ...args], { cwd: PACKAGE_DIR, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(stdout), stderr }));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "progboard-demo-report-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("pnpm demo-report", () => {
  it("writes a report file on stdout with the pulls and nights asked for", async () => {
    const { code, stdout, stderr } = await run(["--pulls", "5", "--nights", "2", "--seed", "4"]);
    expect(stderr).toContain("5 pulls over 2 nights");
    expect(code).toBe(0);

    const file = join(dir, "night.jsonl");
    await writeFile(file, stdout);
    const source = await openReportFile(file);
    expect(source.format).toBe("jsonl");
    const report = await source.fetchReport(source.code);
    const pulls = report.fights.filter(isPull);
    expect(pulls).toHaveLength(5);
    expect(pulls.filter((f) => f.kill)).toHaveLength(1);
    expect(source.pageCounts?.size).toBe(5);
    const nightBreaks = pulls.slice(1).filter((f, i) => f.startTime - (pulls[i]?.endTime ?? 0) > 12 * 3600_000);
    expect(nightBreaks).toHaveLength(1);
  });

  it("refuses a bad argument in words, with exit code 2 and nothing on stdout", async () => {
    const { code, stdout, stderr } = await run(["--pulls", "lots"]);
    expect(code).toBe(2);
    expect(stdout.length).toBe(0);
    expect(stderr).toContain('--pulls must be a whole number of at least 1, not "lots"');
    expect(stderr).toContain("--help");
  });
});
