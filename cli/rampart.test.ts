// The `rampart` command, run for real (node bin/rampart.mjs → tsx → cli/rampart.ts)
// against this worker's test database; its environment is this process's, so
// DATABASE_URL and RAMPART_SECRET_KEY are the ones test/setup-database.ts set.
// Parsing and scope look-ups are tested in-process, which costs no child process.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as repositoriesRoute from "@/app/api/v1/repositories/route";
import { hashApiToken } from "@/lib/server/api-tokens/token-secret";
import { verifyPassword } from "@/lib/server/auth/passwords";
import { createSession } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db/client";
import { makeConnector, makeRepository, makeResourceGroup, makeSubscription, makeUser } from "@/test/factories";
import { call } from "@/test/http";
import { CliError, parseExpires, parseRole, parseScope, parseTokenPermission, resolveScopeRef } from "./admin-commands";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/rampart.mjs", import.meta.url));
const PASSWORD = "a-long-enough-password";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the command with `stdin` as its input (empty by default: stdin is then a pipe that ends at once). */
function rampart(args: string[], stdin = ""): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env }, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

const withSecrets = (email: string) =>
  db.user.findUniqueOrThrow({ where: { email }, include: { roleAssignments: true }, omit: { passwordHash: false } });

describe("rampart admin create-user", () => {
  it("creates a workspace user with the password given on stdin, audited as the CLI", async () => {
    const run = await rampart(["admin", "create-user", "--email", "Alice@Example.test", "--role", "owner"], `${PASSWORD}\n`);

    expect(run).toMatchObject({ code: 0, stdout: "" });
    expect(run.stderr).toBe("rampart: created alice@example.test (Owner on Workspace)\n");
    const user = await withSecrets("alice@example.test");
    expect(user.name).toBe("alice");
    expect(user.roleAssignments).toMatchObject([{ role: "OWNER", scopeType: "WORKSPACE", subscriptionId: null, createdById: null }]);
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(true);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "user.create" } });
    expect(event).toMatchObject({ actorId: null, targetId: user.id });
    expect(event.actorEmail).toMatch(/^cli:./);
  });

  it("generates a password when stdin is empty, prints it once on stdout and only there", async () => {
    const run = await rampart(["admin", "create-user", "--email", "bob@example.test", "--role", "contributor", "--name", "Bob Builder"]);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]{24}\n$/);
    expect(run.stderr).toContain("will NOT be shown again");
    const user = await withSecrets("bob@example.test");
    expect(user.name).toBe("Bob Builder");
    expect(await verifyPassword(user.passwordHash, run.stdout.trim())).toBe(true);
  });

  it("assigns the role on a subscription named on the command line (role given by its enum name)", async () => {
    const subscription = await makeSubscription("Contoso Production");

    const run = await rampart(
      ["admin", "create-user", "--email", "carol@example.test", "--role", "SECURITY_READER", "--scope", "subscription:Contoso Production"],
      PASSWORD,
    );

    expect(run.stderr).toBe("rampart: created carol@example.test (Security Reader on Contoso Production)\n");
    expect(run.code).toBe(0);
    const user = await withSecrets("carol@example.test");
    expect(user.roleAssignments).toMatchObject([{ role: "SECURITY_READER", scopeType: "SUBSCRIPTION", subscriptionId: subscription.id }]);
  });

  it("refuses an email that is taken", async () => {
    await makeUser({ email: "dave@example.test" });

    const run = await rampart(["admin", "create-user", "--email", "dave@example.test", "--role", "owner"], PASSWORD);

    expect(run).toEqual({ code: 1, stdout: "", stderr: "rampart: A user with the email dave@example.test already exists.\n" });
  });

  it("turns invalid values into one line naming the option, with no stack trace", async () => {
    const [role, email, password, scope] = await Promise.all([
      rampart(["admin", "create-user", "--email", "erin@example.test", "--role", "boss"]),
      rampart(["admin", "create-user", "--email", "erin(at)example.test", "--role", "owner"]),
      rampart(["admin", "create-user", "--email", "erin@example.test", "--role", "owner"], "short\n"),
      rampart(["admin", "create-user", "--email", "erin@example.test", "--role", "owner", "--scope", "subscription:Nowhere"], PASSWORD),
    ]);

    expect(role).toEqual({
      code: 2,
      stdout: "",
      stderr: 'rampart: --role must be one of owner, contributor, security-admin, security-reader (got "boss")\n',
    });
    expect(email).toEqual({ code: 2, stdout: "", stderr: "rampart: --email must be an email address\n" });
    expect(password).toEqual({ code: 1, stdout: "", stderr: "rampart: the password on stdin must be at least 12 characters\n" });
    expect(scope).toEqual({ code: 1, stdout: "", stderr: 'rampart: --scope: no subscription has the name or id "Nowhere"\n' });
    expect(await db.user.count()).toBe(0);
  });
});

