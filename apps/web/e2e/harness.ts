// Shared by the browser tests: the real server in-process (embedded database, built SPA from
// dist/) on a free port, and Debian's Chromium driven by playwright-core.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migratedDataDir } from "@progboard/db/testing";
import { startServer } from "@progboard/server";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";

export const RESULTS = fileURLToPath(new URL("../test-results/", import.meta.url));
export const PASSWORD = "correct horse battery staple";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface Harness {
  baseURL: string;
  browser: Browser;
  close: () => Promise<void>;
}

/**
 * `authHost`: the host BETTER_AUTH_URL names (the browser always opens 127.0.0.1); `env`: more
 * server settings (FFLogs, say); `demo`: seed the demo static (and wait for it) before the browser starts.
 */
export async function startHarness(options: { authHost?: string; env?: Record<string, string>; demo?: boolean } = {}): Promise<Harness> {
  const env = options.env ?? {};
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dataDir = await mkdtemp(path.join(tmpdir(), "progboard-e2e-"));
  // Already migrated (from the tests' template): what the server does at start is then what any
  // later start does; migrating an empty folder costs seconds of CPU per file.
  await migratedDataDir(dataDir);
  await mkdir(RESULTS, { recursive: true });
  const server = await startServer({
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      BETTER_AUTH_URL: `http://${options.authHost ?? "127.0.0.1"}:${port}`,
      BETTER_AUTH_SECRET: "e2e-secret-e2e-secret-e2e-secret-e2e",
      SIGNUP: "open",
      NODE_ENV: "test",
      DEMO: options.demo ? "true" : "false",
      ...env,
    },
  });
  await server.demoReady;
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    baseURL,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function signUp(page: Page, username: string): Promise<void> {
  await page.goto("/");
  await page.getByRole("group", { name: "Account" }).getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Username", { exact: true }).fill(username);
  await page.getByLabel("Email", { exact: true }).fill(`${username}@example.org`);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.locator("form").getByRole("button", { name: "Create account" }).click();
}

/** The signed-in landing: the first-static screen for someone without statics, else the header. */
export function landing(page: Page): Locator {
  return page.getByRole("heading", { name: "Create your first static" }).or(page.getByLabel("Current static"));
}

export function shownStatic(page: Page): Promise<string | undefined> {
  return page.getByLabel("Current static").evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent ?? undefined);
}

/** Creates a static from wherever the user is: the first-static screen, or "+ static" in the header. */
export async function createStatic(page: Page, name: string): Promise<void> {
  const firstStatic = page.getByRole("heading", { name: "Create your first static" });
  if (await firstStatic.isVisible()) {
    await page.getByLabel("Static name").fill(name);
    await page.getByRole("button", { name: "Create static" }).click();
  } else {
    await page.getByRole("button", { name: "+ static" }).click();
    await page.getByLabel("New static name").fill(name);
    await page.getByLabel("New static name").press("Enter");
  }
}

/**
 * Imports one report file in the Reports tab under `label` and waits until it is Done with its
 * `pulls` pulls (the summary shows them as soon as the fights are in; "Done" once every event is).
 */
export async function importReportFile(page: Page, file: string, label: string, pulls: number): Promise<void> {
  await page.getByRole("link", { name: "Reports", exact: true }).click();
  await page.getByLabel("Report files (.json or .jsonl, several at once)").setInputFiles(file);
  await page.getByLabel("Label for the import (optional)").fill(label);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const row = page.getByRole("table", { name: "Watched reports" }).getByRole("row", { name: new RegExp(label) });
  await expect.poll(() => row.textContent(), { timeout: 60_000 }).toContain("Done");
  expect(await row.textContent()).toContain(`${pulls} pulls`);
}

/**
 * How the page overflows sideways at its current viewport: whether the document fits its width
 * (scrollWidth <= clientWidth), and the outermost elements that reach past the edge outside any
 * box that scrolls or clips, to say what overflows.
 */
export function sidewaysOverflow(page: Page): Promise<{ fits: boolean; wide: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5)
      .filter((el) => {
        // Inside a box that scrolls or clips, it widens nothing.
        for (let up = el.parentElement; up; up = up.parentElement) if (getComputedStyle(up).overflowX !== "visible") return false;
        return true;
      })
      .filter((el) => !el.parentElement || el.parentElement.getBoundingClientRect().right <= width + 0.5)
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ${Math.round(el.getBoundingClientRect().right)}px`);
    return { fits: document.documentElement.scrollWidth <= width, wide };
  });
}
