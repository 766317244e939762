/**
 * The connector flow as a browser drives it, for tests: start an authorization, answer
 * the SCM sandbox's consent page, follow the redirect into Rampart's callback, and
 * create connectors from the outcome, all through the route handlers.
 */
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import * as authorizationRoute from "@/app/api/connector-authorizations/route";
import * as callbackRoute from "@/app/api/connector-authorizations/callback/[provider]/route";
import * as organizationsRoute from "@/app/api/connector-authorizations/[id]/organizations/route";
import * as connectorsRoute from "@/app/api/connectors/route";
import { DEFAULT_SCANNING, PROVIDER_SLUGS, type OrganizationOption, type OrganizationsInput, type ProviderName, type ScanningSettings } from "@/lib/schemas/connectors";
import { publishRuntimeSettings } from "@/lib/server/env";
import { startScmSandbox, type ScmSandbox } from "@/sandbox/index";
import { openConsentPage, submitConsent } from "@/sandbox/test-support";
import { makeResourceGroup, makeSubscription, userWithSession } from "./factories";
import { BASE_URL, call } from "./http";

/** Starts one sandbox for the test file (reset before each test) and points Rampart at it. */
export function startSandboxForFile(options: { accessTokenSeconds?: number } = {}): () => ScmSandbox {
  let sandbox: ScmSandbox | undefined;
  beforeAll(async () => {
    sandbox = await startScmSandbox({ port: 0, ...options });
    publishRuntimeSettings({ sandboxUrl: sandbox.url });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  beforeEach(async () => {
    await sandbox!.control.reset();
  });
  return () => sandbox!;
}

/** The sandbox's consent page, answered with the button whose text is `choice`: the URL the browser is sent back to. */
export async function answerConsent(authorizeUrl: string, choice: "Accept" | "Cancel", login?: string): Promise<URL> {
  const { status, form } = await openConsentPage(new URL(authorizeUrl));
  expect(status).toBe(200);
  expect(form, "the consent page has a form").not.toBeNull();
  expect(form!.buttons.map((b) => b.text), `the consent page has a ${choice} button`).toContain(choice);
  const answer = await submitConsent(form!, choice === "Accept" ? "accept" : "cancel", login);
  expect(answer.status).toBeGreaterThanOrEqual(300);
  expect(answer.status).toBeLessThan(400);
  return answer.location!;
}

export interface Flow {
  cookie: string;
  userId: string;
}

export async function startAuthorization(flow: Flow, provider: ProviderName) {
  const started = await call(authorizationRoute.POST, {
    method: "POST",
    path: "/api/connector-authorizations",
    cookie: flow.cookie,
    body: { provider, host: "sandbox", returnTo: "/environments/new" },
  });
  expect(started.status, started.json?.detail).toBe(201);
  return started.json.authorizeUrl as string;
}

/** Follows the provider's redirect into Rampart's callback; answers where Rampart sends the browser. */
export async function callback(flow: Flow, provider: ProviderName, redirect: URL): Promise<URL> {
  const result = await call(callbackRoute.GET, {
    path: `${redirect.pathname}${redirect.search}`,
    params: { provider: PROVIDER_SLUGS[provider] },
    cookie: flow.cookie,
  });
  expect(result.status).toBe(303);
  return new URL(result.headers.get("location")!);
}

export async function authorize(flow: Flow, provider: ProviderName, login?: string): Promise<string> {
  const redirect = await answerConsent(await startAuthorization(flow, provider), "Accept", login);
  expect(`${redirect.origin}${redirect.pathname}`).toBe(`${BASE_URL}/api/connector-authorizations/callback/${PROVIDER_SLUGS[provider]}`);
  const back = await callback(flow, provider, redirect);
  expect(back.pathname).toBe("/environments/new");
  expect(back.searchParams.get("authorizationError"), back.searchParams.get("authorizationMessage") ?? "").toBeNull();
  return back.searchParams.get("authorization")!;
}

export async function organizations(flow: Flow, authorizationId: string) {
  return call(organizationsRoute.GET, { path: `/api/connector-authorizations/${authorizationId}/organizations`, params: { id: authorizationId }, cookie: flow.cookie });
}

export async function contributor(): Promise<Flow> {
  const { user, cookie } = await userWithSession({ role: "CONTRIBUTOR" });
  return { cookie, userId: user.id };
}

export async function createConnector(
  flow: Flow,
  provider: ProviderName,
  authorizationId: string,
  name: string,
  ids?: string[],
  settings: { organizations?: OrganizationsInput; scanning?: ScanningSettings } = {},
) {
  const subscription = await makeSubscription(`Sub ${name}`);
  const group = await makeResourceGroup(subscription.id, `rg-${name}`);
  const options = (await organizations(flow, authorizationId)).json.organizations as OrganizationOption[];
  const chosen = ids ?? (settings.organizations ? [] : [options.find((o) => o.available)!.id]);
  const result = await call(connectorsRoute.POST, {
    method: "POST",
    path: "/api/connectors",
    cookie: flow.cookie,
    body: {
      provider,
      host: "sandbox",
      name,
      resourceGroup: { id: group.id },
      region: "westeurope",
      authorizationId,
      organizations: settings.organizations ?? { mode: "SELECTED", ids: chosen },
      scanning: settings.scanning ?? DEFAULT_SCANNING,
    },
  });
  expect(result.status, JSON.stringify(result.json)).toBe(201);
  return result.json.connector as { id: string; organizations: { list: { id: string; name: string }[] } };
}

