import { expect, test } from "@playwright/test";
import { apiAs, DEMO_ACCOUNTS, signInAs } from "./fixtures";

/**
 * Issue 6's "done when": demo mode starts with one sandbox environment per provider
 * already connected (tailspin-toys), and without any manual step its repositories are
 * discovered, cloned and scanned by the real scanners; a repository can be rescanned from
 * its health page. Nothing is seeded here: the demo server did it all at start.
 */

type Repository = { id: string; name: string; fullName: string; provider: string; connector: { name: string }; findings: { total: number } };

test("demo mode shows its sandbox environments scanned by real scanners, and a repository is rescanned from its health page", async ({ page, baseURL }) => {
  test.setTimeout(360_000);
  const admin = await apiAs(baseURL, DEMO_ACCOUNTS.admin);
  let github: Repository | undefined;
  try {
    // The demo's orders-api, on each of the three providers, has findings once its first agentless scan is in.
    await expect(async () => {
      const answer = (await (await admin.get("/api/v1/repositories?q=orders-api&limit=50")).json()) as { items: Repository[] };
      const demo = answer.items.filter((r) => r.connector.name.startsWith("demo-"));
      expect(demo.map((r) => r.connector.name).sort()).toEqual(["demo-azure-devops", "demo-github", "demo-gitlab"]);
      expect(demo.every((r) => r.findings.total > 0), JSON.stringify(demo.map((r) => [r.connector.name, r.findings.total]))).toBe(true);
      github = demo.find((r) => r.connector.name === "demo-github");
    }).toPass({ timeout: 300_000, intervals: [3_000] });
  } finally {
    await admin.dispose();
  }

  await signInAs(page, DEMO_ACCOUNTS.admin);
  await page.goto("/environments");
  const connectors = page.getByRole("table", { name: "Connectors" });
  for (const name of ["demo-github", "demo-azure-devops", "demo-gitlab"]) await expect(connectors.getByRole("row").filter({ hasText: name })).toContainText("Connected");

  await page.goto(`/inventory/repositories/${github!.id}`);
  const agentless = page.getByRole("region", { name: "Agentless code scanning", exact: true });
  await expect(agentless).toContainText("Scanned on");

  // Findings of each scanner, down to the file and line.
  const findings = page.getByRole("table", { name: "Findings", exact: true });
  for (const tool of ["ESLint", "secretlint", "Bandit"]) {
    const row = findings.getByRole("row").filter({ has: page.getByRole("cell", { name: tool, exact: true }) }).first();
    await expect(row, `a ${tool} finding`).toBeVisible();
    await expect(row).toContainText(/[\w./-]+\.\w+:\d+/);
  }

  // Rescan: Scan now queues a scan; the section follows it until the new scan is complete.
  const scans = page.getByRole("region", { name: "Scans", exact: true });
  const manualBefore = await scans.getByRole("row").filter({ hasText: "Scan now" }).count();
  await agentless.getByRole("button", { name: "Scan now" }).click();
  await expect(scans.getByRole("row").filter({ hasText: "Scan now" })).toHaveCount(manualBefore + 1, { timeout: 30_000 });
  await expect(scans.getByRole("row").filter({ hasText: "Scan now" }).first()).toContainText("Complete", { timeout: 180_000 });

  // The repository over 1 GB says why it is not scanned.
  const admin2 = await apiAs(baseURL, DEMO_ACCOUNTS.admin);
  try {
    const archive = ((await (await admin2.get("/api/v1/repositories?q=media-archive&limit=50")).json()) as { items: Repository[] }).items.find((r) => r.connector.name === "demo-github")!;
    await page.goto(`/inventory/repositories/${archive.id}`);
    await expect(page.getByRole("region", { name: "Agentless code scanning", exact: true })).toContainText("repositories over 1 GB are not scanned");
  } finally {
    await admin2.dispose();
  }
});
