import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { codeSetFor } from "./git/code-sets";
import { gitEnvironment } from "./git/process";
import { AZURE_DEVOPS_USERS, connectSandboxControl, GITHUB_USERS, GITLAB_USERS, SandboxControlError, startScmSandbox, type Provider, type ScmSandbox } from "./index";
import { issueToken } from "./test-support";

// Real `git` against the sandbox's Git over HTTP: shallow clones of the default branch
// at the clone URLs the APIs advertise, each provider's rules for who may clone what,
// and the test controls that change what a clone gets.

let sandbox: ScmSandbox;
let work: string;
let clones = 0;

beforeAll(async () => {
  sandbox = await startScmSandbox();
  work = await mkdtemp(path.join(tmpdir(), "rampart-sandbox-git-test-"));
});
afterAll(async () => {
  await sandbox.close();
  await rm(work, { recursive: true, force: true });
});
beforeEach(async () => {
  await sandbox.control.reset();
});

interface GitRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs git with no user configuration, no credential helper and no prompts (a prompt fails at once). */
function git(args: string[], cwd = work): Promise<GitRun> {
  const env = gitEnvironment({ HOME: work, GIT_ASKPASS: "" });
  const started = Date.now();
  return new Promise((resolve) => {
    execFile("git", args, { cwd, env, timeout: 20_000, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** `git clone --depth 1 [--branch b] url` into a new folder, with the token as a Bearer header when given. */
async function clone(url: string, options: { bearer?: string; branch?: string } = {}): Promise<GitRun & { dir: string }> {
  const dir = path.join(work, `clone-${++clones}`);
  const auth = options.bearer ? ["-c", `http.extraHeader=Authorization: Bearer ${options.bearer}`] : [];
  const branch = options.branch ? ["--branch", options.branch] : [];
  return { ...(await git([...auth, "clone", "--depth", "1", ...branch, url, dir])), dir };
}

async function head(dir: string): Promise<{ sha: string; author: string; date: string; commits: number }> {
  const log = await git(["log", "-1", "--format=%H|%an <%ae>|%cn <%ce>|%aI"], dir);
  const [sha = "", author = "", committer = "", date = ""] = log.stdout.trim().split("|");
  expect(committer).toBe(author);
  const count = await git(["rev-list", "--count", "HEAD"], dir);
  return { sha, author, date, commits: Number(count.stdout.trim()) };
}

/** The sha a branch has on the server (`git ls-remote`). */
async function remoteSha(url: string, ref: string, bearer?: string): Promise<string> {
  const auth = bearer ? ["-c", `http.extraHeader=Authorization: Bearer ${bearer}`] : [];
  const run = await git([...auth, "ls-remote", url, ref]);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.split("\t")[0] ?? "";
}

function withCredentials(url: string, username: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(username);
  u.password = encodeURIComponent(password);
  return u.toString();
}

const infoRefs = (url: string, headers: Record<string, string> = {}, service = "git-upload-pack") => fetch(`${url}/info/refs?service=${service}`, { headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const token = (provider: Provider, login?: string, scope?: string) => issueToken(sandbox, provider, { login, scope });

const SANDBOX_AUTHOR = "Sandbox <sandbox@example.invalid>";

describe("GitHub", () => {
  async function repository(name: string, accessToken: string): Promise<{ clone_url: string; default_branch: string; pushed_at: string; size: number }> {
    const response = await fetch(`${sandbox.github.apiUrl}/repos/${name}`, { headers: bearer(accessToken) });
    expect(response.status).toBe(200);
    return (await response.json()) as { clone_url: string; default_branch: string; pushed_at: string; size: number };
  }

  it("clones the default branch shallowly at the API's clone_url, with the token as a Bearer header or as the Basic password", async () => {
    const admin = await token("github");
    const repo = await repository("contoso-web/payments-gateway", admin);
    expect(repo.clone_url).toBe(`${sandbox.url}/github/contoso-web/payments-gateway.git`);
    expect(repo.default_branch).toBe("develop");

    const withBearer = await clone(repo.clone_url, { bearer: admin, branch: repo.default_branch });
    expect(withBearer.code, withBearer.stderr).toBe(0);
    expect(await head(withBearer.dir)).toMatchObject({ author: SANDBOX_AUTHOR, date: "2026-11-19T11:20:33Z".replace("Z", "+00:00"), commits: 1 });
    expect((await git(["branch", "--show-current"], withBearer.dir)).stdout.trim()).toBe("develop");
    // "payments-gateway" carries the node set.
    expect(existsSync(path.join(withBearer.dir, "SECURITY-SAMPLE.md"))).toBe(true);
    expect(await readFile(path.join(withBearer.dir, "src/server.js"), "utf8")).toContain("eval(rule)");

    for (const [username, password] of [
      ["x-access-token", admin],
      [admin, "x-oauth-basic"],
    ] as const) {
      const withBasic = await clone(withCredentials(repo.clone_url, username, password), { branch: "develop" });
      expect(withBasic.code, withBasic.stderr).toBe(0);
      expect((await head(withBasic.dir)).sha).toBe((await head(withBearer.dir)).sha);
    }
    // Without ".git" too, as on GitHub.
    expect(await remoteSha(repo.clone_url.replace(/\.git$/, ""), "refs/heads/develop", admin)).toBe((await head(withBearer.dir)).sha);
  });

  it("lets anyone clone a public repository and asks for credentials (401) for anything else, known or not, without hanging", async () => {
    const url = (name: string) => `${sandbox.github.webUrl}/contoso-web/${name}.git`;
    const open = await clone(url("marketing-site"));
    expect(open.code, open.stderr).toBe(0);

    for (const name of ["storefront-web", "no-such-repository"]) {
      const refused = await clone(url(name));
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/could not read Username|terminal prompts disabled/);
      expect(refused.ms).toBeLessThan(5_000);
      const response = await infoRefs(url(name));
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Basic realm="GitHub"');
    }

    const invalid = await clone(url("storefront-web"), { bearer: "ghu_not-a-sandbox-token" });
    expect(invalid.code).not.toBe(0);
    expect((await infoRefs(url("storefront-web"), bearer("ghu_not-a-sandbox-token"))).status).toBe(401);
    const wrongPassword = await clone(withCredentials(url("storefront-web"), "x-access-token", "wrong"));
    expect(wrongPassword.stderr).toMatch(/Invalid username or token|Authentication failed/);
  });

  it("answers 404 for what the token's user cannot see or what does not exist, and 401 once the token is revoked", async () => {
    // ratelimited-lee is not in fabrikam-platform.
    const outsider = await token("github", GITHUB_USERS.rateLimited);
    const hidden = await clone(`${sandbox.github.webUrl}/fabrikam-platform/platform-core.git`, { bearer: outsider });
    expect(hidden.code).not.toBe(0);
    expect(hidden.stderr).toContain("remote: Repository not found.");
    const response = await infoRefs(`${sandbox.github.webUrl}/fabrikam-platform/platform-core.git`, bearer(outsider));
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("Repository not found.\n");

    const admin = await token("github");
    expect((await infoRefs(`${sandbox.github.webUrl}/contoso-web/no-such-repository.git`, bearer(admin))).status).toBe(404);
    expect((await infoRefs(`${sandbox.github.webUrl}/fabrikam-platform/platform-core.git`, bearer(admin))).status).toBe(200);

    await sandbox.control.revokeTokens("github", GITHUB_USERS.admin);
    expect((await infoRefs(`${sandbox.github.webUrl}/fabrikam-platform/platform-core.git`, bearer(admin))).status).toBe(401);
  });

  it("refuses pushes with 403 and says why", async () => {
    const admin = await token("github");
    const url = `${sandbox.github.webUrl}/contoso-web/storefront-web.git`;
    const cloned = await clone(url, { bearer: admin });
    expect(cloned.code, cloned.stderr).toBe(0);
    await git(["-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "--allow-empty", "-m", "try"], cloned.dir);
    const push = await git(["-c", `http.extraHeader=Authorization: Bearer ${admin}`, "push", "origin", "HEAD:refs/heads/main"], cloned.dir);
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain("remote: The SCM sandbox's repositories are read-only");
    expect(push.stderr).toContain("403");
    // Anonymously, even a public repository asks for credentials first.
    expect((await infoRefs(`${sandbox.github.webUrl}/contoso-web/marketing-site.git`, {}, "git-receive-pack")).status).toBe(401);
    expect((await fetch(`${url}/git-receive-pack`, { method: "POST", headers: bearer(admin), body: "0000" })).status).toBe(403);
  });
});

describe("GitLab", () => {
  it("clones at http_url_to_repo with oauth2:token as Basic credentials or a Bearer header, in subgroups too", async () => {
    const admin = await token("gitlab");
    const response = await fetch(`${sandbox.gitlab.url}/api/v4/projects/${encodeURIComponent("fabrikam-platform/infrastructure/networking/hub-network")}`, { headers: bearer(admin) });
    const project = (await response.json()) as { http_url_to_repo: string; default_branch: string; last_activity_at: string };
    expect(project.http_url_to_repo).toBe(`${sandbox.url}/gitlab/fabrikam-platform/infrastructure/networking/hub-network.git`);

    const basic = await clone(withCredentials(project.http_url_to_repo, "oauth2", admin), { branch: project.default_branch });
    expect(basic.code, basic.stderr).toBe(0);
    expect(await head(basic.dir)).toMatchObject({ author: SANDBOX_AUTHOR, date: "2026-11-15T12:40:00+00:00", commits: 1 });
    // "hub-network" carries the infrastructure set.
    expect(await readFile(path.join(basic.dir, "terraform/main.tf"), "utf8")).toContain('cidr_blocks = ["0.0.0.0/0"]');

    const withBearer = await clone(`${sandbox.gitlab.url}/contoso-web/backend/checkout-api.git`, { bearer: admin, branch: "main" });
    expect(withBearer.code, withBearer.stderr).toBe(0);
    expect(existsSync(path.join(withBearer.dir, "src/server.js"))).toBe(true);
  });

  it("wants read_repository or api; clones public projects anonymously, internal ones for anyone signed in, and hides private ones (404)", async () => {
    const readApiOnly = await token("gitlab", GITLAB_USERS.admin, "read_api read_user");
    const scoped = await infoRefs(`${sandbox.gitlab.url}/contoso-web/design-system.git`, bearer(readApiOnly));
    expect(scoped.status).toBe(401);
    expect(scoped.headers.get("www-authenticate")).toBe('Basic realm="GitLab"');
    expect(await scoped.text()).toContain("HTTP Basic: Access denied.");

    const anonymous = await clone(`${sandbox.gitlab.url}/tailwind-oss/tailwind-cli.git`);
    expect(anonymous.code, anonymous.stderr).toBe(0);
    expect((await infoRefs(`${sandbox.gitlab.url}/fabrikam-platform/platform-core.git`)).status).toBe(401);

    // ratelimited-lee is in no fabrikam-platform group.
    const outsider = await token("gitlab", GITLAB_USERS.rateLimited);
    expect((await clone(`${sandbox.gitlab.url}/fabrikam-platform/platform-core.git`, { bearer: outsider })).code).toBe(0);
    const hidden = await clone(`${sandbox.gitlab.url}/fabrikam-platform/infrastructure/networking/dns-zones.git`, { bearer: outsider });
    expect(hidden.code).not.toBe(0);
    expect(hidden.stderr).toContain("remote: The project you were looking for could not be found or you don't have permission to view it.");
  });

  it("clones an empty project with git's warning and no branch", async () => {
    const admin = await token("gitlab");
    const empty = await clone(`${sandbox.gitlab.url}/northwind-data/sql-migrations.git`, { bearer: admin });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stderr).toContain("You appear to have cloned an empty repository.");
    expect((await git(["ls-remote", "--heads", "origin"], empty.dir)).stdout).toBe("");
  });
});

describe("Azure DevOps", () => {
  async function remoteUrl(org: string, project: string, repo: string, accessToken: string): Promise<string> {
    const response = await fetch(`${sandbox.azureDevOps.organizationsUrl}/${org}/${encodeURIComponent(project)}/_apis/git/repositories/${repo}?api-version=7.1`, { headers: bearer(accessToken) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { remoteUrl: string }).remoteUrl;
  }

  it("clones at remoteUrl with the Entra token as a Bearer header or the Basic password, and public projects anonymously", async () => {
    const admin = await token("azure-devops");
    const url = await remoteUrl("contoso-web", "Storefront", "checkout-api", admin);
    expect(url).toBe(`${sandbox.url.replace("//", "//contoso-web@")}/azure-devops/contoso-web/Storefront/_git/checkout-api`);

    const withBearer = await clone(url, { bearer: admin, branch: "main" });
    expect(withBearer.code, withBearer.stderr).toBe(0);
    expect(await head(withBearer.dir)).toMatchObject({ author: SANDBOX_AUTHOR, date: "2026-11-20T16:42:11+00:00", commits: 1 });
    const withBasic = await clone(withCredentials(url, "contoso-web", admin), { branch: "main" });
    expect(withBasic.code, withBasic.stderr).toBe(0);

    const open = await clone(await remoteUrl("contoso-web", "Open Source", "marketing-site", admin));
    expect(open.code, open.stderr).toBe(0);
    expect(existsSync(path.join(open.dir, "SECURITY-SAMPLE.md"))).toBe(true);
  });

  it("answers 401 TF400813 where its API does, 404 TF401019 for unknown repositories, 403 for disabled ones, and clones empty ones", async () => {
    const org = sandbox.azureDevOps.organizationsUrl;
    const admin = await token("azure-devops");

    // woodgrove-bank has third-party OAuth access off.
    const woodgrove = await infoRefs(`${org}/woodgrove-bank/Core%20Banking/_git/core-banking-api`, bearer(admin));
    expect(woodgrove.status).toBe(401);
    expect(await woodgrove.text()).toMatch(/^TF400813: The user '[0-9a-f-]{36}' is not authorized to access this resource\./);
    const refused = await clone(`${org}/woodgrove-bank/Core%20Banking/_git/core-banking-api`, { bearer: admin });
    expect(refused.code).not.toBe(0);
    expect(refused.ms).toBeLessThan(5_000);

    // ratelimited-lee is not in northwind-data.
    const outsider = await token("azure-devops", AZURE_DEVOPS_USERS.rateLimited);
    expect((await infoRefs(`${org}/northwind-data/Data%20Platform/_git/etl-pipelines`, bearer(outsider))).status).toBe(401);

    const anonymous = await infoRefs(`${org}/contoso-web/Storefront/_git/checkout-api`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toContain('Basic realm="');
    expect(await anonymous.text()).toContain("TF400813: Resource not available for anonymous access.");

    const unknown = await infoRefs(`${org}/contoso-web/Storefront/_git/no-such-repository`, bearer(admin));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain("TF401019");
    expect((await infoRefs(`${org}/no-such-organization/Storefront/_git/checkout-api`, bearer(admin))).status).toBe(404);

    expect((await infoRefs(`${org}/contoso-web/Legacy/_git/legacy-php-shop`, bearer(admin))).status).toBe(403);

    const empty = await clone(`${org}/fabrikam-platform/Site%20Reliability/_git/incident-bot`, { bearer: admin });
    expect(empty.code, empty.stderr).toBe(0);
    expect(empty.stderr).toContain("You appear to have cloned an empty repository.");
  });
});

describe("repositories", () => {
  it("have the same commits in every sandbox instance", async () => {
    const other = await startScmSandbox();
    try {
      for (const [mine, theirs] of [
        [`${sandbox.github.webUrl}/contoso-web/marketing-site.git`, `${other.github.webUrl}/contoso-web/marketing-site.git`],
        [`${sandbox.gitlab.url}/tailwind-oss/tailwind-docs.git`, `${other.gitlab.url}/tailwind-oss/tailwind-docs.git`],
        [`${sandbox.azureDevOps.organizationsUrl}/contoso-web/Open%20Source/_git/eslint-config`, `${other.azureDevOps.organizationsUrl}/contoso-web/Open%20Source/_git/eslint-config`],
      ]) {
        const sha = await remoteSha(mine!, "HEAD");
        expect(sha).toMatch(/^[0-9a-f]{40}$/);
        expect(await remoteSha(theirs!, "HEAD")).toBe(sha);
      }
    } finally {
      await other.close();
    }
  });

  it("carry a code set chosen by name", () => {
    expect(codeSetFor("storefront-web")).toBe("web");
    expect(codeSetFor("checkout-api")).toBe("node");
    expect(codeSetFor("graphql-gateway")).toBe("node");
    expect(codeSetFor("etl-airflow")).toBe("python");
    expect(codeSetFor("recommendations-ml")).toBe("python");
    expect(codeSetFor("analytics-pipeline")).toBe("python");
    expect(codeSetFor("infra-terraform")).toBe("infrastructure");
    expect(codeSetFor("kubernetes-operators")).toBe("infrastructure");
    expect(codeSetFor("feature-flags")).toBe("node");
    expect(codeSetFor("customer-360")).toBe("node");
  });

  it("serve gzip-encoded requests (protocol v2 ls-refs)", async () => {
    const pkt = (line: string) => `${(line.length + 4).toString(16).padStart(4, "0")}${line}`;
    const body = gzipSync(Buffer.from(`${pkt("command=ls-refs\n")}0001${pkt("symrefs\n")}${pkt("ref-prefix refs/heads/\n")}0000`));
    const response = await fetch(`${sandbox.github.webUrl}/contoso-web/marketing-site.git/git-upload-pack`, {
      method: "POST",
      headers: { "content-type": "application/x-git-upload-pack-request", "content-encoding": "gzip", "git-protocol": "version=2" },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-git-upload-pack-result");
    const answer = Buffer.from(await response.arrayBuffer());
    const text = answer[0] === 0x1f ? gunzipSync(answer).toString() : answer.toString();
    expect(text).toMatch(/[0-9a-f]{40} refs\/heads\/main/);
  });
});

describe("test controls", () => {
  it("push-commit adds a commit to the default branch that clones get and the API reports; reset forgets it", async () => {
    const control = connectSandboxControl(sandbox.url);
    const admin = await token("github");
    const url = `${sandbox.github.webUrl}/contoso-web/storefront-web.git`;
    const first = await remoteSha(url, "refs/heads/main", admin);

    const pushed = await control.pushCommit("github", { organization: "contoso-web", name: "storefront-web" }, {
      files: { "src/search.js": null, "src/render.ts": "export const fixed = true;\n" },
      message: "Fix the eval and the ReDoS",
    });
    expect(pushed).toMatchObject({ branch: "main", commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(pushed.commit).not.toBe(first);
    expect(await remoteSha(url, "refs/heads/main", admin)).toBe(pushed.commit);

    const cloned = await clone(url, { bearer: admin, branch: "main" });
    expect(cloned.code, cloned.stderr).toBe(0);
    expect(existsSync(path.join(cloned.dir, "src/search.js"))).toBe(false);
    expect(await readFile(path.join(cloned.dir, "src/render.ts"), "utf8")).toBe("export const fixed = true;\n");
    expect(existsSync(path.join(cloned.dir, "src/Profile.tsx"))).toBe(true);
    expect((await git(["rev-parse", "--is-shallow-repository"], cloned.dir)).stdout.trim()).toBe("true");
    expect((await git(["log", "-1", "--format=%s"], cloned.dir)).stdout.trim()).toBe("Fix the eval and the ReDoS");

    const api = (await (await fetch(`${sandbox.github.apiUrl}/repos/contoso-web/storefront-web`, { headers: bearer(admin) })).json()) as { pushed_at: string };
    expect(api.pushed_at).toBe(pushed.pushedAt.replace(/\.\d+Z$/, "Z"));

    await control.reset();
    expect(await remoteSha(url, "refs/heads/main", await token("github"))).toBe(first);
  });

  it("push-commit fills an empty repository (its default branch becomes main) and refuses what the provider would", async () => {
    const admin = await token("gitlab");
    const pushed = await sandbox.control.pushCommit("gitlab", { organization: "northwind-data", name: "sql-migrations" }, { files: { "migrations/001_init.sql": "create table orders (id int);\n" } });
    expect(pushed.branch).toBe("main");
    const project = (await (await fetch(`${sandbox.gitlab.url}/api/v4/projects/${encodeURIComponent("northwind-data/sql-migrations")}`, { headers: bearer(admin) })).json()) as {
      default_branch: string;
      last_activity_at: string;
    };
    expect(project).toEqual(expect.objectContaining({ default_branch: "main", last_activity_at: pushed.pushedAt }));
    const cloned = await clone(`${sandbox.gitlab.url}/northwind-data/sql-migrations.git`, { bearer: admin, branch: "main" });
    expect(cloned.code, cloned.stderr).toBe(0);
    expect(await head(cloned.dir)).toMatchObject({ sha: pushed.commit, commits: 1 });

    const adoPush = await sandbox.control.pushCommit("azure-devops", { organization: "fabrikam-platform", project: "Platform Engineering", name: "terraform-modules" }, { files: { "terraform/main.tf": null } });
    expect(await remoteSha(`${sandbox.azureDevOps.organizationsUrl}/fabrikam-platform/Platform%20Engineering/_git/terraform-modules`, "refs/heads/main", await token("azure-devops"))).toBe(adoPush.commit);

    await expect(sandbox.control.pushCommit("github", { organization: "contoso-web", name: "legacy-php-shop" }, { files: { "a.txt": "a" } })).rejects.toThrow(/archived/);
    await expect(sandbox.control.pushCommit("azure-devops", { organization: "contoso-web", project: "Legacy", name: "legacy-php-shop" }, { files: { "a.txt": "a" } })).rejects.toThrow(/disabled/);
    await expect(sandbox.control.pushCommit("github", { organization: "contoso-web", name: "storefront-web" }, { files: { "../escape.txt": "a" } })).rejects.toThrow(SandboxControlError);
    await expect(sandbox.control.pushCommit("github", { organization: "contoso-web", name: "storefront-web" }, { files: {} })).rejects.toThrow(/between 1 and 500 files/);
  });

  it("set-repository-size changes the size each API reports, in its own unit", async () => {
    const bytes = 3 * 1024 ** 3 + 1;
    await sandbox.control.setRepositorySize("github", { organization: "contoso-web", name: "checkout-api" }, bytes);
    await sandbox.control.setRepositorySize("gitlab", { organization: "contoso-web/backend", name: "checkout-api" }, bytes);
    await sandbox.control.setRepositorySize("azure-devops", { organization: "contoso-web", project: "Storefront", name: "checkout-api" }, bytes);

    const github = (await (await fetch(`${sandbox.github.apiUrl}/repos/contoso-web/checkout-api`, { headers: bearer(await token("github")) })).json()) as { size: number };
    expect(github.size).toBe(3 * 1024 ** 2 + 1);
    const gitlab = (await (await fetch(`${sandbox.gitlab.url}/api/v4/projects/${encodeURIComponent("contoso-web/backend/checkout-api")}?statistics=true`, { headers: bearer(await token("gitlab")) })).json()) as {
      statistics: { repository_size: number };
    };
    expect(gitlab.statistics.repository_size).toBe(bytes);
    const ado = (await (await fetch(`${sandbox.azureDevOps.organizationsUrl}/contoso-web/Storefront/_apis/git/repositories/checkout-api?api-version=7.1`, { headers: bearer(await token("azure-devops")) })).json()) as {
      size: number;
    };
    expect(ado.size).toBe(bytes);
  });

  it("fail-clone makes the repository's clones answer the status, `times` times or until reset", async () => {
    const control = connectSandboxControl(sandbox.url);
    const admin = await token("github");
    const url = `${sandbox.github.webUrl}/contoso-web/checkout-api.git`;
    await control.failClone("github", { organization: "contoso-web", name: "checkout-api" }, { status: 500, times: 1 });
    const failed = await clone(url, { bearer: admin });
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toContain("500");
    expect((await clone(url, { bearer: admin })).code).toBe(0);

    await control.failClone("github", { organization: "contoso-web", name: "checkout-api" }, { status: 503 });
    expect((await infoRefs(url, bearer(admin))).status).toBe(503);
    expect((await infoRefs(url, bearer(admin))).status).toBe(503);
    // Only that repository.
    expect((await infoRefs(`${sandbox.github.webUrl}/contoso-web/storefront-web.git`, bearer(admin))).status).toBe(200);
    await control.reset();
    expect((await infoRefs(url, bearer(await token("github")))).status).toBe(200);
  });

  it("leave a repository over 1 GB in contoso-web on every provider", async () => {
    const gigabyte = 1024 ** 3;
    const github = (await (await fetch(`${sandbox.github.apiUrl}/repos/contoso-web/recommendations-ml`, { headers: bearer(await token("github")) })).json()) as { size: number };
    expect(github.size * 1024).toBeGreaterThan(gigabyte);
    const gitlab = (await (await fetch(`${sandbox.gitlab.url}/api/v4/projects/${encodeURIComponent("contoso-web/frontend/mobile-app")}?statistics=true`, { headers: bearer(await token("gitlab")) })).json()) as {
      statistics: { repository_size: number };
    };
    expect(gitlab.statistics.repository_size).toBeGreaterThan(gigabyte);
    const ado = (await (await fetch(`${sandbox.azureDevOps.organizationsUrl}/contoso-web/Mobile/_apis/git/repositories/mobile-app-ios?api-version=7.1`, { headers: bearer(await token("azure-devops")) })).json()) as {
      size: number;
    };
    expect(ado.size).toBeGreaterThan(gigabyte);
  });
});
