/**
 * The bad-input corpus of POST /api/v1/scans: each input answers its exact status and a
 * message that says what to do, and nothing is stored (no scan, no finding, no job).
 */
import { gzipSync } from "node:zlib";
import { beforeEach, describe, expect, it } from "vitest";
import * as scansRoute from "@/app/api/v1/scans/route";
import { db } from "@/lib/server/db/client";
import { makeApiToken, makeConnector, makeRepository, makeResourceGroup, makeSubscription, makeUser } from "./factories";
import { call } from "./http";

const REPO_URL = "https://github.example.test/contoso/storefront";
let tokens: { upload: string; read: string; expired: string; revoked: string; elsewhere: string };

beforeEach(async () => {
  const subscription = await makeSubscription("Contoso");
  const group = await makeResourceGroup(subscription.id);
  const connector = await makeConnector(group.id, "contoso-gh");
  const other = await makeConnector(group.id, "fabrikam-gh");
  await makeRepository(connector.id, "storefront", { organizationName: "contoso", fullName: "contoso/storefront", url: REPO_URL });
  await makeRepository(other.id, "payments", { organizationName: "fabrikam", fullName: "fabrikam/payments", url: "https://github.example.test/fabrikam/payments" });
  const admin = await makeUser({ role: "SECURITY_ADMIN" });
  const make = async (options: Partial<Parameters<typeof makeApiToken>[0]>) =>
    (await makeApiToken({ createdById: admin.id, permission: "UPLOAD", scopes: [{ type: "CONNECTOR", id: connector.id }], ...options })).token;
  tokens = {
    upload: await make({}),
    read: await make({ permission: "READ" }),
    expired: await make({ expiresAt: new Date(Date.now() - 1000) }),
    revoked: await make({ revokedAt: new Date() }),
    elsewhere: await make({}),
  };
});

const run = (results: unknown[] = [], extra: Record<string, unknown> = {}) => ({ tool: { driver: { name: "ESLint" } }, results, ...extra });
const log = (runs: unknown[] = [run()]) => ({ version: "2.1.0", runs });
const result = (i = 0, locations = 1) => ({
  ruleId: "no-eval",
  message: { text: `finding ${i}` },
  locations: Array.from({ length: locations }, (_, l) => ({ physicalLocation: { artifactLocation: { uri: `src/f${i}.js` }, region: { startLine: l + 1 } } })),
});

type Attempt = { body?: string | Uint8Array; token?: string | null; query?: string; headers?: Record<string, string> };

