/**
 * Sign-in through a real OpenID Connect issuer (e2e/support/oidc-issuer.mjs, started
 * by playwright.config.ts): authorization code with PKCE and state, the issuer's own
 * login and consent pages, and Rampart's rule that only an existing account with the
 * same verified email may sign in.
 */
import { expect, test, type Page } from "@playwright/test";
import { signInError } from "./fixtures";

async function signInAtIssuer(page: Page, login: string) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in with Test SSO" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("an identity whose verified email matches an account signs in as that account", async ({ page }) => {
  await signInAtIssuer(page, "owner");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("button", { name: "Account menu for Olivia Owner" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "DevOps security" })).toBeVisible();
});

test("an identity without a Rampart account is refused with the reason", async ({ page }) => {
  await signInAtIssuer(page, "stranger");
  await expect(page).toHaveURL(/\/sign-in\?error=NoAccount/);
  await expect(signInError(page)).toContainText("There is no Rampart account for that identity");
});

test("an email the issuer has not verified is never matched to an account", async ({ page }) => {
  await signInAtIssuer(page, "unverified");
  await expect(page).toHaveURL(/\/sign-in\?error=NoAccount/);
});
