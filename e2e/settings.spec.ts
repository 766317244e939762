import { expect, test, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS, OVERVIEW_HEADING, signInAs, submitSignInForm } from "./fixtures";

/**
 * The Owner's settings, driven through the pages: subscriptions and resource groups,
 * a new user with a generated password and a scoped role, disabling that user, and
 * the audit log that records it all. Names carry a stamp so runs never collide.
 */

const stamp = Date.now().toString(36);
const subscriptionName = `E2E Payments ${stamp}`;
const groupName = `payments-rg-${stamp}`;
const newUser = { email: `new-reader-${stamp}@example.test`, name: `Nia Newreader ${stamp}` };

function dialog(page: Page, title: string) {
  return page.getByRole("dialog", { name: title });
}

test("the Owner creates a subscription and a resource group, and a bad name is explained", async ({ page }) => {
  await signInAs(page, DEMO_ACCOUNTS.owner);
  await page.goto("/settings/subscriptions");

  await test.step("a name with a forbidden character is refused with the rule", async () => {
    await page.getByRole("button", { name: "New subscription" }).click();
    const create = dialog(page, "New subscription");
    await create.getByRole("textbox", { name: "Subscription name" }).fill("Payments <script>");
    await create.getByRole("button", { name: "Create", exact: true }).click();
    await expect(create.getByText(/letters, digits, spaces/i).first()).toBeVisible();
    await expect(create).toBeVisible();
  });

  await test.step("a valid name creates the subscription", async () => {
    const create = dialog(page, "New subscription");
    await create.getByRole("textbox", { name: "Subscription name" }).fill(subscriptionName);
    await create.getByRole("button", { name: "Create", exact: true }).click();
    await expect(create).toBeHidden();
    const table = page.getByRole("table", { name: "Subscriptions and resource groups" });
    await expect(table.getByText(subscriptionName, { exact: true })).toBeVisible();
  });

  await test.step("a resource group is created inside it", async () => {
    const row = page.getByRole("row").filter({ hasText: subscriptionName });
    await row.getByRole("button", { name: "New resource group" }).click();
    const create = dialog(page, "New resource group");
    await expect(create.getByText(`In subscription "${subscriptionName}".`)).toBeVisible();
    await create.getByRole("textbox", { name: "Resource group name" }).fill(groupName);
    await create.getByRole("button", { name: "Create", exact: true }).click();
    await expect(create).toBeHidden();
    await expect(page.getByRole("table", { name: "Subscriptions and resource groups" }).getByText(groupName, { exact: true })).toBeVisible();
  });

  await test.step("both survive a reload", async () => {
    await page.reload();
    const table = page.getByRole("table", { name: "Subscriptions and resource groups" });
    await expect(table.getByText(subscriptionName, { exact: true })).toBeVisible();
    await expect(table.getByText(groupName, { exact: true })).toBeVisible();
  });
});

test("the Owner adds a user scoped to one resource group, who signs in; disabling them ends their session", async ({ page, browser }) => {
  test.slow();
  // The subscription of the test above may not exist when this test runs alone.
  await signInAs(page, DEMO_ACCOUNTS.owner);
  await page.goto("/settings/subscriptions");
  const scopeName = `People ${stamp}`;
  await page.getByRole("button", { name: "New subscription" }).click();
  await dialog(page, "New subscription").getByRole("textbox", { name: "Subscription name" }).fill(scopeName);
  await dialog(page, "New subscription").getByRole("button", { name: "Create", exact: true }).click();
  await expect(dialog(page, "New subscription")).toBeHidden();

  let password = "";
  await test.step("create the user with a generated password and Security Reader on the subscription", async () => {
    await page.goto("/settings/users");
    await page.getByRole("button", { name: "New user" }).click();
    const create = dialog(page, "New user");
    await create.getByRole("textbox", { name: "Email" }).fill(newUser.email);
    await create.getByRole("textbox", { name: "Name" }).fill(newUser.name);
    await create.getByRole("combobox", { name: "Initial role" }).click();
    await page.getByRole("option", { name: /^Security Reader/ }).click();
    await create.getByRole("combobox", { name: "Scope" }).click();
    await page.getByRole("option", { name: scopeName, exact: true }).click();
    await create.getByRole("button", { name: "Create user" }).click();

    const shown = page.getByRole("alertdialog", { name: "User created" });
    await expect(shown).toBeVisible();
    password = await shown.getByRole("textbox", { name: "Generated password" }).inputValue();
    expect(password.length).toBeGreaterThanOrEqual(12);
    await shown.getByRole("button", { name: "Done" }).click();
    await expect(shown).toBeHidden();

    const row = page.getByRole("row").filter({ hasText: newUser.email });
    await expect(row.getByText("Active")).toBeVisible();
    await expect(row.getByRole("list", { name: `Role assignments of ${newUser.name}` })).toContainText(`Security Reader· ${scopeName}`);
  });

  const other = await browser.newContext();
  const theirPage = await other.newPage();
  try {
    await test.step("the new user signs in and sees only their subscription", async () => {
      await signInAs(theirPage, { email: newUser.email, password, name: newUser.name });
      await theirPage.goto("/settings/subscriptions");
      const table = theirPage.getByRole("table", { name: "Subscriptions and resource groups" });
      await expect(table.getByText(scopeName, { exact: true })).toBeVisible();
      await expect(table.getByText("Contoso Production", { exact: true })).toHaveCount(0);
    });

    await test.step("the Owner disables them, confirming by name", async () => {
      const row = page.getByRole("row").filter({ hasText: newUser.email });
      await row.getByRole("button", { name: "Disable" }).click();
      const confirm = page.getByRole("alertdialog", { name: "Disable user" });
      await expect(confirm).toContainText(newUser.email);
      await confirm.getByRole("button", { name: "Disable user" }).click();
      await expect(confirm).toBeHidden();
      await expect(row.getByText("Disabled")).toBeVisible();
    });

    await test.step("their next request finds them signed out, and they cannot sign in again", async () => {
      await theirPage.goto("/");
      await expect(theirPage).toHaveURL((url) => url.pathname === "/sign-in");
      await submitSignInForm(theirPage, { email: newUser.email, password });
      await expect(theirPage.getByRole("alert", { name: "Not signed in" })).toBeVisible();
      await expect(theirPage.getByRole("heading", { level: 1, name: OVERVIEW_HEADING })).toHaveCount(0);
    });
  } finally {
    await other.close();
  }

  await test.step("the audit log records the creation, the role and the disabling, with who did it", async () => {
    await page.goto("/settings/audit-log");
    const events = page.getByRole("table", { name: "Audit events" });
    await page.getByRole("textbox", { name: "Action starts with" }).fill("user.");
    for (const action of ["user.create", "user.disable"]) {
      const row = events.getByRole("row").filter({ hasText: action }).filter({ hasText: newUser.email });
      await expect(row.first()).toContainText(DEMO_ACCOUNTS.owner.email);
    }
    await page.getByRole("textbox", { name: "Action starts with" }).fill("auth.sign_in");
    await expect(events.getByRole("row").filter({ hasText: newUser.email }).first()).toBeVisible();
  });
});
