import path from "node:path";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { connectSandboxControl } from "../sandbox/index";
import { apiAs, connectSandboxOrganization, DEMO_ACCOUNTS, signInAs } from "./fixtures";

/**
 * Triage on the repository health page. A GitHub organization of the sandbox made for
 * this run is connected, and a pipeline's SARIF log is uploaded for one of its
 * repositories with an upload token (as `rampart upload` does). A Security Admin opens
 * the repository, reads a finding in its side panel, dismisses it with a reason, sees
 * the open count drop, finds it under Dismissed and reopens it; a Security Reader reads
 * the same findings without any triage action.
 */

const stamp = Date.now().toString(36).slice(-5);
const ORG = `triage-${stamp}`;
const REPOSITORY = "checkout-service";
const SCREENSHOTS = path.join("test-results", "screenshots");

let repositoryId: string;

const sarif = {
  version: "2.1.0",
  runs: [
    {
      tool: {
        driver: {
          name: "ESLint",
          version: "9.39.1",
          rules: [
            {
              id: "security/detect-eval-with-expression",
              shortDescription: { text: "eval() with a variable runs attacker-controlled code" },
              helpUri: "https://github.com/eslint-community/eslint-plugin-security",
              help: { text: "Avoid eval.", markdown: "Avoid `eval()` with anything a user controls.\n\n- Parse JSON with `JSON.parse`\n- Use a lookup table instead of building code\n\n<script>alert(1)</script>" },
              properties: { tags: ["security", "external/cwe/cwe-095"], "security-severity": "9.3" },
            },
            { id: "security/detect-unsafe-regex", shortDescription: { text: "Regular expression vulnerable to catastrophic backtracking" }, properties: { "security-severity": "7.5" } },
            { id: "no-console", shortDescription: { text: "Unexpected console statement" }, defaultConfiguration: { level: "note" } },
          ],
        },
      },
      results: [
        {
          ruleId: "security/detect-eval-with-expression",
          message: { text: "eval with argument of type Identifier" },
          locations: [{ physicalLocation: { artifactLocation: { uri: "src/checkout/pricing.js" }, region: { startLine: 42, endLine: 42, snippet: { text: "return eval(formula);" } } } }],
        },
        {
          ruleId: "security/detect-unsafe-regex",
          message: { text: "Unsafe regular expression" },
          locations: [{ physicalLocation: { artifactLocation: { uri: "src/checkout/validate.js" }, region: { startLine: 7, snippet: { text: "const EMAIL = /^([a-z]+)+@/;" } } } }],
        },
        {
          ruleId: "no-console",
          message: { text: "Unexpected console statement." },
          locations: [{ physicalLocation: { artifactLocation: { uri: "scripts/seed.js" }, region: { startLine: 3 } } }],
        },
      ],
    },
  ],
};

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ baseURL }) => {
  test.setTimeout(120_000);
  const contributor = await apiAs(baseURL, DEMO_ACCOUNTS.contributor);
  const { hosts } = (await (await contributor.get("/api/connector-hosts")).json()) as { hosts: { provider: string; isSandbox: boolean; webUrl: string }[] };
  await contributor.dispose();
  const github = hosts.find((h) => h.provider === "GITHUB" && h.isSandbox);
  expect(github, "demo mode offers the sandbox's GitHub").toBeDefined();
  await connectSandboxControl(new URL(github!.webUrl).origin).addOrganization("github", { name: ORG, repositories: [REPOSITORY, "docs"] });
  const connectorId = await connectSandboxOrganization(baseURL, DEMO_ACCOUNTS.contributor, {
    provider: "GITHUB",
    organization: ORG,
    name: `triage-gh-${stamp}`,
    subscription: "Contoso Development",
    resourceGroup: "sandbox",
  });

  const admin = await apiAs(baseURL, DEMO_ACCOUNTS.admin);
  try {
    // The discovery queued at creation runs in the server's worker.
    await expect(async () => {
      const page = (await (await admin.get(`/api/v1/repositories?connector=${connectorId}`)).json()) as { items: { id: string; name: string }[] };
      const found = page.items.find((r) => r.name === REPOSITORY);
      expect(found).toBeDefined();
      repositoryId = found!.id;
    }).toPass({ timeout: 60_000 });

    // A pipeline's upload token, scoped to the environment.
    const created = await admin.post("/api/api-tokens", { data: { name: `triage pipeline ${stamp}`, permission: "UPLOAD", scopes: [{ type: "CONNECTOR", id: connectorId }], expiresInDays: 30 } });
    expect(created.status(), await created.text()).toBe(201);
    const { token } = (await created.json()) as { token: string };

    const pipeline = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    try {
      const uploaded = await pipeline.post(`/api/v1/scans?repository=${encodeURIComponent(`github/${ORG}/${REPOSITORY}`)}&commit=4f2a9c1e7b3d&branch=main`, {
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

const section = (page: Page, name: string) => page.getByRole("region", { name, exact: true });
const findingsGrid = (page: Page) => page.getByRole("table", { name: "Findings", exact: true });
const findingRow = (page: Page, title: string) => findingsGrid(page).getByRole("row").filter({ has: page.getByRole("button", { name: title, exact: true }) });
/** The badge beside the "Open findings" heading: the repository's open count. */
const openCount = (page: Page) => section(page, "Open findings").getByLabel(/open findings?$/);

const EVAL = "eval() with a variable runs attacker-controlled code";
const REGEX = "Regular expression vulnerable to catastrophic backtracking";

test("a Security Admin reads a finding, dismisses it with a reason, finds it under Dismissed and reopens it", async ({ page, baseURL }) => {
  test.slow();
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.admin);
  await page.goto(`/inventory/repositories/${repositoryId}`);
  await expect(page.getByRole("heading", { level: 1, name: REPOSITORY })).toBeVisible();

  await test.step("the open findings are listed most severe first, with status, file and tool", async () => {
    await expect(openCount(page)).toHaveText("3");
    const rows = findingsGrid(page).getByRole("row");
    await expect(rows).toHaveCount(4);
    await expect(rows.nth(1)).toContainText("Critical");
    await expect(rows.nth(1)).toContainText("New");
    await expect(rows.nth(1)).toContainText(EVAL);
    await expect(rows.nth(2)).toContainText("High");
    await expect(rows.nth(3)).toContainText("Low");
    const file = findingRow(page, EVAL).getByRole("link", { name: /^src\/checkout\/pricing\.js:42/ });
    await expect(file).toHaveAttribute("href", new RegExp(`/${ORG}/${REPOSITORY}/blob/4f2a9c1e7b3d/src/checkout/pricing\\.js#L42$`));
    await expect(section(page, "Findings")).toContainText("3 findings");

    // The pipeline's upload (agentless scans queued by discovery are listed beside it).
    const upload = section(page, "Scans").getByRole("row").filter({ hasText: "Upload" });
    await expect(upload).toHaveCount(1);
    await expect(upload).toContainText("Complete");
    await expect(upload).toContainText(/token:rmp_/);
    await expect(upload).toContainText("ESLint 9.39.1");
  });

  await test.step("a finding opens in a side panel: severity and why, message, code, rule help, CWE and history", async () => {
    await findingRow(page, EVAL).getByRole("button", { name: EVAL }).click();
    const panel = page.getByRole("dialog", { name: `Finding: ${EVAL}` });
    await expect(panel).toBeVisible();
    await expect(panel).toContainText("security-severity 9.3 on rule security/detect-eval-with-expression → Critical");
    await expect(panel).toContainText("eval with argument of type Identifier");
    await expect(panel.getByLabel("Code snippet")).toHaveText("return eval(formula);");
    await expect(panel.getByText("Parse JSON with")).toBeVisible();
    // The log's HTML is not rendered, nor shown.
    await expect(panel.locator("script")).toHaveCount(0);
    await expect(panel).not.toContainText("alert(1)");
    await expect(panel.getByRole("link", { name: /^CWE-95/ })).toHaveAttribute("href", "https://cwe.mitre.org/data/definitions/95.html");
    await expect(panel.getByRole("link", { name: /^More about this rule/ })).toHaveAttribute("href", "https://github.com/eslint-community/eslint-plugin-security");
    await expect(panel.getByRole("listitem").filter({ hasText: "Detected" })).toBeVisible();
    await expect(page).toHaveURL(/[?&]finding=[0-9a-f-]{36}/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "finding-panel.png") });
    await panel.getByRole("button", { name: "Close" }).click();
    await expect(panel).toBeHidden();
  });

  await test.step("the dialog shows what the API refuses: a finding dismissed meanwhile", async () => {
    await findingRow(page, REGEX).getByRole("checkbox").check();
    await page.getByRole("button", { name: "Dismiss (1)" }).click();
    const dialog = page.getByRole("dialog", { name: "Dismiss finding" });
    await dialog.getByRole("button", { name: "Dismiss" }).click();
    await expect(dialog.getByText("Choose why these findings are dismissed.")).toBeVisible();

    // Someone else dismisses it first.
    const other = await apiAs(baseURL, DEMO_ACCOUNTS.owner);
    const list = (await (await other.get(`/api/v1/repositories/${repositoryId}/findings`)).json()) as { items: { id: string; title: string }[] };
    const regexId = list.items.find((f) => f.title === REGEX)!.id;
    expect((await other.post("/api/v1/findings/dismiss", { data: { findingIds: [regexId], reason: "WONT_FIX" } })).status()).toBe(200);

    await dialog.getByRole("radio", { name: /^False positive/ }).check();
    await dialog.getByRole("button", { name: "Dismiss" }).click();
    await expect(dialog.getByRole("alert")).toContainText("1 finding named is not open (1 already dismissed)");
    await expect(dialog.getByRole("list", { name: "Findings that could not be dismissed" })).toContainText(`${REGEX}: Already dismissed`);
    await page.screenshot({ path: path.join(SCREENSHOTS, "finding-dismiss-refused.png") });
    await dialog.getByRole("button", { name: "Cancel" }).click();

    expect((await other.post("/api/v1/findings/reopen", { data: { findingIds: [regexId] } })).status()).toBe(200);
    await other.dispose();
    await page.reload();
    await expect(findingsGrid(page).getByRole("row")).toHaveCount(4);
  });

  await test.step("dismiss the critical one as a false positive: the open count drops", async () => {
    await findingRow(page, EVAL).getByRole("checkbox").check();
    await page.getByRole("button", { name: "Dismiss (1)" }).click();
    const dialog = page.getByRole("dialog", { name: "Dismiss finding" });
    await dialog.getByRole("radio", { name: /^False positive/ }).check();
    await dialog.getByRole("textbox", { name: "Comment" }).fill("The formula comes from our own configuration, never from a user.");
    await page.screenshot({ path: path.join(SCREENSHOTS, "finding-dismiss-dialog.png") });
    await dialog.getByRole("button", { name: "Dismiss" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText("Dismissed 1 finding as false positive.")).toBeVisible();
    await expect(openCount(page)).toHaveText("2");
    await expect(findingsGrid(page).getByRole("row")).toHaveCount(3);
    await expect(findingRow(page, EVAL)).toHaveCount(0);
  });

  await test.step("it is under Dismissed, with its reason; Reopen brings it back", async () => {
    await section(page, "Findings").getByRole("tab", { name: "Dismissed" }).click();
    await expect(page).toHaveURL(/[?&]findings=dismissed/);
    const row = findingRow(page, EVAL);
    await expect(row).toContainText("Dismissed");
    await expect(row).toContainText("False positive");
    await page.screenshot({ path: path.join(SCREENSHOTS, "findings-dismissed.png"), fullPage: true });
    await row.getByRole("checkbox").check();
    await page.getByRole("button", { name: "Reopen (1)" }).click();
    await expect(page.getByText("Reopened 1 finding.")).toBeVisible();
    await expect(openCount(page)).toHaveText("3");
    await expect(section(page, "Findings")).toContainText("No dismissed findings");

    await section(page, "Findings").getByRole("tab", { name: "Open" }).click();
    await expect(findingsGrid(page).getByRole("row")).toHaveCount(4);
    await findingRow(page, EVAL).getByRole("button", { name: EVAL }).click();
    const history = page.getByRole("dialog", { name: `Finding: ${EVAL}` }).getByRole("list").last();
    await expect(history.getByRole("listitem").nth(0)).toContainText(`Dismissal withdrawn`);
    await expect(history.getByRole("listitem").nth(1)).toContainText("Dismissed · False positive");
    await expect(history.getByRole("listitem").nth(1)).toContainText("The formula comes from our own configuration");
  });
});

test("the whole page with findings, for the record", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await signInAs(page, DEMO_ACCOUNTS.admin);
  await page.goto(`/inventory/repositories/${repositoryId}`);
  await expect(findingsGrid(page).getByRole("row")).toHaveCount(4);
  await expect(section(page, "Scans").getByRole("row").filter({ hasText: "Upload" })).toHaveCount(1);
  await page.screenshot({ path: path.join(SCREENSHOTS, "repository-findings.png"), fullPage: true });
});

test("a Security Reader reads the findings but gets no Dismiss, Reopen or selection", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.reader);
  await page.goto(`/inventory/repositories/${repositoryId}`);
  await expect(findingsGrid(page).getByRole("row")).toHaveCount(4);
  await expect(findingsGrid(page).getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Dismiss/ })).toHaveCount(0);
  await section(page, "Findings").getByRole("tab", { name: "All" }).click();
  await expect(page.getByRole("button", { name: /^Reopen/ })).toHaveCount(0);
  await findingRow(page, EVAL).getByRole("button", { name: EVAL }).click();
  const panel = page.getByRole("dialog", { name: `Finding: ${EVAL}` });
  await expect(panel).toContainText("About the rule");
  await expect(panel.getByRole("button", { name: "Dismiss" })).toHaveCount(0);
});
