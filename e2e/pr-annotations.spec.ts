import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { connectSandboxControl, type SandboxControl } from "../sandbox/index";
import { apiAs, connectSandboxOrganization, DEMO_ACCOUNTS, signInAs } from "./fixtures";

/**
 * Configure PR annotations from the inventory: a Contributor connects an Azure DevOps
 * organization of the sandbox (one made for this run, so no other spec holds it),
 * selects repositories, turns annotations on, and sees them On in the grid with their
 * settings on hover; Azure DevOps (the sandbox) has what was saved. A Security Reader
 * gets no selection and no button.
 */

const stamp = Date.now().toString(36).slice(-5);
const ORG = `pr-annotations-${stamp}`;
const CONNECTOR = `ado-pr-${stamp}`;
const REPOSITORIES = ["payments-api", "payments-web", "payments-infra"];
const SCREENSHOTS = path.join("test-results", "screenshots");

let sandbox: SandboxControl;

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ baseURL }) => {
  // The sandbox demo mode runs: its Azure DevOps host says where.
  const api = await apiAs(baseURL, DEMO_ACCOUNTS.contributor);
  const { hosts } = (await (await api.get("/api/connector-hosts")).json()) as { hosts: { provider: string; isSandbox: boolean; webUrl: string }[] };
  await api.dispose();
  const ado = hosts.find((h) => h.provider === "AZURE_DEVOPS" && h.isSandbox);
  expect(ado, "demo mode offers the sandbox's Azure DevOps").toBeDefined();
  sandbox = connectSandboxControl(new URL(ado!.webUrl).origin);
  await sandbox.addOrganization("azure-devops", { name: ORG, repositories: REPOSITORIES });
  await connectSandboxOrganization(baseURL, DEMO_ACCOUNTS.contributor, { provider: "AZURE_DEVOPS", organization: ORG, name: CONNECTOR, subscription: "Contoso Development", resourceGroup: "sandbox" });
});

const grid = (page: Page) => page.getByRole("table", { name: "Repositories" });
const row = (page: Page, name: string) => grid(page).getByRole("row").filter({ has: page.getByRole("link", { name, exact: true }) });
const fullName = (name: string) => `${ORG}/${ORG}/${name}`;

/** The "Pull request annotation status" cell of a repository's row. */
async function prStatus(page: Page, name: string) {
  // (Hidden from the accessibility tree while a dialog is open or closing.)
  await expect(grid(page).getByRole("columnheader", { name: "Pull request annotation status" })).toBeVisible();
  const headers = await grid(page).getByRole("columnheader").allTextContents();
  const index = headers.findIndex((h) => h.includes("Pull request annotation status"));
  expect(index).toBeGreaterThan(0);
  return row(page, name).getByRole("cell").nth(index);
}

