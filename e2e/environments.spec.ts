import { expect, test, type Page } from "@playwright/test";
import { apiAs, DEMO_ACCOUNTS, expectProblem, signInAs } from "./fixtures";

/**
 * The add-environment wizard against the SCM sandbox that demo mode starts: a
 * Contributor connects GitHub, Azure DevOps and GitLab, sees them Connected, edits one
 * and deletes one. Names carry a stamp so that runs never collide.
 */

const stamp = Date.now().toString(36).slice(-5);

const PROVIDERS = [
  { provider: "GitHub", name: `gh-${stamp}`, orgNoun: "organizations", orgStep: "Organizations" },
  { provider: "Azure DevOps", name: `ado-${stamp}`, orgNoun: "organizations", orgStep: "Organizations" },
  { provider: "GitLab", name: `gl-${stamp}`, orgNoun: "groups", orgStep: "Groups" },
] as const;

async function next(page: Page, step: string) {
  await page.getByRole("button", { name: `Next: ${step}` }).click();
  await expect(page.getByRole("heading", { name: step, exact: true })).toBeVisible();
}

test.describe.configure({ mode: "serial" });

for (const p of PROVIDERS) {
  test(`a Contributor connects ${p.provider} through the wizard`, async ({ page }) => {
    test.slow();
    await signInAs(page, DEMO_ACCOUNTS.contributor);
    await page.goto("/environments/new");
    await expect(page.getByRole("heading", { level: 1, name: "Add environment" })).toBeVisible();

    await test.step("Connector details: a bad name is explained, then accepted", async () => {
      await page.getByRole("radio", { name: p.provider, exact: true }).check();
      await page.getByRole("textbox", { name: "Name" }).fill("bad name!");
      await page.getByRole("button", { name: "Next: Configure access" }).click();
      await expect(page.getByText("may contain letters, digits and hyphens only", { exact: false }).first()).toBeVisible();
      await page.getByRole("textbox", { name: "Name" }).fill(p.name);
      await page.getByRole("combobox", { name: "Subscription" }).click();
      await page.getByRole("option", { name: "Contoso Development" }).click();
      await page.getByRole("combobox", { name: "Resource group" }).click();
      await page.getByRole("option", { name: "sandbox" }).click();
      await page.getByRole("combobox", { name: "Region" }).click();
      await page.getByRole("option", { name: "West Europe" }).click();
      await next(page, "Configure access");
    });

    await test.step("Configure access: Next waits for authorization; cancelled consent is explained", async () => {
      await expect(page.getByRole("button", { name: `Next: ${p.orgStep}` })).toBeDisabled();
      await page.getByRole("button", { name: "Authorize" }).click();
      await page.getByRole("button", { name: "Cancel" }).click();
      await expect(page.getByText(`Authorization was cancelled on ${p.provider}. Select Authorize to try again.`)).toBeVisible();
      await expect(page.getByRole("button", { name: `Next: ${p.orgStep}` })).toBeDisabled();
      // The draft survived the trip to the provider: step 1's values are still there.
      await page.getByRole("button", { name: "Previous" }).click();
      await expect(page.getByRole("textbox", { name: "Name" })).toHaveValue(p.name);
      await next(page, "Configure access");
    });

    await test.step("Configure access: consent accepted on the provider's page", async () => {
      await page.getByRole("button", { name: "Authorize" }).click();
      await expect(page.getByRole("button", { name: "Accept" })).toBeVisible();
      await page.getByRole("button", { name: "Accept" }).click();
      await expect(page.getByRole("heading", { name: "Configure access", exact: true })).toBeVisible();
      await expect(page.getByText(/Operations run as/)).toBeVisible();
      await next(page, p.orgStep);
    });

    await test.step(`${p.orgStep}: choose some, an unavailable one is disabled with its reason`, async () => {
      await page.getByRole("radio", { name: `Selected ${p.orgNoun}` }).check();
      await page.getByRole("button", { name: "Next: Agentless code scanning" }).click();
      await expect(page.getByText(/Select at least one/).first()).toBeVisible();
      const boxes = page.getByRole("checkbox");
      await expect(boxes.first()).toBeVisible();
      await expect(page.locator("input[type=checkbox]:disabled").first()).toBeVisible();
      await page.locator("input[type=checkbox]:not(:disabled)").first().check();
      await next(page, "Agentless code scanning");
    });

    await test.step("Agentless code scanning: inclusion mode turns autodiscovery off and needs a list", async () => {
      await expect(page.getByRole("radiogroup", { name: "Scan every" }).getByRole("radio", { name: "1 day (daily)" })).toBeChecked();
      const autodiscovery = page.getByRole("switch", { name: "Auto-discover new repositories" });
      await expect(autodiscovery).toBeChecked();
      await page.getByRole("radio", { name: "Inclusion mode" }).check();
      await expect(autodiscovery).toBeDisabled();
      await expect(autodiscovery).not.toBeChecked();
      await page.getByRole("button", { name: "Next: Review and generate" }).click();
      await expect(page.getByText(/List at least one entry/).first()).toBeVisible();
      await page.getByRole("textbox", { name: "Scope entry" }).fill("a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/u/v");
      await page.getByRole("button", { name: "Add entry" }).click();
      await expect(page.getByText(/too many parts|nested too deep/).first()).toBeVisible();
      await page.getByRole("textbox", { name: "Scope entry" }).fill("contoso");
      await page.getByRole("button", { name: "Add entry" }).click();
      await page.getByRole("radio", { name: "Exclusion mode" }).check();
      await next(page, "Review and generate");
    });

    await test.step("Review and generate: Create lists it as Connected", async () => {
      await expect(page.getByText(p.name).first()).toBeVisible();
      await page.getByRole("button", { name: "Create", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Environment settings" })).toBeVisible();
      const row = page.getByRole("table", { name: "Connectors" }).getByRole("row").filter({ hasText: p.name });
      await expect(row.getByText("Connected")).toBeVisible();
    });
  });
}

test("the first discovery runs by itself; Refresh queues another; Settings → Jobs shows them", async ({ page }) => {
  test.slow();
  await signInAs(page, DEMO_ACCOUNTS.contributor);
  await page.goto("/environments");
  const row = page.getByRole("table", { name: "Connectors" }).getByRole("row").filter({ hasText: PROVIDERS[1].name });
  // The worker inside npm start picks up the discovery queued at creation.
  await expect(async () => {
    await page.reload();
    await expect(row.getByText(/^\d+ repositories$/)).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 30_000 });

  await row.getByRole("button", { name: `Refresh ${PROVIDERS[1].name}: discover its repositories now` }).click();
  await expect(page.getByText(`Discovery of ${PROVIDERS[1].name} queued`)).toBeVisible();

  await page.goto("/settings/jobs");
  await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toBeVisible();
  const jobs = page.getByRole("table", { name: "Jobs" });
  await expect(jobs.getByRole("row").filter({ hasText: PROVIDERS[1].name }).filter({ hasText: "Completed" }).first()).toContainText(/\d+ added/);
});

test("the Contributor edits one connector's scanning, then deletes another", async ({ page, baseURL }) => {
  await signInAs(page, DEMO_ACCOUNTS.contributor);
  await page.goto("/environments");
  await page.getByRole("button", { name: `Edit settings of ${PROVIDERS[0].name}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Edit ${PROVIDERS[0].name}` })).toBeVisible();
  await page.getByRole("button", { name: /Agentless code scanning/ }).first().click();
  await page.getByRole("switch", { name: "Bandit" }).click();
  await page.getByRole("button", { name: /Review and generate/ }).first().click();
  await page.getByRole("button", { name: "Update", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Environment settings" })).toBeVisible();
  const api = await apiAs(baseURL, DEMO_ACCOUNTS.contributor);
  try {
    const { connectors } = (await (await api.get("/api/connectors")).json()) as { connectors: { name: string; scanning: { scanners: string[] } }[] };
    const edited = connectors.find((c) => c.name === PROVIDERS[0].name)!;
    expect(edited.scanning.scanners).not.toContain("bandit");
    expect(edited.scanning.scanners).toContain("eslint");
  } finally {
    await api.dispose();
  }

  await page.getByRole("button", { name: `Delete ${PROVIDERS[2].name}` }).click();
  const dialog = page.getByRole("alertdialog", { name: "Delete connector" });
  await expect(dialog).toContainText(PROVIDERS[2].name);
  await dialog.getByRole("button", { name: "Delete connector" }).click();
  await expect(page.getByRole("table", { name: "Connectors" }).getByText(PROVIDERS[2].name, { exact: true })).toHaveCount(0);
});

test("a Security Admin may change only the scanning settings", async ({ page, baseURL }) => {
  await signInAs(page, DEMO_ACCOUNTS.admin);
  await page.goto("/environments");
  await expect(page.getByRole("button", { name: `Edit settings of ${PROVIDERS[0].name}` })).toBeVisible();
  await expect(page.getByRole("button", { name: `Delete ${PROVIDERS[0].name}` })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Add environment" })).toHaveCount(0);

  const api = await apiAs(baseURL, DEMO_ACCOUNTS.admin);
  try {
    const { connectors } = (await (await api.get("/api/connectors")).json()) as { connectors: { id: string; name: string; scanning: object }[] };
    const target = connectors.find((c) => c.name === PROVIDERS[0].name)!;
    await expectProblem(await api.patch(`/api/connectors/${target.id}`, { data: { organizations: { mode: "ALL_EXISTING" } } }), 403);
    const scanning = { enabled: true, scanners: ["eslint", "secrets"], scopeMode: "EXCLUSION", scopeEntries: ["contoso-web/legacy-site"], autodiscovery: false };
    const changed = await api.patch(`/api/connectors/${target.id}/scanning`, { data: scanning });
    expect(changed.status()).toBe(200);
    // intervalDays left out keeps its default: daily.
    expect(((await changed.json()) as { connector: { scanning: object } }).connector.scanning).toEqual({ ...scanning, intervalDays: 1 });
  } finally {
    await api.dispose();
  }
});

test("a Security Reader sees the connectors without actions, and the API refuses them", async ({ page, baseURL }) => {
  await signInAs(page, DEMO_ACCOUNTS.reader);
  await page.goto("/environments");
  await expect(page.getByRole("table", { name: "Connectors" }).getByText(PROVIDERS[0].name, { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Add environment" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Edit settings of/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Delete / })).toHaveCount(0);

  const api = await apiAs(baseURL, DEMO_ACCOUNTS.reader);
  try {
    const { connectors } = (await (await api.get("/api/connectors")).json()) as { connectors: { id: string; name: string }[] };
    const target = connectors.find((c) => c.name === PROVIDERS[0].name)!;
    await expectProblem(await api.delete(`/api/connectors/${target.id}`), 403);
    await expectProblem(await api.post("/api/connector-authorizations", { data: { provider: "GITHUB", host: "sandbox", returnTo: "/environments/new" } }), 403);
  } finally {
    await api.dispose();
  }
});

test("the wizard works from the keyboard: errors take focus, and each new step's heading does", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.contributor);
  await page.goto("/environments/new?provider=GITHUB");
  await expect(page.getByRole("radio", { name: "GitHub", exact: true })).toBeChecked();

  // Next with nothing filled in: focus lands on the first invalid field.
  await page.getByRole("button", { name: "Next: Configure access" }).focus();
  await page.keyboard.press("Enter");
  const name = page.getByRole("textbox", { name: "Name" });
  await expect(name).toBeFocused();
  await page.keyboard.type(`kb-${stamp}`);

  for (const [field, option] of [
    ["Subscription", "Contoso Development"],
    ["Resource group", "sandbox"],
    ["Region", "Australia East"],
  ] as const) {
    const box = page.getByRole("combobox", { name: field });
    await box.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("option", { name: option })).toBeVisible();
    // Arrow down to the option (Fluent marks the active one for keyboard users).
    for (let i = 0; i < 12; i++) {
      const active = await page.evaluate(() => document.querySelector('[role="option"][data-activedescendant-focusvisible]')?.textContent ?? "");
      if (active.startsWith(option)) break;
      await page.keyboard.press("ArrowDown");
    }
    await page.keyboard.press("Enter");
    await expect(box).toContainText(option);
  }

  await page.getByRole("button", { name: "Next: Configure access" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Configure access", exact: true })).toBeFocused();
  await expect(page.getByRole("navigation", { name: "Wizard steps" }).locator('[aria-current="step"]')).toContainText("Configure access");
});
