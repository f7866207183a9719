// The web app against the real server: statics, the switcher and the members modal.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, landing, PASSWORD, RESULTS, shownStatic, signUp, startHarness } from "./harness";

describe("statics and members", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("creates and switches statics, and manages members from the modal", async () => {
    const { browser, baseURL } = harness;
    const alice = await browser.newContext({ baseURL, viewport: { width: 1100, height: 720 } });
    const page = await alice.newPage();
    page.setDefaultTimeout(20_000);
    const pageErrors: Error[] = [];
    page.on("pageerror", (error) => pageErrors.push(error));

    await page.goto("/");
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    await signUp(page, "alice");
    await landing(page).waitFor();

    // Someone without statics creates one first; after that, "+ static" adds more.
    await createStatic(page, "Savage");
    await expect.poll(() => shownStatic(page)).toBe("Savage");

    await page.getByRole("button", { name: "+ static" }).click();
    await page.getByLabel("New static name").fill("Ultimate");
    await page.locator("header").screenshot({ path: path.join(RESULTS, "header-new-static.png") });
    await page.getByLabel("New static name").press("Enter");
    await expect.poll(() => shownStatic(page)).toBe("Ultimate");
    await expect.poll(() => page.getByRole("main").textContent()).toContain("watched by Ultimate.");

    // Escape abandons an inline create without creating anything.
    await page.getByRole("button", { name: "+ static" }).click();
    await page.getByLabel("New static name").fill("Never mind");
    await page.getByLabel("New static name").press("Escape");
    await page.getByRole("button", { name: "+ static" }).waitFor();

    const switcher = page.getByLabel("Current static");
    await switcher.selectOption({ label: "Savage" });
    await expect.poll(() => shownStatic(page)).toBe("Savage");
    await expect.poll(() => page.getByRole("main").textContent()).toContain("watched by Savage.");
    await switcher.selectOption({ label: "Ultimate" });
    await expect.poll(() => shownStatic(page)).toBe("Ultimate");
    await switcher.selectOption({ label: "Savage" });
    await expect.poll(() => shownStatic(page)).toBe("Savage");
    expect(await switcher.locator("option").allTextContents()).toEqual(["Savage", "Ultimate"]);

    // A second tab starts on the stored default (the last choice) and switches on its own.
    const otherTab = await alice.newPage();
    await otherTab.goto("/");
    await expect.poll(() => shownStatic(otherTab)).toBe("Savage");
    await otherTab.getByLabel("Current static").selectOption({ label: "Ultimate" });
    await expect.poll(() => shownStatic(otherTab)).toBe("Ultimate");
    await otherTab.close();

    // The tab lives in the URL and the static is pinned to the browser tab: a reload keeps both.
    await page.getByRole("link", { name: "Roster" }).click();
    expect(new URL(page.url()).pathname).toBe("/roster");
    await page.reload();
    await expect.poll(() => shownStatic(page)).toBe("Savage");
    expect(await page.getByRole("link", { name: "Roster" }).getAttribute("aria-current")).toBe("page");

    await page.locator("header").screenshot({ path: path.join(RESULTS, "header.png") });

    // bob signs up in his own browser context, so he exists and can be added.
    const bobContext = await browser.newContext({ baseURL });
    const bobPage = await bobContext.newPage();
    bobPage.setDefaultTimeout(20_000);
    await signUp(bobPage, "bob");
    await landing(bobPage).waitFor();
    await bobPage.screenshot({ path: path.join(RESULTS, "first-static.png") });
    await bobContext.close();

    await page.getByRole("button", { name: "Members" }).click();
    const modal = page.getByRole("dialog", { name: "Members of Savage" });
    await modal.waitFor();
    const members = modal.getByRole("list", { name: "Members" });
    await expect.poll(() => members.getByRole("listitem").count()).toBe(1);

    await modal.getByLabel("Add by username").fill("nobody");
    await modal.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => modal.getByRole("alert").textContent()).toContain("No user named 'nobody'");

    await modal.getByLabel("Add by username").fill("bob");
    await modal.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => members.textContent()).toContain("@bob");
    expect(await members.getByRole("listitem").count()).toBe(2);
    expect(await page.getByRole("button", { name: "Members" }).textContent()).toContain("2");

    // Removing asks first.
    await modal.getByRole("button", { name: "Remove bob" }).click();
    await modal.getByRole("group", { name: "Remove bob from Savage?" }).waitFor();
    await modal.getByRole("button", { name: "Remove bob" }).click();
    await expect.poll(() => members.textContent()).not.toContain("@bob");

    // alice is the only member: leaving would delete Savage, so the modal says so and waits.
    await modal.getByRole("button", { name: "Leave", exact: true }).click();
    await expect.poll(() => modal.getByRole("group", { name: "Confirm leaving" }).textContent()).toContain("leaving deletes Savage");
    await modal.getByRole("button", { name: "Leave and delete Savage" }).waitFor();
    await page.screenshot({ path: path.join(RESULTS, "members-modal.png") });
    await modal.getByRole("button", { name: "Cancel", exact: true }).click();

    // Escape closes the modal; alice is still in Savage.
    await page.keyboard.press("Escape");
    await modal.waitFor({ state: "detached" });
    expect(await shownStatic(page)).toBe("Savage");

    // Leaving a static that keeps other members moves the tab to another of alice's statics.
    await switcher.selectOption({ label: "Ultimate" });
    await expect.poll(() => shownStatic(page)).toBe("Ultimate");
    await page.getByRole("button", { name: "Members" }).click();
    const ultimate = page.getByRole("dialog", { name: "Members of Ultimate" });
    await ultimate.getByLabel("Add by username").fill("bob");
    await ultimate.getByLabel("Add by username").press("Enter");
    await expect.poll(() => ultimate.textContent()).toContain("@bob");
    // The last owner cannot leave while bob remains: the server says what to do.
    await ultimate.getByRole("button", { name: "Leave", exact: true }).click();
    await ultimate.getByRole("button", { name: "Leave Ultimate" }).click();
    await expect.poll(() => ultimate.getByRole("alert").textContent()).toContain("Make someone else an owner first");
    await ultimate.getByRole("button", { name: "Make bob an owner" }).click();
    await expect.poll(() => ultimate.textContent()).toContain("bob is now an owner");
    await ultimate.getByRole("button", { name: "Leave", exact: true }).click();
    await ultimate.getByRole("button", { name: "Leave Ultimate" }).click();
    await ultimate.waitFor({ state: "detached" });
    await expect.poll(() => shownStatic(page)).toBe("Savage");
    expect(await switcher.locator("option").allTextContents()).toEqual(["Savage"]);

    // A tab pinned to a static alice no longer belongs to falls back instead of failing.
    await page.evaluate(() => sessionStorage.setItem("progboard.staticId", "99999"));
    await page.reload();
    await expect.poll(() => shownStatic(page)).toBe("Savage");

    // Sign out, then back in by username and by email.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    await page.getByLabel("Password", { exact: true }).fill("wrong password");
    await page.getByLabel("Username or email").fill("alice");
    await page.locator("form").getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/invalid/i);
    await page.screenshot({ path: path.join(RESULTS, "sign-in-error.png") });
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.locator("form").getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => shownStatic(page)).toBe("Savage");
    await page.screenshot({ path: path.join(RESULTS, "app.png") });

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Username or email").fill("alice@example.org");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.locator("form").getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => shownStatic(page)).toBe("Savage");

    expect(pageErrors).toEqual([]);
    await alice.close();
  });
});
