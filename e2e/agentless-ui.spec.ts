import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { connectSandboxControl } from "../sandbox/index";
import { apiAs, connectSandboxOrganization, DEMO_ACCOUNTS, signInAs } from "./fixtures";

/**
 * Agentless code scanning in the console. A GitHub organization of the sandbox made for
 * this run is connected (which queues agentless scans of its repositories in the
 * background), and a pipeline uploads a SARIF log for one repository with an upload
 * token. Then: Settings → Scans lists the upload with its state and tools and filters in
 * the address; the health page offers Scan now to a Security Admin (with the reason when
 * the repository is not scanned) and not to a reader; the environment list counts the
 * environment's repositories by agentless status; the wizard's scanning step has "Scan
 * every" and says which scanners this server has.
 *
 * Whether the sandbox serves git clones is not assumed: the agentless scans may be
 * queued, retrying, failed or complete, and the assertions hold in each case.
 */

const stamp = Date.now().toString(36).slice(-5);
const ORG = `scanui-${stamp}`;
const CONNECTOR = `scan-ui-${stamp}`;
const SCANNED = "storefront";
const EXCLUDED = "batch-jobs";
const SCREENSHOTS = path.join("test-results", "screenshots");

let connectorId: string;
const repositoryIds: Record<string, string> = {};

const sarif = {
  version: "2.1.0",
  runs: [
    {
      tool: { driver: { name: "ESLint", version: "9.39.1", rules: [{ id: "no-eval", shortDescription: { text: "eval() runs code" }, properties: { "security-severity": "8.8" } }] } },
      results: [
        {
          ruleId: "no-eval",
          message: { text: "eval can be harmful." },
          locations: [{ physicalLocation: { artifactLocation: { uri: "src/cart.js" }, region: { startLine: 12, snippet: { text: "eval(rule);" } } } }],
        },
      ],
    },
    {
      tool: { driver: { name: "secretlint", version: "11.7.1", rules: [{ id: "@secretlint/secretlint-rule-aws" }] } },
      results: [
        {
          ruleId: "@secretlint/secretlint-rule-aws",
          level: "error",
          message: { text: "found AWS Secret Access Key: ****" },
          locations: [{ physicalLocation: { artifactLocation: { uri: "config/dev.env" }, region: { startLine: 3 } } }],
        },
      ],
    },
  ],
};

