import path from "node:path";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { connectSandboxControl } from "../sandbox/index";
import { expectNoSeriousA11yViolations } from "./support/axe";
import { apiAs, connectSandboxOrganization, DEMO_ACCOUNTS, signInAs } from "./fixtures";

/**
 * Issue 7 in the console: the overview's cards, the recommendations list and a
 * recommendation's page, over a GitHub organization of the sandbox made for this run.
 * A pipeline uploads findings for its two repositories (one critical code finding and two
 * secrets in billing-api, one secret in docs-site), so every number below is this run's.
 *
 * A manager (Security Reader) follows the overview's cards into the inventory and reads a
 * recommendation down to a finding's file; a Security Admin dismisses findings and
 * exempts a repository, and the counts move on the recommendation, the list and the
 * overview.
 */

const stamp = Date.now().toString(36).slice(-5);
const ORG = `rec-${stamp}`;
const ENVIRONMENT = `rec-gh-${stamp}`;
const SECRETS = "github-secret-scanning-findings";
const SECRETS_TITLE = "GitHub repositories should have secret scanning findings resolved";
const AWS = "AWS access key committed to the repository";
const TOKEN = "Generic API token committed to the repository";
const SCREENSHOTS = path.join("test-results", "screenshots");

let connectorId: string;
let githubWebUrl: string;

const result = (ruleId: string, uri: string, line: number, text: string) => ({
  ruleId,
  level: "error",
  message: { text },
  locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } }],
});

const secretlint = (results: ReturnType<typeof result>[]) => ({
  tool: {
    driver: {
      name: "secretlint",
      version: "11.7.1",
      rules: [
        {
          id: "@secretlint/secretlint-rule-aws",
          shortDescription: { text: AWS },
          help: { text: "Revoke the key.", markdown: "Revoke the key in **IAM**, then rotate it.\n\n- Remove it from the code\n- Read it from a secret store" },
        },
        { id: "@secretlint/secretlint-rule-generic-token", shortDescription: { text: TOKEN } },
      ],
    },
  },
  results,
});

const billingLog = {
  version: "2.1.0",
  runs: [
    secretlint([
      result("@secretlint/secretlint-rule-aws", "config/settings.env", 3, "Found AWS access key: AKIA****"),
      result("@secretlint/secretlint-rule-generic-token", "src/keys.js", 10, "Found a token: ghp_****"),
    ]),
    {
      tool: {
        driver: {
          name: "ESLint",
          version: "9.39.1",
          rules: [{ id: "security/detect-eval-with-expression", shortDescription: { text: "eval() with a variable" }, properties: { "security-severity": "9.3" } }],
        },
      },
      results: [result("security/detect-eval-with-expression", "src/render.js", 12, "eval with argument of type Identifier")],
    },
  ],
};

const docsLog = { version: "2.1.0", runs: [secretlint([result("@secretlint/secretlint-rule-aws", "docs/setup.md", 7, "Found AWS access key: AKIA****")])] };

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(120_000);
  const contributor = await apiAs(baseURL, DEMO_ACCOUNTS.contributor);
  const { hosts } = (await (await contributor.get("/api/connector-hosts")).json()) as { hosts: { provider: string; isSandbox: boolean; webUrl: string }[] };
  await contributor.dispose();
  githubWebUrl = hosts.find((h) => h.provider === "GITHUB" && h.isSandbox)!.webUrl;
  await connectSandboxControl(new URL(githubWebUrl).origin).addOrganization("github", { name: ORG, repositories: ["billing-api", "docs-site"] });
  connectorId = await connectSandboxOrganization(baseURL, DEMO_ACCOUNTS.contributor, {
    provider: "GITHUB",
    organization: ORG,
    name: ENVIRONMENT,
    subscription: "Contoso Development",
    resourceGroup: "sandbox",
  });

  const admin = await apiAs(baseURL, DEMO_ACCOUNTS.admin);
  try {
    await expect(async () => {
      const page = (await (await admin.get(`/api/v1/repositories?connector=${connectorId}`)).json()) as { items: { name: string }[] };
      expect(page.items.map((r) => r.name).sort()).toEqual(["billing-api", "docs-site"]);
    }).toPass({ timeout: 60_000 });
    const created = await admin.post("/api/api-tokens", { data: { name: `recommendations pipeline ${stamp}`, permission: "UPLOAD", scopes: [{ type: "CONNECTOR", id: connectorId }], expiresInDays: 30 } });
    expect(created.status(), await created.text()).toBe(201);
    const { token } = (await created.json()) as { token: string };
    const pipeline = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    try {
      for (const [repository, log] of [["billing-api", billingLog], ["docs-site", docsLog]] as const) {
        const uploaded = await pipeline.post(`/api/v1/scans?repository=${encodeURIComponent(`github/${ORG}/${repository}`)}&commit=9c4e1a7b2d&branch=main`, {
          data: JSON.stringify(log),
          headers: { "content-type": "application/sarif+json" },
        });
        expect(uploaded.status(), await uploaded.text()).toBe(202);
        const { url } = (await uploaded.json()) as { url: string };
        await expect.poll(async () => ((await (await pipeline.get(url)).json()) as { state: string }).state, { timeout: 60_000 }).toBe("complete");
      }
    } finally {
      await pipeline.dispose();
    }
  } finally {
    await admin.dispose();
  }
});

