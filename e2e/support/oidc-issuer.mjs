// A real OpenID Connect issuer on loopback for the browser tests (panva's
// oidc-provider, the certified implementation), standing in for Entra ID, Okta or
// Keycloak, which no machine here can reach. Its built-in login and consent pages
// take any password: the account is chosen by the login name typed there.
//
//   node e2e/support/oidc-issuer.mjs <port> <rampart base url>
import http from "node:http";
import Provider from "oidc-provider";

const port = Number(process.argv[2] ?? 3212);
const rampart = (process.argv[3] ?? "http://127.0.0.1:3210").replace(/\/+$/, "");
const issuer = `http://127.0.0.1:${port}`;

/** Login names the test may type, and the claims each one gets. */
const ACCOUNTS = {
  owner: { email: "owner@demo.rampart.local", email_verified: true, name: "Olivia (SSO)" },
  stranger: { email: "stranger@example.test", email_verified: true, name: "Stranger" },
  unverified: { email: "owner@demo.rampart.local", email_verified: false, name: "Unverified" },
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "rampart-e2e",
      client_secret: "rampart-e2e-secret",
      redirect_uris: [`${rampart}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  async findAccount(_ctx, id) {
    const claims = ACCOUNTS[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
});
provider.proxy = false;

http.createServer(provider.callback()).listen(port, "127.0.0.1", () => {
  console.log(`test OIDC issuer listening on ${issuer} for ${rampart}`);
});
