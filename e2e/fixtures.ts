import { expect, request as playwrightRequest, type APIRequestContext, type APIResponse, type BrowserContext, type Page } from "@playwright/test";
import { openConsentPage, submitConsent } from "../sandbox/test-support";

/**
 * Shared helpers of the end-to-end suite: the demo accounts (as demo mode seeds them,
 * lib/server/demo/demo-accounts.ts), signing in through the sign-in page, and API
 * clients signed in through next-auth's credentials endpoint.
 */

export type DemoRole = "owner" | "contributor" | "admin" | "reader" | "prodReader";

export interface DemoAccount {
  email: string;
  password: string;
  /** The display name the shell shows in its account menu. */
  name: string;
  /** The role as the sign-in page and the shell label it. */
  roleLabel: string;
  /** Only Owners manage users and read the audit log. */
  isOwner: boolean;
}

export const DEMO_ACCOUNTS: Record<DemoRole, DemoAccount> = {
  owner: { email: "owner@demo.rampart.local", password: "rampart-demo-owner", name: "Olivia Owner", roleLabel: "Owner", isOwner: true },
  contributor: {
    email: "contributor@demo.rampart.local",
    password: "rampart-demo-contributor",
    name: "Carlos Contributor",
    roleLabel: "Contributor",
    isOwner: false,
  },
  admin: { email: "admin@demo.rampart.local", password: "rampart-demo-admin", name: "Sam Security-Admin", roleLabel: "Security Admin", isOwner: false },
  reader: { email: "reader@demo.rampart.local", password: "rampart-demo-reader", name: "Morgan Manager", roleLabel: "Security Reader", isOwner: false },
  prodReader: {
    email: "prod-reader@demo.rampart.local",
    password: "rampart-demo-prod-reader",
    name: "Priya Production-Reader",
    roleLabel: "Security Reader",
    isOwner: false,
  },
};

export const DEMO_SUBSCRIPTIONS = { production: "Contoso Production", development: "Contoso Development" } as const;

/** The main heading of the Overview page. */
export const OVERVIEW_HEADING = "DevOps security";

/** Every item of the left navigation; every demo role may see each of them. */
export const NAV_LABELS = ["Overview", "Inventory", "Recommendations", "Environment settings", "Settings"] as const;

export interface Credentials {
  email: string;
  password: string;
  name?: string;
}

/** Fills the sign-in page's form and submits it (no check of the outcome). */
export async function submitSignInForm(page: Page, credentials: Credentials): Promise<void> {
  await page.getByRole("textbox", { name: "Email", exact: true }).fill(credentials.email);
  await page.getByRole("textbox", { name: "Password", exact: true }).fill(credentials.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs in through the sign-in page and waits for the Overview. */
export async function signInAs(page: Page, account: Credentials): Promise<void> {
  await page.goto("/sign-in");
  await submitSignInForm(page, account);
  await expect(page.getByRole("heading", { level: 1, name: OVERVIEW_HEADING })).toBeVisible();
  await expect(page).toHaveURL((url) => url.pathname === "/");
  if (account.name) await expect(accountMenu(page, account.name)).toBeVisible();
}

/** The shell's account menu button. */
export function accountMenu(page: Page, name: string) {
  return page.getByRole("button", { name: `Account menu for ${name}` });
}

/** The sign-in form's error message (a MessageBar titled "Not signed in"). */
export function signInError(page: Page) {
  return page.getByRole("alert", { name: "Not signed in" });
}

/** Opens the account menu and signs out, then waits for the sign-in page. */
export async function signOut(page: Page, name: string): Promise<void> {
  await accountMenu(page, name).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL((url) => url.pathname === "/sign-in");
}

/** The `Cookie` header value of a browser context, for requests sent outside it. */
export async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

/** Posts to next-auth's credentials callback the way the sign-in form does. */
export async function postCredentials(api: APIRequestContext, credentials: Credentials): Promise<APIResponse> {
  const csrf = await api.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  return api.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: credentials.email, password: credentials.password, callbackUrl: "/", json: "true" },
    maxRedirects: 0,
  });
}