const card = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
/** A number of the recommendation's summary (a term and its definition). */
const stat = (page: Page, term: string) =>
  page.getByLabel("Summary").locator("div").filter({ has: page.getByRole("term").filter({ hasText: new RegExp(`^${term}$`) }) }).getByRole("definition");
const inventoryRows = (page: Page) => page.getByRole("table", { name: "Repositories" }).getByRole("row").filter({ has: page.getByRole("link") });
const resourcesTable = (page: Page) => page.getByRole("table", { name: "Affected resources" });
const findingsTable = (page: Page) => page.getByRole("table", { name: "Findings", exact: true });
const dataRows = (table: ReturnType<Page["getByRole"]>) => table.getByRole("row").filter({ hasNot: table.page().getByRole("columnheader") });

test("a manager reads the overview and follows its cards into the inventory, filtered to the rows behind each number", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.reader);

  await test.step("narrow the overview to one DevOps environment: the filter goes into the address", async () => {
    await page.getByRole("combobox", { name: "DevOps environment" }).click();
    await page.getByRole("menuitemcheckbox", { name: ENVIRONMENT }).click();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(new RegExp(`[?&]connector=${connectorId}`));
    const findings = card(page, "Scan findings");
    await expect(findings).toContainText("4 open");
    await expect(findings.getByRole("link", { name: "1 Critical open findings" })).toBeVisible();
    await expect(findings.getByRole("link", { name: "3 High open findings" })).toBeVisible();
    await expect(findings.getByRole("link", { name: "1 Code open findings" })).toBeVisible();
    await expect(card(page, "Advanced security coverage")).toContainText(/GitHub\s*\d \/ 2/);
    await expect(card(page, "Top 10 repositories by risk").getByRole("row").nth(1)).toContainText("billing-api");
    // The chart is drawn for the eye and summed up in words.
    const trend = card(page, "Open findings over time").getByRole("figure");
    await expect(trend).toContainText(/4 open findings on .*\(1 critical, 3 high, 0 medium, 0 low\)/);
    // With the chart's tooltip open: its text must be as readable as the rest.
    await trend.hover();
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "overview-filtered.png"), fullPage: true });
  });

  await test.step("Secrets: the inventory lists the two repositories with secrets, in the same environment", async () => {
    await card(page, "Scan findings").getByRole("link", { name: "3 Secrets open findings" }).click();
    await expect(page).toHaveURL(/\/inventory\?/);
    await expect(page).toHaveURL(/[?&]findingType=SECRETS/);
    await expect(page).toHaveURL(new RegExp(`[?&]connector=${connectorId}`));
    await expect(inventoryRows(page)).toHaveCount(2);
    await expect(inventoryRows(page).filter({ hasText: "billing-api" })).toHaveCount(1);
    await expect(inventoryRows(page).filter({ hasText: "docs-site" })).toHaveCount(1);
  });

  await test.step("Back returns to the filtered overview; Critical lists only the repository with the critical finding", async () => {
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`/\\?connector=${connectorId}`));
    await card(page, "Scan findings").getByRole("link", { name: "1 Critical open findings" }).click();
    await expect(page).toHaveURL(/[?&]severity=CRITICAL/);
    await expect(inventoryRows(page)).toHaveCount(1);
    await expect(inventoryRows(page).first()).toContainText("billing-api");
  });
});