/** Bandit is installed on this machine when its version command answers (CI installs it). */
function banditInstalled(): boolean {
  try {
    execFileSync("bandit", ["--version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(120_000);
  const contributor = await apiAs(baseURL, DEMO_ACCOUNTS.contributor);
  const { hosts } = (await (await contributor.get("/api/connector-hosts")).json()) as { hosts: { provider: string; isSandbox: boolean; webUrl: string }[] };
  await contributor.dispose();
  const github = hosts.find((h) => h.provider === "GITHUB" && h.isSandbox);
  expect(github, "demo mode offers the sandbox's GitHub").toBeDefined();
  await connectSandboxControl(new URL(github!.webUrl).origin).addOrganization("github", { name: ORG, repositories: [SCANNED, EXCLUDED] });
  connectorId = await connectSandboxOrganization(baseURL, DEMO_ACCOUNTS.contributor, {
    provider: "GITHUB",
    organization: ORG,
    name: CONNECTOR,
    subscription: "Contoso Development",
    resourceGroup: "sandbox",
    scanners: ["eslint", "secrets"],
  });

  const admin = await apiAs(baseURL, DEMO_ACCOUNTS.admin);
  try {
    // The discovery queued at creation runs in the server's worker.
    await expect(async () => {
      const page = (await (await admin.get(`/api/v1/repositories?connector=${connectorId}`)).json()) as { items: { id: string; name: string }[] };
      for (const name of [SCANNED, EXCLUDED]) {
        const found = page.items.find((r) => r.name === name);
        expect(found, name).toBeDefined();
        repositoryIds[name] = found!.id;
      }
    }).toPass({ timeout: 60_000 });

    // One repository is left out of agentless scanning (exclusion list): it is skipped, with the reason.
    const scoped = await admin.patch(`/api/connectors/${connectorId}/scanning`, {
      data: { enabled: true, scanners: ["eslint", "secrets"], scopeMode: "EXCLUSION", scopeEntries: [`${ORG}/${EXCLUDED}`], autodiscovery: true, intervalDays: 1 },
    });
    expect(scoped.status(), await scoped.text()).toBe(200);

    // A pipeline's upload token, scoped to the environment, uploads one log for the other.
    const created = await admin.post("/api/api-tokens", { data: { name: `agentless ui ${stamp}`, permission: "UPLOAD", scopes: [{ type: "CONNECTOR", id: connectorId }], expiresInDays: 1 } });
    expect(created.status(), await created.text()).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const pipeline = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    try {
      const uploaded = await pipeline.post(`/api/v1/scans?repository=${encodeURIComponent(`github/${ORG}/${SCANNED}`)}&commit=a1b2c3d4e5f60718&branch=main`, {
        data: JSON.stringify(sarif),
        headers: { "content-type": "application/sarif+json" },
      });
      expect(uploaded.status(), await uploaded.text()).toBe(202);
      const { url } = (await uploaded.json()) as { url: string };
      await expect.poll(async () => ((await (await pipeline.get(url)).json()) as { state: string }).state, { timeout: 60_000 }).toBe("complete");
    } finally {
      await pipeline.dispose();
    }
  } finally {
    await admin.dispose();
  }
});

const scansTable = (page: Page) => page.getByRole("table", { name: "Scans" });
const uploadRow = (page: Page) => scansTable(page).getByRole("row").filter({ hasText: "Upload" }).filter({ hasText: `${ORG}/${SCANNED}` });

/** Single-choice filters list options; the multiple-choice one (State) lists checkable items. */
async function pickOption(page: Page, filter: string, option: string) {
  await page.getByRole("group", { name: "Filters" }).getByRole("combobox", { name: filter }).click();
  await page.getByRole("option", { name: option, exact: true }).or(page.getByRole("menuitemcheckbox", { name: option, exact: true })).click();
  await page.keyboard.press("Escape");
}

test("Settings → Scans lists the upload with its state, tools and changes, and keeps its filters in the address", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.admin);

  await test.step("the Scans tab of Settings, next to Jobs", async () => {
    await page.goto("/settings/jobs");
    await page.getByRole("navigation", { name: "Settings" }).getByRole("tab", { name: "Scans" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Scans" })).toBeVisible();
    await expect(page).toHaveURL(/\/settings\/scans$/);
  });

  await test.step("the environment's scans: the upload, complete, with its tools and what it changed", async () => {
    await pickOption(page, "DevOps environment", CONNECTOR);
    await expect(page).toHaveURL(new RegExp(`connector=${connectorId}`));
    const row = uploadRow(page);
    await expect(row).toHaveCount(1);
    await expect(row.getByRole("link", { name: `${ORG}/${SCANNED}` })).toHaveAttribute("href", `/inventory/repositories/${repositoryIds[SCANNED]}`);
    await expect(row).toContainText(CONNECTOR);
    await expect(row).toContainText("Complete");
    await expect(row).toContainText(/token:rmp_/);
    await expect(row).toContainText("main @ a1b2c3d");
    await expect(row.getByRole("list", { name: "Tools" })).toContainText("ESLint 9.39.1");
    await expect(row.getByRole("list", { name: "Tools" })).toContainText("secretlint 11.7.1");
    await expect(row.getByLabel("Findings changed")).toContainText(/New\s*2/);
    await expect(row.getByLabel("Findings changed")).toContainText(/Fixed\s*0/);
    await expect(row).toContainText("2 results: Code 1, Secrets 1");
    await expect(row).toContainText(/took \d/);
    // Agentless scans of the environment are listed too, queued after its discovery (whatever became of them since).
    await expect(scansTable(page).getByRole("row").filter({ hasText: "Agentless" }).filter({ hasText: "After discovery" }).first()).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "settings-scans.png"), fullPage: true });
  });

  await test.step("filtering by state goes into the address, survives a reload, and says when nothing matches", async () => {
    await pickOption(page, "State", "Complete");
    await expect(page).toHaveURL(/[?&]state=complete(&|$)/);
    await expect(uploadRow(page)).toHaveCount(1);
    await page.reload();
    await expect(page.getByRole("group", { name: "Filters" }).getByRole("combobox", { name: "State" })).toHaveText("Complete");
    await expect(uploadRow(page)).toHaveCount(1);

    await page.goto(`/settings/scans?connector=${connectorId}&state=cancelled`);
    await expect(page.getByRole("region", { name: "No scans match these filters" })).toBeVisible();
    await expect(scansTable(page)).toHaveCount(0);
    await page.getByRole("region", { name: "No scans match these filters" }).getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/settings\/scans$/);
    await expect(uploadRow(page)).toHaveCount(1);
  });

  await test.step("the source filter, and an address the page cannot use", async () => {
    await page.goto(`/settings/scans?connector=${connectorId}&source=upload`);
    await expect(uploadRow(page)).toHaveCount(1);
    await expect(scansTable(page).getByRole("row").filter({ hasText: "Agentless" })).toHaveCount(0);
    await page.goto("/settings/scans?state=finished");
    await expect(page.getByText("Some filters in this address could not be used")).toBeVisible();
    await expect(page.getByText(/state: "finished" is not a list of/)).toBeVisible();
  });
});

