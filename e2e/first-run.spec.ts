import { expect, test } from "@playwright/test";
import { accountMenu, OVERVIEW_HEADING, signInAs, signOut } from "./fixtures";

/**
 * The first start of a Rampart without demo mode: nobody has an account, so the
 * console sends everyone to /setup until the first Owner exists. Runs against its
 * own server (project "first-run"), in order: each test builds on the one before.
 */
test.describe.configure({ mode: "serial" });

const owner = { name: "Fiona First", email: "fiona@example.test", password: "first-owner-password-1" };

test("the console opens at first-run setup", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL((url) => url.pathname === "/setup");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome to Rampart" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create Owner and sign in" })).toBeVisible();

  await page.goto("/sign-in");
  await expect(page).toHaveURL((url) => url.pathname === "/setup");
});

test("setup explains a password that is too short", async ({ page }) => {
  await page.goto("/setup");
  await page.getByRole("textbox", { name: "Your name" }).fill(owner.name);
  await page.getByRole("textbox", { name: "Email" }).fill(owner.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill("too-short");
  await page.getByRole("textbox", { name: "Confirm password" }).fill("too-short");
  await page.getByRole("button", { name: "Create Owner and sign in" }).click();

  await expect(page.getByText("must be at least 12 characters")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Password", exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL((url) => url.pathname === "/setup");

  // Nothing was created: setup is still there after a reload.
  const response = await page.reload();
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("button", { name: "Create Owner and sign in" })).toBeVisible();
});

test("creating the first Owner signs them in to an empty Overview", async ({ page }) => {
  await page.goto("/setup");
  await page.getByRole("textbox", { name: "Your name" }).fill(owner.name);
  await page.getByRole("textbox", { name: "Email" }).fill(owner.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(owner.password);
  await page.getByRole("textbox", { name: "Confirm password" }).fill(owner.password);
  await page.getByRole("button", { name: "Create Owner and sign in" }).click();

  await expect(page).toHaveURL((url) => url.pathname === "/");
  await expect(page.getByRole("heading", { level: 1, name: OVERVIEW_HEADING })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No environments connected yet" })).toBeVisible();
  await expect(accountMenu(page, owner.name)).toContainText("Owner");
});

test("setup is gone once the Owner exists", async ({ page, request }) => {
  const response = await page.goto("/setup");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Create Owner and sign in" })).toHaveCount(0);

  const again = await request.post("/api/setup", {
    data: { name: "Second Owner", email: "second@example.test", password: "second-owner-password" },
  });
  expect(again.status()).toBe(404);
  expect(again.headers()["content-type"]).toContain("application/problem+json");
});

test("the sign-in page lists no demo accounts, and the Owner signs in with the new password", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL((url) => url.pathname === "/sign-in");
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
  await expect(page.getByRole("region", { name: "Demo accounts" })).toHaveCount(0);
  await expect(page.getByText("Demo mode")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /demo account/ })).toHaveCount(0);

  await signInAs(page, owner);
  await signOut(page, owner.name);
  await expect(page.getByText("You are signed out.")).toBeVisible();
});