test("a reader opens a recommendation from the list, a finding in its side panel, and the file in the provider", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.reader);
  await page.goto(`/recommendations?connector=${connectorId}`);
  const list = page.getByRole("table", { name: "Recommendations" });
  const row = list.getByRole("row").filter({ has: page.getByRole("link", { name: SECRETS_TITLE }) });

  await test.step("the list: unhealthy out of total, open findings, state; sorting and filters live in the address", async () => {
    await expect(row).toContainText("2 / 2");
    await expect(row).toContainText("Unhealthy");
    await expect(row.getByRole("cell").nth(4)).toHaveText("3");
    await expect(page.getByRole("link", { name: "Export CSV" })).toHaveAttribute("href", `/api/v1/recommendations/export.csv?connector=${connectorId}`);

    await list.getByRole("button", { name: "Recommendation", exact: true }).click();
    await expect(page).toHaveURL(/[?&]sort=title/);
    await expect(list.getByRole("columnheader", { name: "Recommendation" })).toHaveAttribute("aria-sort", "ascending");
    await page.getByRole("combobox", { name: "State" }).click();
    await page.getByRole("menuitemcheckbox", { name: "Unhealthy" }).click();
    await page.keyboard.press("Escape");
    await expect(page).toHaveURL(/[?&]state=UNHEALTHY/);
    await expect(list.getByRole("row").filter({ hasText: "Healthy" }).filter({ hasNotText: "Unhealthy" })).toHaveCount(0);
    await page.goBack();
    await expect(page).not.toHaveURL(/state=UNHEALTHY/);
    await page.goBack();
    await expect(page).not.toHaveURL(/sort=title/);
    // Back at the address the server rendered: its rows again, most severe first.
    await expect(list.getByRole("columnheader", { name: "Severity" })).toHaveAttribute("aria-sort", "descending");
    // (High posture recommendations of the same environment sort beside it.)
    await expect(list.getByRole("row").nth(1)).toContainText("High");
    await expect(row).toContainText("2 / 2");
  });

  await test.step("the recommendation: what, why, how to fix, and its numbers in the same environment", async () => {
    await row.getByRole("link", { name: SECRETS_TITLE }).click();
    await expect(page).toHaveURL(new RegExp(`/recommendations/${SECRETS}\\?connector=${connectorId}`));
    await expect(page.getByRole("heading", { level: 1, name: SECRETS_TITLE })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Recommendations" })).toHaveAttribute("aria-current", "page");
    await expect(stat(page, "Unhealthy resources")).toContainText("2 of 2 repositories");
    await expect(stat(page, "Open findings")).toHaveText("3");
    await expect(page.getByRole("region", { name: "About this recommendation" }).getByRole("list").getByRole("listitem").first()).toBeVisible();
    await expect(dataRows(resourcesTable(page))).toHaveCount(2);
    await expect(resourcesTable(page).getByRole("link", { name: "billing-api" })).toHaveAttribute("href", /^\/inventory\/repositories\/[0-9a-f-]{36}$/);
    await expect(dataRows(findingsTable(page))).toHaveCount(3);
    // A reader triages nothing.
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Dismiss|Exempt|Remove exemption)/ })).toHaveCount(0);
  });

  await test.step("the file link opens the provider's file at the finding's line, in a new tab", async () => {
    const file = findingsTable(page).getByRole("link", { name: /^config\/settings\.env:3/ });
    await expect(file).toHaveAttribute("href", new RegExp(`^${new URL(githubWebUrl).origin}/.*${ORG}/billing-api/blob/9c4e1a7b2d/config/settings\\.env#L3$`));
    await expect(file).toHaveAttribute("target", "_blank");
  });

  await test.step("a finding opens in the side panel with its rule's help", async () => {
    await dataRows(findingsTable(page)).filter({ hasText: "config/settings.env" }).getByRole("button", { name: AWS }).click();
    const panel = page.getByRole("dialog", { name: `Finding: ${AWS}` });
    await expect(panel).toBeVisible();
    await expect(panel.getByText("Revoke the key in")).toBeVisible();
    await expect(panel.getByRole("listitem").filter({ hasText: "Read it from a secret store" })).toBeVisible();
    await expect(page).toHaveURL(/[?&]finding=[0-9a-f-]{36}/);
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "recommendation-finding-panel.png") });
    await panel.getByRole("button", { name: "Close" }).click();
    await expect(panel).toBeHidden();
  });
});

