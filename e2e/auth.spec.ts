import { expect, test } from "@playwright/test";
import {
  accountMenu,
  cookieHeader,
  DEMO_ACCOUNTS,
  expectProblem,
  NAV_LABELS,
  postCredentials,
  signInAs,
  signInError,
  signOut,
  submitSignInForm,
  type DemoRole,
} from "./fixtures";

/**
 * Signing in and out with every demo role, wrong passwords, and the limit on failed
 * sign-ins. Failed sign-ins count per address too (20 in 15 minutes, and all of the
 * suite comes from 127.0.0.1): this file makes 6 of them, the rest of the suite none.
 */

for (const role of Object.keys(DEMO_ACCOUNTS) as DemoRole[]) {
  const account = DEMO_ACCOUNTS[role];

  test(`${account.roleLabel} ${account.email} signs in and out`, async ({ page, context, request }) => {
    await signInAs(page, account);

    await test.step("the shell shows who is signed in and the navigation of the role", async () => {
      await expect(accountMenu(page, account.name)).toContainText(account.name);
      await expect(accountMenu(page, account.name)).toContainText(account.roleLabel);
      const nav = page.getByRole("navigation", { name: "Main navigation" });
      for (const label of NAV_LABELS) await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
    });

    await test.step("Settings opens the tabs the role may use", async () => {
      await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link", { name: "Settings", exact: true }).click();
      const tabs = page.getByRole("navigation", { name: "Settings" });
      if (account.isOwner) {
        await expect(page).toHaveURL((url) => url.pathname === "/settings/users");
        await expect(page.getByRole("heading", { level: 1, name: "Users and roles" })).toBeVisible();
        await expect(tabs.getByRole("tab", { name: "Users and roles" })).toBeVisible();
        await expect(tabs.getByRole("tab", { name: "Audit log" })).toBeVisible();
      } else {
        await expect(page).toHaveURL((url) => url.pathname === "/settings/subscriptions");
        await expect(page.getByRole("heading", { level: 1, name: "Subscriptions" })).toBeVisible();
        await expect(tabs.getByRole("tab", { name: "Subscriptions" })).toBeVisible();
        await expect(tabs.getByRole("tab", { name: "Users and roles" })).toHaveCount(0);
        await expect(tabs.getByRole("tab", { name: "Audit log" })).toHaveCount(0);
      }
    });

    await test.step(`/settings/users is ${account.isOwner ? "open to" : "not found for"} the role`, async () => {
      const response = await page.goto("/settings/users");
      if (account.isOwner) {
        expect(response?.status()).toBe(200);
        await expect(page.getByRole("table", { name: "Users" })).toBeVisible();
      } else {
        expect(response?.status()).toBe(404);
        await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
        await expect(page.getByRole("table", { name: "Users" })).toHaveCount(0);
      }
    });

    // The session cookie as it is before signing out, to replay it afterwards.
    const cookie = await cookieHeader(context);
    expect(cookie).toContain("rampart.session-token=");
    expect((await request.get("/api/me", { headers: { cookie } })).status()).toBe(200);

    await test.step("signing out through the account menu", async () => {
      await page.goto("/");
      await signOut(page, account.name);
      await expect(page.getByText("You are signed out.")).toBeVisible();
      await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    });

    await test.step("the session is over in the browser and on the server", async () => {
      await page.goto("/");
      await expect(page).toHaveURL((url) => url.pathname === "/sign-in");
      await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
      // The old cookie, replayed: the server ended the session, not only the browser.
      await expectProblem(await request.get("/api/me", { headers: { cookie } }), 401);
    });
  });
}

test("a wrong password is refused with a message", async ({ page }) => {
  const account = DEMO_ACCOUNTS.contributor;
  await page.goto("/sign-in");
  await submitSignInForm(page, { email: account.email, password: "not-the-password" });
  const alert = signInError(page);
  await expect(alert).toContainText("The email or password is not right.");
  await expect(page).toHaveURL((url) => url.pathname === "/sign-in");
  await expect(accountMenu(page, account.name)).toHaveCount(0);
});

test("failed sign-ins of one account are limited: the sixth is refused with 429", async ({ page, request }) => {
  // Not an account: failures still count against the address typed in.
  const nobody = { email: "nobody@example.test", password: "wrong-password-1" };
  await page.goto("/sign-in");
  const alert = signInError(page);

  const attempt = async () => {
    const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/auth/callback/credentials");
    await submitSignInForm(page, nobody);
    return answered;
  };

  for (let i = 1; i <= 5; i++) {
    await test.step(`wrong attempt ${i}`, async () => {
      const response = await attempt();
      expect(response.status()).toBe(401);
      // The wording of this message is the wrong-password test's business.
      await expect(alert).toBeVisible();
      await expect(alert).not.toContainText("Too many failed sign-ins");
    });
  }

  await test.step("the sixth attempt shows the limit", async () => {
    const response = await attempt();
    expect(response.status()).toBe(429);
    await expect(alert).toContainText(/Too many failed sign-ins\. Try again in \d+ minutes?\./);
    await expect(page).toHaveURL((url) => url.pathname === "/sign-in");
  });

  await test.step("the API answers 429 with Retry-After", async () => {
    const response = await postCredentials(request, nobody);
    const problem = await expectProblem(response, 429);
    const retryAfter = Number(response.headers()["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(problem.retryAfterSeconds).toBeGreaterThan(0);
    expect(problem.detail).toMatch(/^Too many failed sign-ins\./);
  });
});