async function attempt({ body = JSON.stringify(log()), token = tokens.upload, query = `?repository=${encodeURIComponent(REPO_URL)}`, headers = {} }: Attempt) {
  return call(scansRoute.POST, {
    method: "POST",
    path: `/api/v1/scans${query}`,
    body,
    headers: { "content-type": "application/sarif+json", ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
  });
}

async function expectNothingStored() {
  expect(await db.scan.count()).toBe(0);
  expect(await db.finding.count()).toBe(0);
}

describe("POST /api/v1/scans refuses bad input with its status and a message, storing nothing", () => {
  const cases: [name: string, make: () => Attempt | Promise<Attempt>, status: number, detail: string | RegExp, errors?: { path: string; message: string | RegExp }[]][] = [
    ["invalid JSON", () => ({ body: '{"version": "2.1.0", "runs": [' }), 400, /^The body is not valid JSON \(.+\)\. A SARIF log is a JSON document; check that the file was not truncated\.$/],
    ["an empty body", () => ({ body: "" }), 400, "The request has no body: send the SARIF log as the body."],
    ["a JSON array", () => ({ body: "[]" }), 400, 'The body is an array, not a SARIF log: a SARIF log is a JSON object with "version" and "runs".'],
    [
      "SARIF 1.0",
      () => ({ body: JSON.stringify({ version: "1.0.0", runLogs: [] }) }),
      422,
      'This SARIF log has version "1.0.0"; only SARIF 2.1.0 is accepted. Most tools can write 2.1.0 (e.g. a --sarif-version or output-format option), or convert the log with the SARIF multitool.',
      [{ path: "$.version", message: 'must be "2.1.0"' }],
    ],
    [
      "a schema violation (a result without its message, a run without its tool)",
      () => ({ body: JSON.stringify(log([run([{ ruleId: "no-eval" }]), { results: [] }])) }),
      422,
      "The SARIF log does not match the SARIF 2.1.0 schema: 2 problems.",
      [
        { path: "$.runs[0].results[0].message", message: "is required but missing" },
        { path: "$.runs[1].tool", message: "is required but missing" },
      ],
    ],
    [
      "a body over 10 MB",
      () => ({ body: JSON.stringify(log([run([], { properties: { padding: "x".repeat(10 * 1024 * 1024) } })])) }),
      413,
      /^The upload is larger than 10 MB \(at least [\d,]+ bytes sent\)\. Compress it with gzip \(Content-Encoding: gzip\), or split the log by tool or category\.$/,
    ],
    [
      "a gzip bomb (a few hundred KB that inflate past 100 MB)",
      () => ({ body: new Uint8Array(gzipSync(Buffer.alloc(101 * 1024 * 1024, 0x20))), headers: { "content-encoding": "gzip" } }),
      413,
      "The SARIF log is larger than 100 MB once decompressed. Split it by tool or category, or leave out what ingestion does not need (e.g. run.artifacts contents, code flows).",
    ],
    [
      "a body that says gzip and is not",
      () => ({ body: JSON.stringify(log()), headers: { "content-encoding": "gzip" } }),
      400,
      "The body is not valid gzip although Content-Encoding says gzip. Compress it with gzip, or leave Content-Encoding out.",
    ],
    ["an encoding other than gzip", () => ({ headers: { "content-encoding": "br" } }), 415, "Content-Encoding br is not supported: send the log as it is, or gzip-compressed with Content-Encoding: gzip."],
    ["a media type other than JSON", () => ({ headers: { "content-type": "text/plain" } }), 415, "Send the SARIF log as Content-Type: application/sarif+json (or application/json), not text/plain."],
    [
      "21 runs",
      () => ({ body: JSON.stringify(log(Array.from({ length: 21 }, () => run()))) }),
      422,
      "The SARIF log has 21 runs; at most 20 are accepted in one upload. Upload the runs in several logs.",
      [{ path: "$.runs", message: /at most 20/ }],
    ],
    [
      "25,001 results in a run",
      () => ({ body: JSON.stringify(log([run(Array.from({ length: 25_001 }, (_, i) => result(i)))])) }),
      422,
      "Run 0 (ESLint) has 25,001 results; at most 25,000 per run are accepted. Raise the tool's severity threshold or split the scan.",
      [{ path: "$.runs[0].results", message: /at most 25,000/ }],
    ],
    [
      "1,001 locations in a result",
      () => ({ body: JSON.stringify(log([run([result(0), result(1, 1001)])])) }),
      422,
      "Result 1 of run 0 has 1,001 locations; at most 1,000 per result are accepted.",
      [{ path: "$.runs[0].results[1].locations", message: /at most 1,000/ }],
    ],
    [
      "no repository anywhere",
      () => ({ query: "" }),
      422,
      "Say which repository the log is for: add a repository parameter (its URL, or provider/organization[/project]/name), or a versionControlProvenance entry with repositoryUri to the log's run.",
    ],
    [
      "a repository that is not an address",
      () => ({ query: "?repository=storefront" }),
      422,
      'The repository "storefront" is neither a repository URL nor provider/organization[/project]/name (provider: github, azure-devops or gitlab).',
    ],
    [
      "an unknown repository",
      () => ({ query: `?repository=${encodeURIComponent("https://github.example.test/contoso/nowhere")}` }),
      404,
      "Repository https://github.example.test/contoso/nowhere (from the repository parameter) was not found in the inventory, or is outside this token's scope. Check the address, that discovery has found the repository (Inventory), and the token's scope.",
    ],
    [
      "a repository outside the token's scope (from the log)",
      () => ({ query: "", body: JSON.stringify(log([run([], { versionControlProvenance: [{ repositoryUri: "https://github.example.test/fabrikam/payments" }] })])) }),
      404,
      "Repository https://github.example.test/fabrikam/payments (from the log's versionControlProvenance) was not found in the inventory, or is outside this token's scope. Check the address, that discovery has found the repository (Inventory), and the token's scope.",
    ],
    ["no token", () => ({ token: null }), 401, "Send an API token (Authorization: Bearer rmp_…), or sign in to the console."],
    ["an expired token", () => ({ token: tokens.expired }), 401, "The API token is not valid, has expired or was revoked."],
    ["a revoked token", () => ({ token: tokens.revoked }), 401, "The API token is not valid, has expired or was revoked."],
    ["a read-only token", () => ({ token: tokens.read }), 403, "Your role does not allow you to upload scan results."],
    [
      "an invalid query parameter",
      () => ({ query: `?repository=${encodeURIComponent(REPO_URL)}&commit=${"a".repeat(201)}` }),
      422,
      /^query\.commit: /,
    ],
  ];

  for (const [name, make, status, detail, errors] of cases) {
    it(`${name}: ${status}`, async () => {
      const response = await attempt(await make());
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      if (typeof detail === "string") expect(response.json.detail).toBe(detail);
      else expect(response.json.detail).toMatch(detail);
      if (errors) {
        const got = response.json.errors as { path: string; message: string }[];
        expect(got).toHaveLength(errors.length);
        errors.forEach((e, i) => {
          expect(got[i]!.path).toBe(e.path);
          if (typeof e.message === "string") expect(got[i]!.message).toBe(e.message);
          else expect(got[i]!.message).toMatch(e.message);
        });
      }
      await expectNothingStored();
    });
  }

  it("accepts the same body that the corpus breaks, so the refusals are about the input", async () => {
    const response = await attempt({ body: JSON.stringify(log([run([result(0)])])) });
    expect(response.status).toBe(202);
  });
});
