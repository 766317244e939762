import { createHash, randomBytes } from "node:crypto";
import { ClientApiBase } from "azure-devops-node-api/ClientApiBases";
import type { IRequestHandler } from "azure-devops-node-api/interfaces/common/VsoBaseInterfaces";
import { parse } from "node-html-parser";

/**
 * Helpers for the sandbox's own tests: the browser's part of an OAuth
 * authorization-code flow done with fetch (open the consent page, read its form,
 * submit it, read the redirect), and the Security "has permissions" call that
 * azure-devops-node-api has no client for.
 */

export interface Pkce {
  verifier: string;
  challenge: string;
}

/** RFC 7636: a random verifier and its S256 challenge. */
export function pkce(): Pkce {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface ConsentForm {
  /** Absolute URL the form posts to. */
  action: string;
  hidden: [string, string][];
  logins: string[];
  selectedLogin: string | undefined;
  heading: string;
  /** The text of the label pointing at the login select (accessible name). */
  loginLabel: string | undefined;
  buttons: { name: string; value: string; text: string }[];
  permissions: string[];
}

export async function openConsentPage(url: URL): Promise<{ status: number; form: ConsentForm | null; html: string }> {
  const response = await fetch(url, { redirect: "manual" });
  const html = await response.text();
  const root = parse(html);
  const form = root.querySelector("form");
  if (!form) return { status: response.status, form: null, html };
  const select = form.querySelector("select[name=login]");
  const selectId = select?.getAttribute("id");
  return {
    status: response.status,
    html,
    form: {
      action: new URL(form.getAttribute("action") ?? url.pathname, url).toString(),
      hidden: form.querySelectorAll("input[type=hidden]").map((i) => [i.getAttribute("name") ?? "", i.getAttribute("value") ?? ""]),
      logins: select?.querySelectorAll("option").map((o) => o.getAttribute("value") ?? "") ?? [],
      selectedLogin: select?.querySelectorAll("option").find((o) => o.hasAttribute("selected"))?.getAttribute("value"),
      heading: root.querySelector("h1")?.text.trim() ?? "",
      loginLabel: selectId ? root.querySelector(`label[for=${selectId}]`)?.text.trim() : undefined,
      buttons: form.querySelectorAll("button").map((b) => ({ name: b.getAttribute("name") ?? "", value: b.getAttribute("value") ?? "", text: b.text.trim() })),
      permissions: root.querySelectorAll("ul li code").map((c) => c.text.trim()),
    },
  };
}

/** Submits the consent form as a browser would (the chosen button's name/value included); returns the redirect. */
export async function submitConsent(form: ConsentForm, decision: "accept" | "cancel", login?: string): Promise<{ status: number; location: URL | null }> {
  const body = new URLSearchParams(form.hidden);
  body.set("login", login ?? form.selectedLogin ?? "");
  body.set("decision", decision);
  const response = await fetch(form.action, { method: "POST", body, redirect: "manual" });
  await response.arrayBuffer();
  const location = response.headers.get("location");
  return { status: response.status, location: location ? new URL(location) : null };
}

/** GET the authorization endpoint, then Accept or Cancel as `login`: the URL the browser is sent back to. */
export async function authorize(endpoint: string, parameters: Record<string, string>, choice: { decision?: "accept" | "cancel"; login?: string } = {}): Promise<URL> {
  const url = new URL(endpoint);
  for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
  const page = await openConsentPage(url);
  if (!page.form) throw new Error(`no consent form at ${url.toString()} (status ${page.status})`);
  const answer = await submitConsent(page.form, choice.decision ?? "accept", choice.login);
  if (answer.status !== 302 || !answer.location) throw new Error(`consent answered ${answer.status} without a redirect`);
  return answer.location;
}

export async function postForm(url: string, parameters: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { method: "POST", body: new URLSearchParams(parameters), headers, redirect: "manual" });
}

/**
 * Security — Has Permissions (GET _apis/permissions/{namespace}/{bits}?tokens=…),
 * written the way azure-devops-node-api writes its clients: the location comes from
 * the organization's OPTIONS answer, the api-version is negotiated.
 */
export class SecurityPermissionsClient extends ClientApiBase {
  constructor(organizationUrl: string, handlers: IRequestHandler[]) {
    super(organizationUrl, handlers, "rampart-sandbox-tests");
  }

  async hasPermissions(securityNamespaceId: string, permissions: number, tokens: string[], alwaysAllowAdministrators = false): Promise<boolean[]> {
    const versioning = await this.vsoClient.getVersioningData(
      "7.1",
      "Security",
      "dd3b8bd6-c7fc-4cbd-929a-933d9c011c9d",
      { securityNamespaceId, permissions },
      { tokens: tokens.join(","), alwaysAllowAdministrators },
    );
    if (!versioning.requestUrl) throw new Error("the organization does not serve Security/Permissions");
    const response = await this.rest.get<{ count: number; value: boolean[] }>(versioning.requestUrl, this.createRequestOptions("application/json", versioning.apiVersion));
    return this.formatResponse(response.result, null, true) as boolean[];
  }
}

/**
 * An access token for `login` (default: the provider's admin) through the provider's
 * whole authorization-code flow, for tests that need one and are not about OAuth.
 * Scopes default to what Rampart asks for.
 */
export async function issueToken(
  endpoints: { github: { webUrl: string; clientId: string; clientSecret: string }; gitlab: { url: string; clientId: string; clientSecret: string }; azureDevOps: { entraUrl: string; tenantId: string; clientId: string; clientSecret: string } },
  provider: "github" | "gitlab" | "azure-devops",
  options: { login?: string; scope?: string } = {},
): Promise<string> {
  const redirectUri = "http://127.0.0.1:3000/callback";
  const [authorizeUrl, tokenUrl, client, scope] =
    provider === "github"
      ? [`${endpoints.github.webUrl}/login/oauth/authorize`, `${endpoints.github.webUrl}/login/oauth/access_token`, endpoints.github, "repo read:org"]
      : provider === "gitlab"
        ? [`${endpoints.gitlab.url}/oauth/authorize`, `${endpoints.gitlab.url}/oauth/token`, endpoints.gitlab, "api read_user read_repository"]
        : [
            `${endpoints.azureDevOps.entraUrl}/${endpoints.azureDevOps.tenantId}/oauth2/v2.0/authorize`,
            `${endpoints.azureDevOps.entraUrl}/${endpoints.azureDevOps.tenantId}/oauth2/v2.0/token`,
            endpoints.azureDevOps,
            "499b84ac-1321-427f-aa17-267ca6975798/.default offline_access",
          ];
  const { verifier, challenge } = pkce();
  const back = await authorize(
    authorizeUrl,
    { client_id: client.clientId, redirect_uri: redirectUri, response_type: "code", scope: options.scope ?? scope, state: "s", code_challenge: challenge, code_challenge_method: "S256" },
    { login: options.login },
  );
  const response = await postForm(
    tokenUrl,
    { client_id: client.clientId, client_secret: client.clientSecret, grant_type: "authorization_code", code: back.searchParams.get("code") ?? "", redirect_uri: redirectUri, code_verifier: verifier },
    { accept: "application/json" },
  );
  const body = (await response.json()) as { access_token?: string; error?: string };
  if (!body.access_token) throw new Error(`no ${provider} token for ${options.login ?? "the admin"}: ${body.error ?? response.status}`);
  return body.access_token;
}
