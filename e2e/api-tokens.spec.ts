import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS, DEMO_SUBSCRIPTIONS, expectProblem, signInAs } from "./fixtures";

/**
 * Settings → API tokens, as a Security Admin: a read token created in the console,
 * shown once and copied, used on /api/v1 with nothing but the token, then revoked.
 * Roles that may not manage tokens do not get the page.
 */

const SCREENSHOTS = path.join("test-results", "screenshots");
const stamp = Date.now().toString(36);

test("a Security Admin creates a read token, copies it once, uses it on /api/v1, and revokes it", async ({ page, context, request, baseURL }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseURL });
  await page.setViewportSize({ width: 1440, height: 900 });
  const name = `e2e reader ${stamp}`;
  await signInAs(page, DEMO_ACCOUNTS.admin);

  await test.step("the API tokens tab of Settings opens the page", async () => {
    await page.goto("/settings");
    await page.getByRole("tab", { name: "API tokens" }).click();
    await expect(page).toHaveURL((url) => url.pathname === "/settings/api-tokens");
    await expect(page.getByRole("heading", { level: 1, name: "API tokens" })).toBeVisible();
  });

  let token = "";
  await test.step("create a read token on one subscription, expiring in 30 days", async () => {
    await page.getByRole("button", { name: "New token" }).click();
    const create = page.getByRole("dialog", { name: "New API token" });
    await create.getByRole("button", { name: "Create token" }).click();
    await expect(create.getByText("Choose at least one scope")).toBeVisible();

    await create.getByRole("textbox", { name: "Name" }).fill(name);
    await expect(create.getByText("Is required")).toHaveCount(0);
    await create.getByRole("radio", { name: /^Read/ }).check();
    const scope = create.getByRole("combobox", { name: "Scope" });
    await scope.click();
    await page.getByRole("menuitemcheckbox", { name: DEMO_SUBSCRIPTIONS.production, exact: true }).click();
    await scope.click(); // closes the list (several may be chosen)
    await expect(scope).toHaveText(`Subscription: ${DEMO_SUBSCRIPTIONS.production}`);
    await create.getByRole("combobox", { name: "Expiration" }).click();
    await page.getByRole("option", { name: "30 days" }).click();
    await expect(create.getByText(/^Expires on /)).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "settings-api-tokens-new.png") });
    await create.getByRole("button", { name: "Create token" }).click();

    const shown = page.getByRole("alertdialog", { name: "API token created" });
    await expect(shown.getByText("You will not see this token again")).toBeVisible();
    token = await shown.getByRole("textbox", { name: "API token" }).inputValue();
    expect(token).toMatch(/^rmp_[A-Za-z0-9_-]{43}$/);
    await shown.getByRole("button", { name: "Copy the API token" }).click();
    await expect(shown.getByText("Copied to the clipboard.")).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await page.screenshot({ path: path.join(SCREENSHOTS, "settings-api-tokens-created.png") });
    await shown.getByRole("button", { name: "Done" }).click();
    await expect(shown).toBeHidden();
  });

  const row = page.getByRole("row", { name: `${name} (${token.slice(0, 12)}…)` });
  await test.step("the list shows it by name and prefix, never the token itself", async () => {
    await expect(row).toBeVisible();
    await expect(row.getByRole("cell", { name: "Read", exact: true })).toBeVisible();
    await expect(row.getByRole("list", { name: `Scope of ${name}` })).toHaveText(DEMO_SUBSCRIPTIONS.production);
    await expect(row.getByText(DEMO_ACCOUNTS.admin.name)).toBeVisible();
    await expect(row.getByText("Never")).toBeVisible();
    await page.reload();
    await expect(row).toBeVisible();
    expect(await page.content()).not.toContain(token);
  });

  await test.step("the token reads the inventory on its own, and its use shows in the list", async () => {
    const response = await request.get("/api/v1/repositories", { headers: { authorization: `Bearer ${token}` } });
    expect(response.status(), await response.text()).toBe(200);
    expect(await response.json()).toMatchObject({ items: expect.any(Array), total: expect.any(Number) });
    await page.reload();
    await expect(row.getByText(/^from /)).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "settings-api-tokens.png"), fullPage: true });
  });

  await test.step("revoke it after confirming; it then answers 401", async () => {
    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    const confirm = page.getByRole("alertdialog", { name: "Revoke API token" });
    await expect(confirm.getByText(token.slice(0, 12))).toBeVisible();
    await confirm.getByRole("button", { name: "Revoke", exact: true }).click();
    await expect(confirm).toBeHidden();
    await expect(page.getByText(`Revoked API token “${name}”`)).toBeVisible();
    await expect(row.getByText("Revoked", { exact: true })).toBeVisible();
    await expect(row.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "settings-api-tokens-revoked.png"), fullPage: true });

    const refused = await request.get("/api/v1/repositories", { headers: { authorization: `Bearer ${token}` } });
    const problem = await expectProblem(refused, 401);
    expect(problem.detail).toBe("The API token is not valid, has expired or was revoked.");
  });
});

test("Contributors and Security Readers have no API tokens tab, and the page is not found for them", async ({ page }) => {
  for (const account of [DEMO_ACCOUNTS.contributor, DEMO_ACCOUNTS.reader]) {
    await page.context().clearCookies();
    await signInAs(page, account);
    await page.goto("/settings/subscriptions");
    await expect(page.getByRole("tablist")).toBeVisible();
    await expect(page.getByRole("tab", { name: "API tokens" })).toHaveCount(0);
    const response = await page.goto("/settings/api-tokens");
    expect(response?.status(), account.email).toBe(404);
  }
});
