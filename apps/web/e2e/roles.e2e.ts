// Roles, the Activity page and templates in the browser (issue 14): an owner sees the owner
// controls, a member does not; the Activity page lists what happened; a published template shows
// in the Strats tab. Screenshots at desktop and phone (390 px) widths.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStatic, type Harness, landing, RESULTS, shownStatic, signUp, startHarness } from "./harness";

describe("roles, activity and templates", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  it("shows owners their controls, members only theirs, and the static's activity", async () => {
    const { browser, baseURL } = harness;
    const ownerContext = await browser.newContext({ baseURL, viewport: { width: 1100, height: 760 } });
    const owner = await ownerContext.newPage();
    owner.setDefaultTimeout(20_000);
    const pageErrors: Error[] = [];
    owner.on("pageerror", (error) => pageErrors.push(error));

    // The first account is the instance admin: it has the Admin tab.
    await signUp(owner, "olga");
    await landing(owner).waitFor();
    await createStatic(owner, "Raid Owners");
    await expect.poll(() => shownStatic(owner)).toBe("Raid Owners");
    await owner.getByRole("link", { name: "Admin" }).waitFor();

    const memberContext = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 } });
    const member = await memberContext.newPage();
    member.setDefaultTimeout(20_000);
    await signUp(member, "milo");
    await landing(member).waitFor();
    expect(await member.getByRole("link", { name: "Admin" }).count()).toBe(0);

    await owner.getByRole("button", { name: "Members" }).click();
    const modal = owner.getByRole("dialog", { name: "Members of Raid Owners" });
    await modal.getByLabel("Add by username").fill("milo");
    await modal.getByRole("button", { name: "Add", exact: true }).click();
    await expect.poll(() => modal.textContent()).toContain("@milo");
    await modal.getByLabel("Rename the static").fill("Raid Owners United");
    await modal.getByRole("button", { name: "Rename", exact: true }).click();
    await expect.poll(() => shownStatic(owner)).toBe("Raid Owners United");
    await modal.getByRole("button", { name: "Make milo an owner" }).waitFor();
    await modal.getByRole("button", { name: "Remove milo" }).waitFor();
    await modal.getByRole("button", { name: "Delete static" }).waitFor();
    await owner.screenshot({ path: path.join(RESULTS, "roles-owner-modal.png") });
    await owner.keyboard.press("Escape");

    // milo, a member: roles shown, no owner controls.
    await member.reload();
    await member.getByLabel("Current static").selectOption({ label: "Raid Owners United" });
    await expect.poll(() => shownStatic(member)).toBe("Raid Owners United");
    await member.getByRole("button", { name: "Members" }).click();
    const memberModal = member.getByRole("dialog", { name: "Members of Raid Owners United" });
    await expect.poll(() => memberModal.textContent()).toContain("owner");
    expect(await memberModal.getByRole("button", { name: /^Remove / }).count()).toBe(0);
    expect(await memberModal.getByRole("button", { name: /^Make / }).count()).toBe(0);
    expect(await memberModal.getByRole("button", { name: "Delete static" }).count()).toBe(0);
    expect(await memberModal.textContent()).toContain("Owners of Raid Owners United rename it");
    await member.screenshot({ path: path.join(RESULTS, "roles-member-modal-phone.png") });
    await member.keyboard.press("Escape");

    // The Sharing tab: a member sees the handle (to pass on), none of the owners' buttons.
    await owner.getByRole("link", { name: "Sharing", exact: true }).click();
    await owner.getByRole("button", { name: "Rotate the share handle" }).waitFor();
    await owner.getByRole("button", { name: "Give read-only access" }).waitFor();
    await member.getByRole("link", { name: "Sharing", exact: true }).click();
    await member.getByLabel("Share handle value").waitFor();
    await member.getByText("Owners of Raid Owners United give and revoke access, and rotate the handle.").waitFor();
    expect(await member.getByRole("button", { name: /Rotate|Give read-only access|Revoke/ }).count()).toBe(0);
    await member.screenshot({ path: path.join(RESULTS, "roles-member-sharing-phone.png"), fullPage: true });

    // The Activity page: newest first, in words.
    await owner.getByRole("link", { name: "Activity" }).click();
    const activity = owner.getByRole("table", { name: "Activity" });
    await expect.poll(() => activity.locator("tbody tr").count()).toBe(3);
    const rows = await activity.locator("tbody tr").allTextContents();
    expect(rows[0]).toContain('renamed the static from "Raid Owners" to "Raid Owners United"');
    expect(rows[1]).toContain("added milo");
    expect(rows[2]).toContain('created the static "Raid Owners"');
    await owner.screenshot({ path: path.join(RESULTS, "activity.png") });
    await member.getByRole("link", { name: "Activity" }).click();
    await expect.poll(() => member.getByRole("table", { name: "Activity" }).locator("tbody tr").count()).toBe(3);
    await member.screenshot({ path: path.join(RESULTS, "activity-phone.png"), fullPage: true });

    // Templates in the Strats tab: publish this static's strats; the admin page lists it.
    await owner.getByRole("link", { name: "Strats" }).click();
    await owner.getByLabel("Encounter id").fill("1077");
    await owner.getByRole("button", { name: "Open", exact: true }).click();
    await owner.locator("#strat-mechanic").fill("Tower soak");
    await owner.locator("#strat-role").selectOption("tank");
    await owner.locator("#strat-mechanic").press("Enter");
    await expect.poll(() => owner.getByRole("main").textContent()).toContain("Tower soak");
    await owner.getByLabel("Template name").fill("Owner towers");
    await owner.getByRole("button", { name: "Publish", exact: true }).click();
    await expect.poll(() => owner.getByRole("list", { name: "Templates" }).textContent()).toContain("Owner towers");
    await owner.screenshot({ path: path.join(RESULTS, "templates.png"), fullPage: true });
    await owner.getByRole("link", { name: "Admin" }).click();
    await owner.getByRole("button", { name: "Promote Owner towers" }).click();
    await owner.getByRole("button", { name: "Withdraw Owner towers" }).waitFor();
    await owner.screenshot({ path: path.join(RESULTS, "admin.png") });

    expect(pageErrors).toEqual([]);
    await ownerContext.close();
    await memberContext.close();
  }, 180_000);
});
