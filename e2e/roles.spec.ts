import { expect, test, type Page } from "@playwright/test";
import { accountMenu, apiAs, DEMO_ACCOUNTS, DEMO_SUBSCRIPTIONS, expectProblem, signInAs } from "./fixtures";

/** What each role may reach, scoped reads, cross-site refusal, and the theme preference. */

interface SubscriptionsBody {
  subscriptions: { id: string; name: string }[];
}

test.describe("a Security Reader", () => {
  const reader = DEMO_ACCOUNTS.reader;

  test("cannot reach the Owner's settings pages", async ({ page }) => {
    await signInAs(page, reader);

    for (const path of ["/settings/users", "/settings/audit-log"]) {
      await test.step(`${path} is not found`, async () => {
        const response = await page.goto(path);
        expect(response?.status()).toBe(404);
        await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
        await expect(page.getByRole("table")).toHaveCount(0);
      });
    }

    await test.step("Settings shows only the Subscriptions (read-only) and Scans tabs", async () => {
      await page.goto("/settings");
      await expect(page).toHaveURL((url) => url.pathname === "/settings/subscriptions");
      const tabs = page.getByRole("navigation", { name: "Settings" });
      await expect(tabs.getByRole("tab")).toHaveCount(2);
      await expect(tabs.getByRole("tab", { name: "Subscriptions" })).toBeVisible();
      await expect(tabs.getByRole("tab", { name: "Scans" })).toBeVisible();
      await expect(page.getByRole("tab", { name: "Users and roles" })).toHaveCount(0);
      await expect(page.getByRole("tab", { name: "Audit log" })).toHaveCount(0);
      const table = page.getByRole("table", { name: "Subscriptions and resource groups" });
      await expect(table.getByText(DEMO_SUBSCRIPTIONS.production, { exact: true })).toBeVisible();
      await expect(table.getByText(DEMO_SUBSCRIPTIONS.development, { exact: true })).toBeVisible();
      await expect(page.getByRole("button", { name: "New subscription" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /^Rename/ })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "New resource group" })).toHaveCount(0);
    });
  });

  test("is refused the Owner's API actions", async ({ baseURL }) => {
    const api = await apiAs(baseURL, reader);
    try {
      await expectProblem(await api.post("/api/users", { data: { email: "made-by-reader@example.test", name: "Made by a reader" } }), 403);
      await expectProblem(await api.post("/api/subscriptions", { data: { name: "Made by a reader" } }), 403);
      await expectProblem(await api.get("/api/users"), 403);
      await expectProblem(await api.get("/api/audit-log"), 403);
      const { subscriptions } = (await (await api.get("/api/subscriptions")).json()) as SubscriptionsBody;
      expect(subscriptions.map((s) => s.name)).not.toContain("Made by a reader");
    } finally {
      await api.dispose();
    }
  });
});

test("a Security Reader of one subscription sees only that subscription", async ({ page, baseURL }) => {
  const prodReader = DEMO_ACCOUNTS.prodReader;
  const owner = await apiAs(baseURL, DEMO_ACCOUNTS.owner);
  const scoped = await apiAs(baseURL, prodReader);
  try {
    const all = (await (await owner.get("/api/subscriptions")).json()) as SubscriptionsBody;
    const development = all.subscriptions.find((s) => s.name === DEMO_SUBSCRIPTIONS.development);
    const production = all.subscriptions.find((s) => s.name === DEMO_SUBSCRIPTIONS.production);
    expect(development, "the Owner sees Contoso Development").toBeDefined();
    expect(production, "the Owner sees Contoso Production").toBeDefined();

    await test.step("the API lists and answers only Contoso Production", async () => {
      const response = await scoped.get("/api/subscriptions");
      expect(response.status()).toBe(200);
      const mine = (await response.json()) as SubscriptionsBody;
      expect(mine.subscriptions.map((s) => s.name)).toEqual([DEMO_SUBSCRIPTIONS.production]);
      expect((await scoped.get(`/api/subscriptions/${production!.id}`)).status()).toBe(200);
      await expectProblem(await scoped.get(`/api/subscriptions/${development!.id}`), 404);
    });

    await test.step("the Subscriptions page lists only Contoso Production", async () => {
      await signInAs(page, prodReader);
      await page.goto("/settings/subscriptions");
      const table = page.getByRole("table", { name: "Subscriptions and resource groups" });
      await expect(table.getByText(DEMO_SUBSCRIPTIONS.production, { exact: true })).toBeVisible();
      await expect(page.getByText(DEMO_SUBSCRIPTIONS.development)).toHaveCount(0);
    });
  } finally {
    await owner.dispose();
    await scoped.dispose();
  }
});

test("a cross-site write is refused even with an Owner's session", async ({ baseURL }) => {
  const owner = await apiAs(baseURL, DEMO_ACCOUNTS.owner);
  const name = `Cross-site ${Date.now()}`;
  try {
    const response = await owner.post("/api/subscriptions", { data: { name }, headers: { origin: "https://evil.example" } });
    const problem = await expectProblem(response, 403);
    expect(problem.detail).toBe("Cross-site requests are refused.");
    const { subscriptions } = (await (await owner.get("/api/subscriptions")).json()) as SubscriptionsBody;
    expect(subscriptions.map((s) => s.name)).not.toContain(name);
  } finally {
    await owner.dispose();
  }
});

test.describe("the theme", () => {
  // The Security Admin: no other test of this run looks at their theme.
  const admin = DEMO_ACCOUNTS.admin;

  async function chooseTheme(page: Page, label: "Light" | "Dark") {
    await accountMenu(page, admin.name).click();
    const item = page.getByRole("menuitemradio", { name: label });
    const saved = page.waitForResponse((r) => r.request().method() === "PATCH" && new URL(r.url()).pathname === "/api/me");
    await item.click();
    expect((await saved).status()).toBe(200);
  }

  test.afterEach(async ({ page }) => {
    // Leave the account as it was, whatever happened above.
    await page.request.patch("/api/me", { data: { theme: "LIGHT" } });
  });

  test("Dark is kept across reloads, and Light again after switching back", async ({ page }) => {
    const html = page.locator("html");
    await signInAs(page, admin);
    await expect(html).toHaveAttribute("data-theme", "light");

    await chooseTheme(page, "Dark");
    await expect(html).toHaveAttribute("data-theme", "dark");
    await page.reload();
    await expect(html).toHaveAttribute("data-theme", "dark");
    await accountMenu(page, admin.name).click();
    await expect(page.getByRole("menuitemradio", { name: "Dark" })).toBeChecked();
    await page.keyboard.press("Escape");

    await chooseTheme(page, "Light");
    await expect(html).toHaveAttribute("data-theme", "light");
    await page.reload();
    await expect(html).toHaveAttribute("data-theme", "light");
  });
});