test("a Security Admin dismisses findings and exempts a repository: the recommendation, the list and the overview follow", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.admin);
  await page.goto(`/recommendations/${SECRETS}?connector=${connectorId}`);
  await expect(dataRows(findingsTable(page))).toHaveCount(3);

  await test.step("dismiss billing-api's two secrets as false positives: one open finding is left, one repository unhealthy", async () => {
    for (const f of await dataRows(findingsTable(page)).filter({ hasText: "billing-api" }).all()) await f.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Dismiss (2)" }).click();
    const dialog = page.getByRole("dialog", { name: "Dismiss 2 findings" });
    await dialog.getByRole("radio", { name: /^False positive/ }).check();
    await dialog.getByRole("button", { name: "Dismiss" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Dismissed 2 findings as false positive.")).toBeVisible();
    await expect(stat(page, "Open findings")).toHaveText("1");
    await expect(stat(page, "Unhealthy resources")).toContainText("1 of 2 repositories");
    await expect(dataRows(findingsTable(page))).toHaveCount(1);
    await expect(page.getByRole("tab", { name: "Unhealthy (1)" })).toBeVisible();
  });

  await test.step("exempt docs-site, risk accepted: nothing is unhealthy, one repository exempt", async () => {
    const resources = page.getByRole("region", { name: "Affected resources" });
    await resources.getByRole("tab", { name: /^All/ }).click();
    await expect(page).toHaveURL(/[?&]resources=all/);
    await resourcesTable(page).getByRole("checkbox", { name: `Select ${ORG}/docs-site` }).check();
    await resources.getByRole("button", { name: "Exempt (1)" }).click();
    const dialog = page.getByRole("dialog", { name: "Exempt repository" });
    await dialog.getByRole("button", { name: "Exempt" }).click();
    await expect(dialog.getByText("Choose why the recommendation does not apply to them.")).toBeVisible();
    await expect(dialog.getByRole("radio", { name: /^Mitigated/ })).toBeVisible();
    await dialog.getByRole("radio", { name: /^Risk accepted/ }).check();
    await dialog.getByRole("textbox", { name: "Comment" }).fill("Documentation examples; the key was never valid.");
    await expectNoSeriousA11yViolations(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, "recommendation-exempt-dialog.png") });
    await dialog.getByRole("button", { name: "Exempt" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Exempted 1 repository as risk accepted.")).toBeVisible();
    await expect(stat(page, "Unhealthy resources")).toContainText("0 of 2 repositories");
    await expect(stat(page, "Exempt resources")).toHaveText("1");
    await expect(stat(page, "State")).toHaveText("Healthy");
    const docs = dataRows(resourcesTable(page)).filter({ hasText: "docs-site" });
    await expect(docs).toContainText("Exempt");
    await expect(docs).toContainText("Risk accepted");
    await expect(docs).toContainText("Documentation examples");
    await page.screenshot({ path: path.join(SCREENSHOTS, "recommendation-details.png"), fullPage: true });
  });

  await test.step("the list and the overview show the new counts", async () => {
    // The breadcrumb goes back to the list narrowed like this page.
    await page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "Recommendations" }).click();
    await expect(page).toHaveURL(new RegExp(`/recommendations\\?connector=${connectorId}$`));
    const row = page.getByRole("table", { name: "Recommendations" }).getByRole("row").filter({ has: page.getByRole("link", { name: SECRETS_TITLE }) });
    await expect(row).toContainText("0 / 2");
    await expect(row).toContainText("Healthy");
    await expect(row.getByRole("cell").nth(4)).toHaveText("1");

    await page.goto(`/?connector=${connectorId}`);
    const findings = card(page, "Scan findings");
    await expect(findings).toContainText("2 open");
    await expect(findings.getByRole("link", { name: "1 Secrets open findings" })).toBeVisible();
    await expect(findings.getByRole("link", { name: "1 High open findings" })).toBeVisible();
  });

  await test.step("removing the exemption makes docs-site unhealthy again", async () => {
    await page.goto(`/recommendations/${SECRETS}?connector=${connectorId}&resources=exempt`);
    await resourcesTable(page).getByRole("checkbox", { name: `Select ${ORG}/docs-site` }).check();
    await page.getByRole("button", { name: "Remove exemption (1)" }).click();
    await page.getByRole("alertdialog", { name: "Remove the exemption?" }).getByRole("button", { name: "Remove exemption" }).click();
    await expect(page.getByText("Removed the exemption of 1 repository")).toBeVisible();
    await expect(stat(page, "Unhealthy resources")).toContainText("1 of 2 repositories");
    await expect(stat(page, "Exempt resources")).toHaveText("0");
  });
});
