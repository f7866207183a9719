// The API keys page (issue 17): opened from the user menu; a key is created, shown once with a
// copy button, works as a bearer token, is listed by its prefix, and stops working once revoked.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, landing, RESULTS, signUp, startHarness } from "./harness";

describe("API keys page", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it.each([
    ["desktop", { width: 1100, height: 760 }],
    ["phone", { width: 390, height: 844 }],
  ] as const)(
    "creates, shows once, lists and revokes a key (%s)",
    async (device, viewport) => {
      const { browser, baseURL } = harness;
      const context = await browser.newContext({ baseURL, viewport });
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const pageErrors: Error[] = [];
      page.on("pageerror", (error) => pageErrors.push(error));

      await signUp(page, `keys${device}`);
      await landing(page).waitFor();
      await createStatic(page, "Savage");
      await page.getByLabel("Current static").waitFor();

      await page.getByLabel(`keys${device}: account menu`).click();
      await page.screenshot({ path: path.join(RESULTS, `api-keys-menu-${device}.png`) });
      await page.getByRole("button", { name: "API keys" }).click();
      await page.getByRole("heading", { name: "API keys" }).waitFor();

      await page.getByLabel("Name", { exact: true }).fill("Discord bot");
      await page.getByLabel("Static", { exact: true }).selectOption({ label: "Only Savage" });
      await page.getByLabel("Read-only").check();
      await page.getByRole("button", { name: "Create key" }).click();
      const shown = page.locator(".key-once .key-value");
      await shown.waitFor();
      const key = (await shown.textContent()) ?? "";
      expect(key).toMatch(/^pb_[A-Za-z0-9_-]{43}$/);
      await page.getByRole("button", { name: "Copy" }).click();
      await page.getByRole("button", { name: "Copied" }).waitFor();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
      const row = page.getByRole("row", { name: /Discord bot/ });
      await expect.poll(() => row.textContent()).toContain(`${key.slice(0, 11)}…`);
      expect(await row.textContent()).toContain("Read-only");
      expect(await row.textContent()).toContain("Savage");
      await page.screenshot({ path: path.join(RESULTS, `api-keys-created-${device}.png`), fullPage: true });
      // Nothing pushes the page sideways: a wide table scrolls in its own box.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);

      // The key works as a bearer token, for its static, read-only.
      const me = await fetch(`${baseURL}/api/trpc/me.get`, { headers: { authorization: `Bearer ${key}` } });
      expect(((await me.json()) as { result: { data: { apiKey: unknown } } }).result.data.apiKey).toMatchObject({ readOnly: true });

      // Shown once: gone after Done, and the list never has it.
      await page.getByRole("button", { name: "Done" }).click();
      expect(await page.getByRole("main").textContent()).not.toContain(key);

      await row.getByRole("button", { name: "Revoke Discord bot" }).click();
      await page.getByRole("button", { name: "Revoke", exact: true }).click();
      await expect.poll(() => row.textContent()).toContain("Revoked");
      const refused = await fetch(`${baseURL}/api/trpc/me.get`, { headers: { authorization: `Bearer ${key}` } });
      expect(refused.status).toBe(401);
      await page.screenshot({ path: path.join(RESULTS, `api-keys-revoked-${device}.png`), fullPage: true });

      await page.getByRole("button", { name: "← Back to the static" }).click();
      await page.getByRole("heading", { name: "API keys" }).waitFor({ state: "detached" });
      expect(pageErrors).toEqual([]);
      await context.close();
    },
    120_000,
  );
});
