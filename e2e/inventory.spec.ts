import { expect, test, type Page } from "@playwright/test";
import { connectSandboxOrganization, DEMO_ACCOUNTS, signInAs } from "./fixtures";

/**
 * The inventory grid over repositories that discovery found in the sandbox: a GitHub
 * organization in Contoso Production and a GitLab group in Contoso Development.
 * Everything the grid does happens on the server and lives in the URL.
 */

const stamp = Date.now().toString(36).slice(-5);
const PROD = `inv-gh-${stamp}`;
const DEV = `inv-gl-${stamp}`;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ baseURL }) => {
  await connectSandboxOrganization(baseURL, DEMO_ACCOUNTS.contributor, { provider: "GITHUB", organization: "fabrikam-platform", name: PROD, subscription: "Contoso Production", resourceGroup: "payments" });
  await connectSandboxOrganization(baseURL, DEMO_ACCOUNTS.contributor, { provider: "GITLAB", organization: "fabrikam-platform", name: DEV, subscription: "Contoso Development", resourceGroup: "sandbox" });
});

const grid = (page: Page) => page.getByRole("table", { name: "Repositories" });
const rows = (page: Page) => grid(page).getByRole("row").filter({ has: page.getByRole("link") });

/** Opens the inventory filtered to this run's connectors, once their first discovery is in. */
async function openInventory(page: Page, extra = "") {
  await expect(async () => {
    await page.goto(`/inventory?q=fabrikam-platform${extra}`);
    await expect(rows(page).first()).toBeVisible({ timeout: 1000 });
    await expect(grid(page).getByText(DEV).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 45_000 });
}

test("the Owner sorts, searches, filters and pages, and the URL keeps the view", async ({ page }) => {
  test.slow();
  await signInAs(page, DEMO_ACCOUNTS.owner);
  await openInventory(page);
  await expect(page.getByRole("heading", { level: 1, name: "Inventory" })).toBeVisible();

  await test.step("sort by name, descending, from the header", async () => {
    await grid(page).getByRole("button", { name: "Name" }).click();
    await expect(page).toHaveURL(/sort=name/);
    const header = grid(page).getByRole("columnheader", { name: "Name" });
    const first = await header.getAttribute("aria-sort");
    await grid(page).getByRole("button", { name: "Name" }).click();
    await expect(header).not.toHaveAttribute("aria-sort", first ?? "none");
    await expect(page).toHaveURL(/dir=(desc|asc)/);
  });

  await test.step("filter to Partially enabled: every row says which features are off", async () => {
    await page.getByRole("combobox", { name: "Advanced security status" }).click();
    // Fluent's multiselect dropdown lists its choices as menu item checkboxes.
    await page.getByRole("menuitemcheckbox", { name: "Partially enabled" }).click();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/advancedSecurity=PARTIAL/);
    await expect(rows(page).first()).toBeVisible();
    for (const row of await rows(page).all()) await expect(row).toContainText(/Off: /);
  });

  await test.step("reload and back keep the view", async () => {
    const filtered = page.url();
    await page.reload();
    await expect(page).toHaveURL(filtered);
    await expect(rows(page).first()).toContainText(/Off: /);
    await page.goBack();
    await expect(page).not.toHaveURL(/advancedSecurity=PARTIAL/);
  });

  await test.step("search narrows to one repository", async () => {
    await page.goto("/inventory?q=fabrikam-platform");
    await page.getByRole("searchbox", { name: "Search repositories" }).or(page.getByRole("textbox", { name: "Search repositories" })).fill("observability-dashboards");
    await expect(page).toHaveURL(/q=observability-dashboards/);
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText("observability-dashboards");
  });

  await test.step("pages of 10 with Next and Previous", async () => {
    await page.goto("/inventory?q=fabrikam-platform&limit=10&sort=name");
    await expect(rows(page)).toHaveCount(10);
    const firstName = await rows(page).first().getByRole("link").first().textContent();
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page).toHaveURL(/cursor=/);
    await expect(rows(page).first().getByRole("link").first()).not.toHaveText(firstName ?? "");
    await page.getByRole("button", { name: "Previous page" }).click();
    await expect(rows(page).first().getByRole("link").first()).toHaveText(firstName ?? "");
  });

  await test.step("Export CSV downloads the filtered view", async () => {
    await page.goto("/inventory?q=fabrikam-platform&provider=GITLAB");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
    const text = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
    const lines = text.replace(/^\uFEFF/, "").trim().split("\n");
    expect(lines[0]).toMatch(/^Name,Full name,DevOps environment/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes(",GitLab,"))).toBe(true);
  });
});

test("a reader scoped to Contoso Production sees only its repositories", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.prodReader);
  await expect(async () => {
    await page.goto("/inventory?q=fabrikam-platform");
    await expect(rows(page).first()).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 45_000 });
  await expect(grid(page).getByText(PROD).first()).toBeVisible();
  await expect(grid(page).getByText(DEV)).toHaveCount(0);
});

test("the grouped view opens GitLab groups level by level, with counts rolled up", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.owner);
  await openInventory(page, `&provider=GITLAB`);
  await page.getByRole("button", { name: "Grouped" }).click();
  await expect(page).toHaveURL(/view=grouped/);
  const tree = page.getByRole("treegrid", { name: "Repositories by organization" });
  // This run's GitLab group (other tests may have connected the same group under other names).
  const group = tree.getByRole("row").filter({ hasText: DEV }).filter({ hasText: "fabrikam-platform" });
  await expect(group).toHaveCount(1);
  await expect(group).toContainText("Group");
  await expect(group).toContainText("N/A");
  const total = Number((await group.getByRole("gridcell").nth(2).textContent())?.replace(/,/g, ""));
  expect(total).toBeGreaterThan(2);

  await group.getByRole("button", { name: "Expand Group fabrikam-platform" }).click();
  await expect(group).toHaveAttribute("aria-expanded", "true");
  const infrastructure = tree.getByRole("row").filter({ has: page.getByRole("button", { name: "Expand Subgroup infrastructure" }) });
  await expect(infrastructure).toHaveCount(1);
  await expect(infrastructure).toHaveAttribute("aria-level", "2");
  // Repositories directly in the group are links to their health pages, one level down.
  const direct = tree.locator('tr[data-kind="repository"][aria-level="2"]');
  await expect(direct.first()).toBeVisible();
  const inner = Number((await infrastructure.getByRole("gridcell").nth(2).textContent())?.replace(/,/g, ""));
  expect(inner + (await direct.count())).toBe(total);

  await infrastructure.getByRole("button", { name: "Expand Subgroup infrastructure" }).click();
  const networking = tree.getByRole("row").filter({ has: page.getByRole("button", { name: "Expand Subgroup networking" }) });
  await expect(networking).toHaveAttribute("aria-level", "3");
  await networking.getByRole("button", { name: "Expand Subgroup networking" }).click();
  await expect(tree.locator('tr[data-kind="repository"][aria-level="4"]').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("grouped.png"), fullPage: true });

  // Collapsing hides what was below; the view is in the URL, so a reload keeps it (closed).
  await group.getByRole("button", { name: "Collapse Group fabrikam-platform" }).click();
  await expect(tree.locator('tr[aria-level="2"]')).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("treegrid", { name: "Repositories by organization" })).toBeVisible();
});