describe("rampart admin reset-password", () => {
  it("sets the password from stdin and signs the user out everywhere", async () => {
    const user = await makeUser({ email: "frank@example.test" });
    await createSession(user.id, { ip: null, userAgent: "vitest" });
    await createSession(user.id, { ip: null, userAgent: "vitest" });

    const run = await rampart(["admin", "reset-password", "--email", "FRANK@example.test"], `${PASSWORD}\r\n`);

    expect(run).toEqual({ code: 0, stdout: "", stderr: "rampart: reset the password of frank@example.test; they are signed out everywhere\n" });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await verifyPassword((await withSecrets(user.email)).passwordHash, PASSWORD)).toBe(true);
  });
});

describe("rampart admin disable-user", () => {
  it("refuses to disable the last workspace Owner", async () => {
    const owner = await makeUser({ role: "OWNER", email: "grace@example.test" });

    const run = await rampart(["admin", "disable-user", "--email", owner.email]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "rampart: Disabling grace@example.test would leave the workspace without an enabled Owner. Make someone else Owner first.\n",
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).disabledAt).toBeNull();
  });

  it("disables another user and ends their sessions; an unknown email is named", async () => {
    await makeUser({ role: "OWNER" });
    const reader = await makeUser({ role: "SECURITY_READER", email: "heidi@example.test" });
    await createSession(reader.id, { ip: null, userAgent: "vitest" });

    const [run, unknown] = await Promise.all([
      rampart(["admin", "disable-user", "--email", reader.email]),
      rampart(["admin", "disable-user", "--email", "nobody@example.test"]),
    ]);

    expect(run).toEqual({ code: 0, stdout: "", stderr: "rampart: disabled heidi@example.test; they are signed out everywhere\n" });
    expect((await db.user.findUniqueOrThrow({ where: { id: reader.id } })).disabledAt).not.toBeNull();
    expect(await db.session.count({ where: { userId: reader.id } })).toBe(0);
    expect(unknown).toEqual({ code: 1, stdout: "", stderr: "rampart: no user has the email nobody@example.test\n" });
  });
});

