import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { connectSandboxOrganization, DEMO_ACCOUNTS, signInAs } from "./fixtures";

/**
 * The repository health page over an Azure DevOps organization that discovery read from
 * the sandbox (fabrikam-platform, in Contoso Development): from the inventory to one
 * repository, its header, statuses, findings, recommendations and history; Refresh for
 * those who may run discovery; the not-found page for ids nobody may see.
 */

const stamp = Date.now().toString(36).slice(-5);
const ENVIRONMENT = `health-ado-${stamp}`;
const REPOSITORY = "platform-core";
const SCREENSHOTS = path.join("test-results", "screenshots");

let connectorId: string;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ baseURL }) => {
  connectorId = await connectSandboxOrganization(baseURL, DEMO_ACCOUNTS.contributor, {
    provider: "AZURE_DEVOPS",
    organization: "fabrikam-platform",
    name: ENVIRONMENT,
    subscription: "Contoso Development",
    resourceGroup: "sandbox",
    scanners: ["eslint", "secrets"],
  });
});

const grid = (page: Page) => page.getByRole("table", { name: "Repositories" });

/** Opens the inventory filtered to this run's environment, once its first discovery is in. */
async function openInventory(page: Page) {
  await expect(async () => {
    await page.goto(`/inventory?connector=${connectorId}`);
    await expect(grid(page).getByRole("link", { name: REPOSITORY, exact: true })).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 45_000 });
}

const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });

test("a Security Admin opens a repository from the inventory, reads its health and refreshes it", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.admin);
  await openInventory(page);

  await test.step("the name in the grid opens the health page", async () => {
    await grid(page).getByRole("link", { name: REPOSITORY, exact: true }).click();
    await expect(page).toHaveURL(/\/inventory\/repositories\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1, name: REPOSITORY })).toBeVisible();
    await expect(page).toHaveTitle(new RegExp(`^${REPOSITORY}`));
    await expect(page.getByText(`Azure DevOps repository · fabrikam-platform/Platform Engineering/${REPOSITORY}`)).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Inventory" })).toBeVisible();
  });

  await test.step("the header links into the provider and names where it lives", async () => {
    const essentials = section(page, "Essentials");
    await expect(essentials.getByRole("link", { name: /^Open in Azure DevOps/ })).toHaveAttribute("href", new RegExp(`/azure-devops/fabrikam-platform/Platform(%20| )Engineering/_git/${REPOSITORY}$`));
    await expect(essentials.getByRole("link", { name: /^fabrikam-platform/ })).toHaveAttribute("href", /\/azure-devops\/fabrikam-platform$/);
    await expect(essentials.getByRole("link", { name: /^Platform Engineering/ })).toHaveAttribute("href", /\/azure-devops\/fabrikam-platform\/Platform%20Engineering$/);
    await expect(essentials.getByRole("link", { name: /^Open in Azure DevOps/ })).toHaveAttribute("target", "_blank");
    await expect(essentials.getByRole("link", { name: ENVIRONMENT })).toHaveAttribute("href", `/inventory?connector=${connectorId}`);
    await expect(essentials.getByRole("link", { name: "Contoso Development" })).toBeVisible();
    await expect(essentials.getByText("sandbox", { exact: true })).toBeVisible();
    await expect(essentials.getByText("main", { exact: true })).toBeVisible();
  });

  await test.step("status badges, findings, recommendations and history", async () => {
    const status = section(page, "Status");
    await expect(status.getByRole("listitem").filter({ hasText: "Advanced security" })).toContainText("On");
    await expect(status.getByRole("listitem").filter({ hasText: "Agentless scanning" })).toContainText("In scope");
    await expect(status.getByRole("listitem").filter({ hasText: "Visibility" })).toContainText("Private");
    await expect(status.getByRole("listitem").filter({ hasText: "Discovery" })).toContainText("Present");

    await expect(section(page, "Open findings")).toContainText("No open findings");
    await expect(section(page, "Open findings")).toContainText("Findings arrive from agentless scans and SARIF uploads.");

    const recommendations = page.getByRole("table", { name: "Recommendations" });
    // The header, four findings recommendations and three posture ones of Azure DevOps repositories.
    await expect(recommendations.getByRole("row")).toHaveCount(8);
    await expect(recommendations.getByRole("row", { name: /Azure DevOps repositories should have secret scanning findings resolved/ })).toContainText("High");
    await expect(recommendations.getByRole("row", { name: /should have code scanning findings resolved/ })).toContainText("Not applicable");

    // Discovery queued an agentless scan of it (whatever became of it since: the sandbox may or may not serve clones).
    await expect(section(page, "Scans").getByRole("row").filter({ hasText: "Agentless" }).filter({ hasText: "After discovery" }).first()).toBeVisible();
    await expect(section(page, "Findings")).toContainText("No open findings");
    const discoveries = page.getByRole("table", { name: `Discoveries of ${ENVIRONMENT}` });
    await expect(discoveries.getByRole("row").filter({ hasText: "Environment created" })).toContainText("Succeeded");
  });

  await test.step("screenshots at 1280 px and at a narrow width", async () => {
    await page.screenshot({ path: path.join(SCREENSHOTS, "repository-health.png"), fullPage: true });
    await page.setViewportSize({ width: 820, height: 900 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "repository-health-narrow.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await test.step("Refresh queues a discovery of its environment, which then shows in the history", async () => {
    await page.getByRole("button", { name: "Refresh" }).click();
    await expect(page.getByText(`Discovery of ${ENVIRONMENT} queued`)).toBeVisible();
    // The worker beside the server runs it; the page reloads its data while one is pending.
    const discoveries = page.getByRole("table", { name: `Discoveries of ${ENVIRONMENT}` });
    await expect(discoveries.getByRole("row").filter({ hasText: "Refresh" }).filter({ hasText: "Succeeded" })).toBeVisible({ timeout: 45_000 });
  });
});

test("a Security Reader reads the page but gets no Refresh", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.reader);
  await openInventory(page);
  await grid(page).getByRole("link", { name: REPOSITORY, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: REPOSITORY })).toBeVisible();
  await expect(section(page, "Status")).toBeVisible();
  await expect(page.getByRole("button", { name: "Refresh" })).toHaveCount(0);
});

test("an address nobody may see shows the not-found page: unknown, malformed, or outside the reader's scope", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.owner);
  await openInventory(page);
  await grid(page).getByRole("link", { name: REPOSITORY, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: REPOSITORY })).toBeVisible();
  const repositoryPath = new URL(page.url()).pathname;

  for (const address of ["/inventory/repositories/7d9a1c1e-3f55-4c0e-9a55-0d3c1b1f2a10", "/inventory/repositories/not-a-repository"]) {
    const response = await page.goto(address);
    expect(response?.status(), address).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Repository not found" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Inventory" })).toBeVisible();
  }

  // The environment lives in Contoso Development: a reader of Contoso Production is told the same.
  await page.context().clearCookies();
  await signInAs(page, DEMO_ACCOUNTS.prodReader);
  const response = await page.goto(repositoryPath);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Repository not found" })).toBeVisible();
  await expect(page.getByText(REPOSITORY)).toHaveCount(0);
});