/** The inventory narrowed to this run's organization, once discovery has found its repositories. */
async function openInventory(page: Page) {
  await expect(async () => {
    await page.goto(`/inventory?q=${ORG}`);
    await expect(row(page, REPOSITORIES[2]!)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 45_000 });
}

test("a Contributor turns PR annotations on for selected repositories, and the grid shows them", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.contributor);
  await openInventory(page);
  const configure = page.getByRole("button", { name: /^Configure PR annotations/ });

  await test.step("nothing selected: the button explains why it is unavailable", async () => {
    for (const name of REPOSITORIES) await expect(await prStatus(page, name)).toHaveText("Off");
    await expect(configure).toHaveAttribute("aria-disabled", "true");
    await configure.focus();
    await expect(page.getByRole("tooltip")).toHaveText("Select Azure DevOps repositories in the grid first.");
  });

  await test.step("select with the header checkbox, then by keyboard", async () => {
    const all = grid(page).getByRole("checkbox", { name: "Select every Azure DevOps repository on this page" });
    await all.check();
    await expect(configure).toHaveText("Configure PR annotations (3)");
    await all.uncheck();
    await expect(configure).toHaveText("Configure PR annotations");
    await grid(page).getByRole("checkbox", { name: `Select ${fullName("payments-api")}` }).check();
    const second = grid(page).getByRole("checkbox", { name: `Select ${fullName("payments-infra")}` });
    await second.focus();
    await page.keyboard.press("Space");
    await expect(second).toBeChecked();
    await expect(all).toBeChecked({ indeterminate: true });
    await expect(configure).toHaveText("Configure PR annotations (2)");
    await expect(configure).not.toHaveAttribute("aria-disabled", "true");
  });

  const dialog = page.getByRole("dialog", { name: "Configure PR annotations" });
  await test.step("the dialog opens and closes from the keyboard, and gives the focus back", async () => {
    await configure.focus();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(configure).toBeFocused();
  });

  await test.step("the dialog proposes Secrets and IaC from Medium, and explains a missing category", async () => {
    await configure.click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText("in 2 repositories")).toBeVisible();
    await expect(dialog.getByRole("switch", { name: "Pull request annotations: On" })).toBeChecked();
    const category = dialog.getByRole("combobox", { name: "Category" });
    await expect(category).toHaveText("Secrets, Infrastructure as code");
    await expect(dialog.getByRole("combobox", { name: "Minimum severity" })).toHaveText("Medium");
    await page.screenshot({ path: path.join(SCREENSHOTS, "pr-annotations-dialog.png") });

    // Fluent's multiselect dropdown lists its choices as menu item checkboxes.
    await category.click();
    await page.getByRole("menuitemcheckbox", { name: "Secrets" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Infrastructure as code" }).click();
    await page.keyboard.press("Escape");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog.getByText("Choose at least one category to annotate")).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "pr-annotations-dialog-error.png") });
  });

  await test.step("Code and Secrets from High, saved", async () => {
    await dialog.getByRole("combobox", { name: "Category" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Code", exact: true }).click();
    await page.getByRole("menuitemcheckbox", { name: "Secrets" }).click();
    await page.keyboard.press("Escape");
    await expect(dialog.getByText("Choose at least one category to annotate")).toBeHidden();
    await dialog.getByRole("combobox", { name: "Minimum severity" }).click();
    await page.getByRole("option", { name: "High" }).click();
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Pull request annotations turned on for 2 repositories.")).toBeVisible();
  });

  await test.step("the grid shows them On, with their settings on hover; the third stays Off", async () => {
    await expect(await prStatus(page, "payments-api")).toHaveText("On");
    await expect(await prStatus(page, "payments-infra")).toHaveText("On");
    await expect(await prStatus(page, "payments-web")).toHaveText("Off");
    await expect(configure).toHaveText("Configure PR annotations");
    await (await prStatus(page, "payments-api")).getByText("On", { exact: true }).hover();
    await expect(page.getByRole("tooltip")).toHaveText("Annotates Code, Secrets · High and above");
    await page.screenshot({ path: path.join(SCREENSHOTS, "pr-annotations-grid.png") });
    // Filtering by the status finds exactly them.
    await page.goto(`/inventory?q=${ORG}&prAnnotations=ON`);
    await expect(grid(page).getByRole("row").filter({ has: page.getByRole("link") })).toHaveCount(2);
  });

  await test.step("Azure DevOps has the settings, written as the connector's identity", async () => {
    const { documents } = await sandbox.pullRequestAnnotations(ORG);
    expect(documents.map((d) => [d.repository.name, d.document.enabled, d.document.categories, d.document.minimumSeverity]).sort()).toEqual([
      ["payments-api", true, ["CODE", "SECRETS"], "HIGH"],
      ["payments-infra", true, ["CODE", "SECRETS"], "HIGH"],
    ]);
  });
});

test("a Security Reader sees the status but cannot select or configure", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.reader);
  await openInventory(page);
  await expect(await prStatus(page, "payments-api")).toHaveText("On");
  await expect(grid(page).getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Configure PR annotations/ })).toHaveCount(0);
});
