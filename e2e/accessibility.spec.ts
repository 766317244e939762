import { expect, test } from "@playwright/test";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { DEMO_ACCOUNTS, OVERVIEW_HEADING, signInAs } from "./fixtures";

/**
 * axe (WCAG 2.1 A and AA) over the main pages as the Owner sees them, demo environments
 * connected: no serious or critical violation. Dialogs and the finding panel are checked
 * where their flows open them (recommendations.spec.ts).
 */

const PAGES = [
  { path: "/", heading: OVERVIEW_HEADING, ready: "Scan findings" },
  { path: "/inventory", heading: "Inventory" },
  { path: "/recommendations", heading: "Recommendations" },
  { path: "/recommendations/github-secret-scanning-findings", heading: "GitHub repositories should have secret scanning findings resolved", ready: "Affected resources" },
  { path: "/environments", heading: "Environment settings" },
  { path: "/environments/new", heading: "Add environment" },
] as const;

test("the overview, inventory, recommendations, a recommendation, environment settings and the wizard have no serious accessibility violations", async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.owner);
  for (const shot of PAGES) {
    await test.step(shot.path, async () => {
      await page.goto(shot.path);
      await expect(page.getByRole("heading", { level: 1, name: shot.heading, exact: true })).toBeVisible();
      if ("ready" in shot) await expect(page.getByRole("region", { name: shot.ready, exact: true })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });
  }
});