describe("rampart admin create-token", () => {
  it("prints a read token once on stdout, created for the first Owner on the subscriptions named, and the token works", async () => {
    const first = await makeUser({ role: "OWNER", email: "olivia@example.test" });
    await makeUser({ role: "OWNER", email: "later@example.test" });
    const production = await makeSubscription("Contoso Production");
    const development = await makeSubscription("Contoso Development");
    const group = await makeResourceGroup(development.id, "tools-rg");
    const prodConnector = await makeConnector((await makeResourceGroup(production.id, "prod-rg")).id, "prod-gh");
    await makeRepository(prodConnector.id, "payments-api");
    await makeRepository((await makeConnector(group.id, "tools-gh")).id, "build-tools");
    await makeRepository((await makeConnector((await makeResourceGroup(development.id, "other-rg")).id, "other-gh")).id, "hidden");

    const run = await rampart([
      "admin", "create-token", "--name", "nightly export", "--permission", "read",
      "--scope", "subscription:Contoso Production", "--scope", "resource-group:Contoso Development/tools-rg", "--expires", "30d",
    ]);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^rmp_[A-Za-z0-9_-]{43}\n$/);
    const token = run.stdout.trim();
    expect(run.stderr).toMatch(
      /^rampart: created API token "nightly export" \(rmp_.{8}…, Read\) on Contoso Development \/ tools-rg, Contoso Production, for olivia@example\.test, expiring \d{4}-\d{2}-\d{2}\nrampart: The token \(printed on stdout; it will NOT be shown again, store it now\):\n$/,
    );
    const row = await db.apiToken.findFirstOrThrow({ include: { scopes: true }, omit: { hash: false } });
    expect(row).toMatchObject({ name: "nightly export", permission: "READ", createdById: first.id, createdFromCli: true, hash: hashApiToken(token) });
    expect(row.scopes.map((s) => s.subscriptionId ?? s.resourceGroupId).sort()).toEqual([production.id, group.id].sort());
    expect(Math.round((row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000)).toBe(30);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "api_token.create" } });
    expect(event).toMatchObject({ actorId: null, targetId: row.id });
    expect(event.actorEmail).toMatch(/^cli:./);

    const result = await call(repositoriesRoute.GET, { path: "/api/v1/repositories", headers: { authorization: `Bearer ${token}` } });
    expect(result.status).toBe(200);
    expect((result.json.items as { name: string }[]).map((r) => r.name).sort()).toEqual(["build-tools", "payments-api"]);
  });

  it("creates an upload token for --created-by when their scope covers it, and refuses one beyond it", async () => {
    await makeUser({ role: "OWNER" });
    const production = await makeSubscription("Contoso Production");
    await makeSubscription("Contoso Development");
    const admin = await makeUser({ role: "SECURITY_ADMIN", email: "sam@example.test", scope: { type: "SUBSCRIPTION", id: production.id } });

    const [inside, beyond] = await Promise.all([
      rampart(["admin", "create-token", "--name", "pipeline", "--permission", "UPLOAD", "--scope", "subscription:Contoso Production", "--created-by", "sam@example.test"]),
      rampart(["admin", "create-token", "--name", "too far", "--permission", "upload", "--scope", "workspace", "--created-by", "sam@example.test"]),
    ]);

    expect(inside.code, inside.stderr).toBe(0);
    expect(inside.stderr).toContain(", Upload results) on Contoso Production, for sam@example.test, expiring");
    expect(beyond).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "rampart: sam@example.test may not create this token. Your role does not allow you to create API tokens on the whole workspace. Choose containers where you are Owner or Security Admin.\n",
    });
    const rows = await db.apiToken.findMany();
    expect(rows).toMatchObject([{ name: "pipeline", permission: "UPLOAD", createdById: admin.id, createdFromCli: true }]);
    // Default expiry: 90 days.
    expect(Math.round((rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()) / 86_400_000)).toBe(90);
  });

  it("names the option at fault, and writes nothing", async () => {
    const runs = await Promise.all([
      rampart(["admin", "create-token", "--name", "x", "--permission", "write", "--scope", "workspace"]),
      rampart(["admin", "create-token", "--name", "x", "--permission", "read"]),
      rampart(["admin", "create-token", "--name", "x", "--permission", "read", "--scope", "workspace", "--expires", "2y"]),
      rampart(["admin", "create-token", "--name", "x", "--permission", "read", "--scope", "workspace", "--scope", "subscription:Contoso"]),
      rampart(["admin", "create-token", "--name", "x", "--permission", "read", "--scope", "workspace"]),
    ]);
    expect(runs.map((r) => [r.code, r.stdout, r.stderr])).toEqual([
      [2, "", 'rampart: --permission must be read or upload (got "write")\n'],
      [2, "", "rampart: --scope is required: workspace, subscription:<name or id>, resource-group:<subscription>/<group>, resource-group:<id> or connector:<name or id>\n"],
      [2, "", 'rampart: --expires must be a number of days (30d) or a date (YYYY-MM-DD) (got "2y")\n'],
      [1, "", 'rampart: --scope: no subscription has the name or id "Contoso"\n'],
      [1, "", "rampart: there is no enabled workspace Owner to create the token for; create one with `rampart admin create-user`, or pass --created-by\n"],
    ]);
    expect(await db.apiToken.count()).toBe(0);
  });
});