/**
 * An API client signed in as `account`: its session cookie lives in the returned
 * context. Dispose of it when done.
 */
export async function apiAs(baseURL: string | undefined, account: Credentials): Promise<APIRequestContext> {
  const api = await playwrightRequest.newContext({ baseURL });
  const response = await postCredentials(api, account);
  expect(response.status(), `sign-in of ${account.email}`).toBe(200);
  const me = await api.get("/api/me");
  expect(me.status(), `GET /api/me after signing in as ${account.email}`).toBe(200);
  return api;
}

/** A problem+json error body, as every API error is answered. */
export interface Problem {
  title: string;
  status: number;
  detail: string;
  requestId: string;
  retryAfterSeconds?: number;
}

/** Asserts the status and problem+json shape of an error answer, and returns its body. */
export async function expectProblem(response: APIResponse, status: number): Promise<Problem> {
  expect(response.status(), `${response.url()} status`).toBe(status);
  expect(response.headers()["content-type"]).toContain("application/problem+json");
  const problem = (await response.json()) as Problem;
  expect(problem).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), requestId: expect.any(String) });
  return problem;
}

/**
 * Connects a sandbox organization without the wizard (for tests about what comes after):
 * starts the authorization, accepts the sandbox's consent page, follows the redirect
 * into Rampart's callback, and creates the connector in the named resource group.
 * Answers the connector's id. The discovery queued at creation runs in npm start's worker.
 */
export async function connectSandboxOrganization(
  baseURL: string | undefined,
  account: Credentials,
  options: {
    provider: "GITHUB" | "AZURE_DEVOPS" | "GITLAB";
    organization: string;
    name: string;
    subscription: string;
    resourceGroup: string;
    /** Agentless scanning with these scanners; off unless given, so that a test's own uploads are all its repositories hold. */
    scanners?: string[];
  },
): Promise<string> {
  const api = await apiAs(baseURL, account);
  try {
    const started = await api.post("/api/connector-authorizations", { data: { provider: options.provider, host: "sandbox", returnTo: "/environments/new" } });
    expect(started.status(), await started.text()).toBe(201);
    const { authorizeUrl } = (await started.json()) as { authorizeUrl: string };
    // The consent page is the sandbox's (no Rampart cookie needed); the redirect back is Rampart's.
    const { form } = await openConsentPage(new URL(authorizeUrl));
    expect(form, "the sandbox's consent page has a form").not.toBeNull();
    const answered = await submitConsent(form!, "accept");
    const back = await api.get(answered.location!.toString(), { maxRedirects: 0 });
    const authorizationId = new URL(back.headers().location!, baseURL).searchParams.get("authorization");
    expect(authorizationId, back.headers().location).toBeTruthy();

    const orgs = (await (await api.get(`/api/connector-authorizations/${authorizationId}/organizations`)).json()) as { organizations: { id: string; name: string; available: boolean }[] };
    const org = orgs.organizations.find((o) => o.name === options.organization && o.available);
    expect(org, `${options.organization} can be onboarded`).toBeDefined();
    const { subscriptions } = (await (await api.get("/api/subscriptions")).json()) as { subscriptions: { name: string; resourceGroups: { id: string; name: string }[] }[] };
    const group = subscriptions.find((s) => s.name === options.subscription)!.resourceGroups.find((g) => g.name === options.resourceGroup)!;
    const created = await api.post("/api/connectors", {
      data: {
        provider: options.provider,
        host: "sandbox",
        name: options.name,
        resourceGroup: { id: group.id },
        region: "northeurope",
        authorizationId,
        organizations: { mode: "SELECTED", ids: [org!.id] },
        scanning: { enabled: Boolean(options.scanners?.length), scanners: options.scanners?.length ? options.scanners : ["eslint", "secrets"], scopeMode: "EXCLUSION", scopeEntries: [], autodiscovery: true },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    return ((await created.json()) as { connector: { id: string } }).connector.id;
  } finally {
    await api.dispose();
  }
}