test("a Security Reader sees the scans but no Stop", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.reader);
  await page.goto(`/settings/scans?connector=${connectorId}`);
  await expect(uploadRow(page)).toHaveCount(1);
  await expect(scansTable(page).getByRole("columnheader", { name: "Actions" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Stop the scan of/ })).toHaveCount(0);
});

const agentless = (page: Page) => page.getByRole("region", { name: "Agentless code scanning", exact: true });

test("the health page: a Security Admin scans now and stops it; a repository left out is not scanned, and says why", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.admin);

  await test.step("Scan now on a repository out of scope answers why it is not scanned", async () => {
    await page.goto(`/inventory/repositories/${repositoryIds[EXCLUDED]}`);
    await expect(page.getByRole("heading", { level: 1, name: EXCLUDED })).toBeVisible();
    await expect(agentless(page)).toContainText("Skipped");
    await expect(agentless(page)).toContainText("Out of the scanning scope");
    await agentless(page).getByRole("button", { name: "Scan now" }).click();
    const refused = agentless(page).getByRole("alert").filter({ hasText: "Not scanned" });
    await expect(refused).toContainText(`${ORG}/${EXCLUDED} is not scanned: Out of the scanning scope`);
  });

  await test.step("Scan now queues a scan (or finds the one already there), which can be stopped", async () => {
    await page.goto(`/inventory/repositories/${repositoryIds[SCANNED]}`);
    await expect(agentless(page)).toBeVisible();
    await agentless(page).getByRole("button", { name: "Scan now" }).click();
    // Discovery queued one already: it may still wait (or retry), and then it is the one.
    const answer = agentless(page).getByText(/^(Scan queued: a worker fetches its default branch \(main\)|Already (queued|running): a scan of storefront)/);
    await expect(answer).toBeVisible();
    const queuedNow = (await answer.textContent())!.startsWith("Scan queued");
    await page.screenshot({ path: path.join(SCREENSHOTS, "repository-agentless.png"), fullPage: true });
    // The scan may already have finished (the sandbox may serve clones): then there is nothing to stop.
    const stop = agentless(page).getByRole("button", { name: `Stop the scan of ${ORG}/${SCANNED}` });
    if (await stop.isVisible()) {
      await stop.click();
      // Stopped, or finished a moment before the click (the server then says so); the page may have refreshed since.
      const said = page.getByText(/^(Stopped the scan of|Stopping the scan of)|only a queued or running scan can be stopped/).first();
      await expect(async () => expect((await said.isVisible()) || !(await stop.isVisible())).toBe(true)).toPass({ timeout: 15_000 });
    }
    // The Scans section lists the agentless runs with their trigger.
    const scans = page.getByRole("region", { name: "Scans", exact: true });
    const trigger = queuedNow ? /Scan now by admin@demo\.rampart\.local/ : /After discovery/;
    await expect(scans.getByRole("row").filter({ hasText: "Agentless" }).filter({ hasText: trigger }).first()).toBeVisible();
    await expect(scans.getByRole("row").filter({ hasText: "Upload" }).first()).toContainText("ESLint 9.39.1");
  });
});