describe("rampart --help", () => {
  it("describes every admin subcommand and its options", async () => {
    const commands = ["create-user", "reset-password", "disable-user", "enable-user", "create-token"];
    const runs = await Promise.all(commands.map((c) => rampart(["admin", c, "--help"])));

    runs.forEach((run, i) => {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: rampart admin ${commands[i]} [options]`);
      if (commands[i] !== "create-token") expect(run.stdout).toContain("--email <email>");
    });
    expect(runs[4]!.stdout).toMatch(/--name <name>[\s\S]*--permission <permission>[\s\S]*--scope <scope>[\s\S]*--expires <when>[\s\S]*--created-by <email>[\s\S]*will NOT|cannot be shown again/);
    expect(runs[0]!.stdout).toMatch(/--role <role>[\s\S]*--scope <scope>[\s\S]*--name <name>[\s\S]*stdin is a terminal or empty/);
    expect(runs[1]!.stdout).toContain("stdin is a terminal or empty");
  });
});

describe("option parsing", () => {
  it("accepts roles in any case, dashed or as enum names", () => {
    expect(parseRole("owner")).toBe("OWNER");
    expect(parseRole("Security-Admin")).toBe("SECURITY_ADMIN");
    expect(parseRole("SECURITY_READER")).toBe("SECURITY_READER");
    expect(() => parseRole("admin")).toThrow(CliError);
  });

  it("reads every scope form", () => {
    expect(parseScope("workspace")).toEqual({ type: "WORKSPACE" });
    expect(parseScope("Subscription:Contoso Production")).toEqual({ type: "SUBSCRIPTION", subscription: "Contoso Production" });
    expect(parseScope("resource-group:Contoso/security-rg")).toEqual({ type: "RESOURCE_GROUP", subscription: "Contoso", group: "security-rg" });
    const id = "6f1c2a4e-8a0b-4c39-9d3e-2b7f5a1c0d9e";
    expect(parseScope(`resource-group:${id}`)).toEqual({ type: "RESOURCE_GROUP", id });
    expect(parseScope("connector:github-main")).toEqual({ type: "CONNECTOR", connector: "github-main" });
    for (const bad of ["", "workspace:x", "subscription:", "resource-group:just-a-name", "resource-group:/rg", "tenant:x"]) {
      expect(() => parseScope(bad), bad).toThrow(CliError);
    }
  });
});

describe("token option parsing", () => {
  it("reads permissions in any case", () => {
    expect(parseTokenPermission("read")).toBe("READ");
    expect(parseTokenPermission("Upload")).toBe("UPLOAD");
    expect(() => parseTokenPermission("admin")).toThrow(CliError);
  });

  it("reads expiries as days or as the end of a date, between a day and a year away", () => {
    const now = Date.parse("2027-03-01T12:00:00Z");
    expect(parseExpires("30d", now)).toEqual({ expiresInDays: 30 });
    expect(parseExpires("365D", now)).toEqual({ expiresInDays: 365 });
    expect(parseExpires("2027-06-30", now)).toEqual({ expiresAt: "2027-06-30T23:59:59.999Z" });
    expect(() => parseExpires("2027-03-01", now)).toThrow("less than a day away");
    expect(() => parseExpires("2028-03-01", now)).toThrow("more than 365 days away");
    for (const bad of ["0d", "366d", "30", "tomorrow", "2027-13-01", "-5d"]) expect(() => parseExpires(bad, now), bad).toThrow(CliError);
  });
});

describe("resolveScopeRef", () => {
  it("finds subscriptions, resource groups and connectors by name or id", async () => {
    const subscription = await makeSubscription("Contoso");
    const group = await makeResourceGroup(subscription.id, "security-rg");
    const connector = await makeConnector(group.id, "github-main");

    await expect(resolveScopeRef({ type: "SUBSCRIPTION", subscription: subscription.id })).resolves.toEqual({ type: "SUBSCRIPTION", id: subscription.id });
    await expect(resolveScopeRef({ type: "RESOURCE_GROUP", subscription: "Contoso", group: "security-rg" })).resolves.toEqual({ type: "RESOURCE_GROUP", id: group.id });
    await expect(resolveScopeRef({ type: "RESOURCE_GROUP", id: group.id })).resolves.toEqual({ type: "RESOURCE_GROUP", id: group.id });
    await expect(resolveScopeRef({ type: "CONNECTOR", connector: "github-main" })).resolves.toEqual({ type: "CONNECTOR", id: connector.id });
    await expect(resolveScopeRef({ type: "RESOURCE_GROUP", subscription: "Contoso", group: "other-rg" })).rejects.toThrow(
      'subscription "Contoso" has no resource group named "other-rg"',
    );
    await expect(resolveScopeRef({ type: "CONNECTOR", connector: connector.resourceGroupId })).rejects.toThrow("no connector has the name or id");
  });
});
