// The `rampart` command, run for real (node bin/rampart.mjs → tsx → cli/rampart.ts)
// against this worker's test database; its environment is this process's, so
// DATABASE_URL and RAMPART_SECRET_KEY are the ones test/setup-database.ts set.
// Parsing and scope look-ups are tested in-process, which costs no child process.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/server/auth/passwords";
import { createSession } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db/client";
import { makeConnector, makeResourceGroup, makeSubscription, makeUser } from "@/test/factories";
import { CliError, parseRole, parseScope, resolveScopeRef } from "./admin-commands";

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

describe("rampart --help", () => {
  it("describes every admin subcommand and its options", async () => {
    const commands = ["create-user", "reset-password", "disable-user", "enable-user"];
    const runs = await Promise.all(commands.map((c) => rampart(["admin", c, "--help"])));

    runs.forEach((run, i) => {
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: rampart admin ${commands[i]} [options]`);
      expect(run.stdout).toContain("--email <email>");
    });
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