test("a Security Reader gets no Scan now on the health page", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.reader);
  await page.goto(`/inventory/repositories/${repositoryIds[SCANNED]}`);
  await expect(agentless(page)).toBeVisible();
  await expect(agentless(page).getByRole("button", { name: "Scan now" })).toHaveCount(0);
  await expect(agentless(page).getByRole("button", { name: /^Stop/ })).toHaveCount(0);
});

test("the environment list counts its repositories by agentless status, with the reasons for skipping", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.reader);
  await page.goto("/environments");
  const row = page.getByRole("table", { name: "Connectors" }).getByRole("row").filter({ hasText: CONNECTOR });
  await expect(row).toContainText("every day, 2 scanners");
  const counts = row.getByLabel(`Agentless scanning of ${CONNECTOR}'s repositories`);
  await expect(counts).toContainText("Scanned");
  await expect(counts).toContainText("Failing");
  await expect(counts).toContainText("Not scanned yet");
  // storefront is scanned, failing or not scanned yet, depending on the worker; batch-jobs is skipped.
  const skipped = counts.getByRole("button", { name: "1 skipped: why" });
  await skipped.click();
  const why = page.getByRole("group", { name: `Why repositories of ${CONNECTOR} are skipped` });
  await expect(why).toContainText("Why 1 repository is not scanned");
  await expect(why).toContainText("1 · Out of the scanning scope chosen for its DevOps environment");
  await page.screenshot({ path: path.join(SCREENSHOTS, "environments-agentless.png"), fullPage: true });
});

test("the scanning step: Scan every, and which scanners this server has", async ({ page, baseURL }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.contributor);
  await page.goto("/environments");
  await page.getByRole("button", { name: `Edit settings of ${CONNECTOR}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Edit ${CONNECTOR}` })).toBeVisible();
  await page.getByRole("button", { name: /Agentless code scanning/ }).first().click();

  await test.step("each scanner says what it reads and whether this server has it", async () => {
    await expect(page.getByRole("switch", { name: "ESLint" })).toHaveAccessibleDescription(/reads \.js .*Installed on this server: version \d+\.\d+/);
    await expect(page.getByRole("switch", { name: "Secrets (secretlint)" })).toHaveAccessibleDescription(/Installed on this server: version \d+\.\d+/);
    await expect(page.getByRole("switch", { name: "Checkov" })).toHaveAccessibleDescription(/Not installed on this server: checkov is not on PATH \(pip install checkov/);
    await expect(page.getByRole("switch", { name: "Template Analyzer" })).toHaveAccessibleDescription(/Not installed on this server: TemplateAnalyzer is not on PATH/);
    await expect(page.getByRole("switch", { name: "Bandit" })).toHaveAccessibleDescription(banditInstalled() ? /Installed on this server: version \d+\.\d+/ : /Not installed on this server: bandit is not on PATH/);
    // Not installed is still selectable: each scan reports it.
    await expect(page.getByRole("switch", { name: "Checkov" })).toBeEnabled();
  });

  await test.step("Scan every: daily by default, 2 days chosen, shown in the review and saved", async () => {
    const every = page.getByRole("radiogroup", { name: "Scan every" });
    await expect(every.getByRole("radio", { name: "1 day (daily)" })).toBeChecked();
    await expect(every.getByRole("radio")).toHaveCount(4);
    await page.screenshot({ path: path.join(SCREENSHOTS, "wizard-scanning.png"), fullPage: true });
    await every.getByRole("radio", { name: "2 days" }).check();
    await page.getByRole("button", { name: /Review and generate/ }).first().click();
    const review = page.getByRole("region", { name: "Agentless code scanning" });
    await expect(review).toContainText("Scan every");
    await expect(review).toContainText("2 days");
    await page.getByRole("button", { name: "Update", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Environment settings" })).toBeVisible();
    await expect(page.getByRole("table", { name: "Connectors" }).getByRole("row").filter({ hasText: CONNECTOR })).toContainText("every 2 days");
  });

  const api = await apiAs(baseURL, DEMO_ACCOUNTS.contributor);
  try {
    const connector = (await (await api.get(`/api/connectors/${connectorId}`)).json()) as { connector: { scanning: { intervalDays: number } } };
    expect(connector.connector.scanning.intervalDays).toBe(2);
  } finally {
    await api.dispose();
  }
});
