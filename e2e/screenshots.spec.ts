import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS, OVERVIEW_HEADING, signInAs } from "./fixtures";

/**
 * Full-page screenshots of the main pages, for a person to look at
 * (test-results/screenshots/, not committed). Only each page's heading is asserted;
 * the pictures are the point.
 */

const SCREENSHOTS = path.join("test-results", "screenshots");

const PAGES = [
  { file: "overview", path: "/", heading: OVERVIEW_HEADING },
  { file: "inventory", path: "/inventory", heading: "Inventory" },
  { file: "recommendations", path: "/recommendations", heading: "Recommendations" },
  { file: "recommendation-secret-scanning", path: "/recommendations/github-secret-scanning-findings", heading: "GitHub repositories should have secret scanning findings resolved" },
  { file: "environments", path: "/environments", heading: "Environment settings" },
  { file: "environments-new", path: "/environments/new", heading: "Add environment" },
  { file: "settings-users", path: "/settings/users", heading: "Users and roles" },
  { file: "settings-subscriptions", path: "/settings/subscriptions", heading: "Subscriptions" },
  { file: "settings-api-tokens-owner", path: "/settings/api-tokens", heading: "API tokens" },
  { file: "settings-audit-log", path: "/settings/audit-log", heading: "Audit log" },
  { file: "settings-scans", path: "/settings/scans", heading: "Scans" },
  { file: "settings-jobs", path: "/settings/jobs", heading: "Jobs" },
] as const;

test("screenshots of the console as the Owner", async ({ page }) => {
  // A dozen full pages while the demo's agentless scans run in the background.
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });

  await test.step("sign-in", async () => {
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
    await expect(page.getByRole("region", { name: "Demo accounts" })).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "sign-in.png"), fullPage: true });
  });

  await signInAs(page, DEMO_ACCOUNTS.owner);

  for (const shot of PAGES) {
    await test.step(shot.file, async () => {
      await page.goto(shot.path);
      await expect(page.getByRole("heading", { level: 1, name: shot.heading, exact: true })).toBeVisible();
      await page.screenshot({ path: path.join(SCREENSHOTS, `${shot.file}.png`), fullPage: true });
    });
  }
});
