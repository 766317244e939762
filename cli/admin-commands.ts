/**
 * `rampart admin …`: user accounts and API tokens from the command line, for the first
 * Owner, for getting back in, and for automation. Everything goes through the same
 * services as the API, so it is validated, transactional and audited (as "cli:<os user>").
 */
import { userInfo } from "node:os";
import type { Command } from "commander";
import type { z } from "zod";
import { API_TOKEN_PERMISSION_LABELS, API_TOKEN_PERMISSIONS, ROLE_LABELS, ROLES, type ApiTokenPermissionName, type RoleName } from "@/lib/auth/permissions";
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS, apiTokenName, createApiTokenInput } from "@/lib/schemas/api-tokens";
import { displayName, email as emailSchema, password as passwordSchema, uuid, type ScopeInput } from "@/lib/schemas/users";
import { createApiToken } from "@/lib/server/api-tokens/create-api-token";
import { ApiError } from "@/lib/server/api/errors";
import type { AuditActor } from "@/lib/server/audit/record-audit-event";
import { callerForUser } from "@/lib/server/auth/sessions";
import { db } from "@/lib/server/db/client";
import { createUser } from "@/lib/server/users/create-user";
import { resetPassword } from "@/lib/server/users/reset-password";
import { updateUser } from "@/lib/server/users/update-user";

/** An expected failure: its message is printed as is. Exit code 2 means "the command line is wrong". */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

const usage = (message: string) => new CliError(message, 2);

export interface CliIo {
  /** Runs `work` with the database ready (started or attached, migrated), and shuts it down after. */
  withDatabase<T>(work: () => Promise<T>): Promise<T>;
  /** A line for the person running the command (stderr). */
  say(line: string): void;
  /** The result, for scripts to capture (stdout). */
  result(line: string): void;
}

// ---------------------------------------------------------------- parsing

const ROLE_NAMES = ROLES.map((r) => r.toLowerCase().replaceAll("_", "-"));

/** "security-admin", "Security-Admin", "SECURITY_ADMIN" → SECURITY_ADMIN. */
export function parseRole(value: string): RoleName {
  const normal = value.trim().toUpperCase().replaceAll("-", "_");
  const role = ROLES.find((r) => r === normal);
  if (!role) throw usage(`--role must be one of ${ROLE_NAMES.join(", ")} (got "${value}")`);
  return role;
}

/** A scope as typed: names or ids, not yet looked up. */
export type ScopeRef =
  | { type: "WORKSPACE" }
  | { type: "SUBSCRIPTION"; subscription: string }
  | { type: "RESOURCE_GROUP"; id: string }
  | { type: "RESOURCE_GROUP"; subscription: string; group: string }
  | { type: "CONNECTOR"; connector: string };

const SCOPE_FORMS = "workspace, subscription:<name or id>, resource-group:<subscription>/<group>, resource-group:<id> or connector:<name or id>";

export function parseScope(value: string): ScopeRef {
  const colon = value.indexOf(":");
  const kind = (colon === -1 ? value : value.slice(0, colon)).trim().toLowerCase().replaceAll("_", "-");
  const rest = colon === -1 ? "" : value.slice(colon + 1).trim();
  const bad = () => usage(`--scope must be ${SCOPE_FORMS} (got "${value}")`);
  switch (kind) {
    case "workspace":
      if (rest) throw bad();
      return { type: "WORKSPACE" };
    case "subscription":
      if (!rest) throw bad();
      return { type: "SUBSCRIPTION", subscription: rest };
    case "resource-group": {
      if (!rest) throw bad();
      const slash = rest.indexOf("/"); // subscription and group names cannot contain "/"
      if (slash === -1) {
        if (!uuid.safeParse(rest).success) throw usage(`--scope resource-group:${rest} is neither <subscription>/<group> nor a resource group id`);
        return { type: "RESOURCE_GROUP", id: rest };
      }
      const subscription = rest.slice(0, slash).trim();
      const group = rest.slice(slash + 1).trim();
      if (!subscription || !group) throw bad();
      return { type: "RESOURCE_GROUP", subscription, group };
    }
    case "connector":
      if (!rest) throw bad();
      return { type: "CONNECTOR", connector: rest };
    default:
      throw bad();
  }
}

const TOKEN_PERMISSION_NAMES = API_TOKEN_PERMISSIONS.map((p) => p.toLowerCase());

/** "read", "UPLOAD" → READ, UPLOAD. */
export function parseTokenPermission(value: string): ApiTokenPermissionName {
  const permission = API_TOKEN_PERMISSIONS.find((p) => p === value.trim().toUpperCase());
  if (!permission) throw usage(`--permission must be ${TOKEN_PERMISSION_NAMES.join(" or ")} (got "${value}")`);
  return permission;
}

const DAY_MS = 24 * 3600_000;

/**
 * "30d" (days from now) or "2027-01-31" (the end of that day, UTC), between one day
 * and one year away.
 */
export function parseExpires(value: string, now = Date.now()): { expiresInDays: number } | { expiresAt: string } {
  const days = /^(\d{1,4})d$/i.exec(value.trim());
  if (days) {
    const n = Number(days[1]);
    if (n < 1 || n > API_TOKEN_MAX_DAYS) throw usage(`--expires must be between 1d and ${API_TOKEN_MAX_DAYS}d (got "${value}")`);
    return { expiresInDays: n };
  }
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? Date.parse(`${value.trim()}T23:59:59.999Z`) : Number.NaN;
  if (Number.isNaN(date)) throw usage(`--expires must be a number of days (30d) or a date (YYYY-MM-DD) (got "${value}")`);
  if (date < now + DAY_MS) throw usage(`--expires ${value} is less than a day away; the token must live at least one day`);
  if (date > now + API_TOKEN_MAX_DAYS * DAY_MS) throw usage(`--expires ${value} is more than ${API_TOKEN_MAX_DAYS} days away; tokens live at most one year`);
  return { expiresAt: new Date(date).toISOString() };
}

/** Parses a value with one of the shared schemas; a failure names the option ("--email must be an email address"). */
function check<S extends z.ZodType>(schema: S, value: unknown, what: string, exitCode: 1 | 2 = 2): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new CliError(`${what} ${parsed.error.issues[0]?.message ?? "is not valid"}`, exitCode);
  return parsed.data;
}

const parseEmail = (value: string): string => check(emailSchema, value, "--email");

/**
 * The password, when one is given on stdin: one line, its line ending removed. No
 * stdin (a terminal) or an empty one (`< /dev/null`) means "generate one".
 */
async function passwordFromStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return undefined;
  const line = text.replace(/\r?\n$/, "");
  if (/[\r\n]/.test(line)) throw new CliError("the password on stdin must be a single line");
  return check(passwordSchema, line, "the password on stdin", 1);
}

// ---------------------------------------------------------------- database look-ups

function cliActor(): AuditActor {
  let name: string;
  try {
    name = userInfo().username;
  } catch {
    name = `uid ${process.getuid?.() ?? "unknown"}`;
  }
  return { id: null, email: `cli:${name}` };
}

/** "name or id": an id-shaped value may be either (names may look like ids). */
const byNameOrId = (value: string) => (uuid.safeParse(value).success ? { OR: [{ id: value }, { name: value }] } : { name: value });

async function findSubscription(value: string) {
  const subscription = await db.subscription.findFirst({ where: byNameOrId(value), select: { id: true, name: true } });
  if (!subscription) throw new CliError(`--scope: no subscription has the name or id "${value}"`);
  return subscription;
}

export async function resolveScopeRef(ref: ScopeRef): Promise<ScopeInput> {
  switch (ref.type) {
    case "WORKSPACE":
      return { type: "WORKSPACE" };
    case "SUBSCRIPTION":
      return { type: "SUBSCRIPTION", id: (await findSubscription(ref.subscription)).id };
    case "RESOURCE_GROUP": {
      if ("id" in ref) {
        const group = await db.resourceGroup.findUnique({ where: { id: ref.id }, select: { id: true } });
        if (!group) throw new CliError(`--scope: no resource group has the id ${ref.id}`);
        return { type: "RESOURCE_GROUP", id: group.id };
      }
      const subscription = await findSubscription(ref.subscription);
      const group = await db.resourceGroup.findUnique({
        where: { subscriptionId_name: { subscriptionId: subscription.id, name: ref.group } },
        select: { id: true },
      });
      if (!group) throw new CliError(`--scope: subscription "${subscription.name}" has no resource group named "${ref.group}"`);
      return { type: "RESOURCE_GROUP", id: group.id };
    }
    case "CONNECTOR": {
      const connector = await db.connector.findFirst({ where: byNameOrId(ref.connector), select: { id: true } });
      if (!connector) throw new CliError(`--scope: no connector has the name or id "${ref.connector}"`);
      return { type: "CONNECTOR", id: connector.id };
    }
  }
}

async function findUserByEmail(email: string) {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, disabledAt: true } });
  if (!user) throw new CliError(`no user has the email ${email}`);
  return user;
}

/**
 * Whose authority a token from the command line is created on: the user named by
 * --created-by, or else the longest-standing enabled workspace Owner.
 */
async function tokenCreator(email: string | undefined) {
  const user = email
    ? await findUserByEmail(email)
    : await db.user.findFirst({
        where: { disabledAt: null, roleAssignments: { some: { role: "OWNER", scopeType: "WORKSPACE" } } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { id: true, email: true, disabledAt: true },
      });
  if (!user) throw new CliError("there is no enabled workspace Owner to create the token for; create one with `rampart admin create-user`, or pass --created-by");
  const caller = await callerForUser(user.id);
  if (!caller) throw new CliError(`--created-by: ${user.email} is disabled`);
  return caller;
}

function showGeneratedPassword(io: CliIo, password: string): void {
  io.say("Generated password (printed on stdout; it will NOT be shown again, store it now):");
  io.result(password);
}

// ---------------------------------------------------------------- commands

const PASSWORD_HELP = `
Password:
  When stdin is not a terminal, the password is read from it: one line, its line
  ending removed (at least 12 characters). When stdin is a terminal or empty
  (e.g. < /dev/null), a password is generated and printed once on stdout; status
  lines go to stderr, so PASSWORD=$(rampart admin ...) captures only the password.`;

export function registerAdminCommands(program: Command, io: CliIo): void {
  const admin = program.command("admin").description("manage user accounts (create, reset passwords, disable, enable) and create API tokens");

  admin
    .command("create-user")
    .description("create a local user with one role assignment")
    .requiredOption("--email <email>", "the user's email address (their sign-in name)")
    .requiredOption("--role <role>", `${ROLE_NAMES.join(", ")} (case-insensitive; OWNER etc. also accepted)`)
    .option("--scope <scope>", `where the role applies: ${SCOPE_FORMS}`, "workspace")
    .option("--name <name>", 'display name (default: the part of the email before "@")')
    .addHelpText(
      "after",
      `${PASSWORD_HELP}

Examples:
  rampart admin create-user --email alice@example.com --role owner
  printf '%s\\n' "$PW" | rampart admin create-user --email bob@example.com --role security-reader --scope "subscription:Contoso Production"
  rampart admin create-user --email carol@example.com --role contributor --scope resource-group:Contoso/security-rg < /dev/null`,
    )
    .action(async (options: { email: string; role: string; scope: string; name?: string }) => {
      const email = parseEmail(options.email);
      const role = parseRole(options.role);
      const scopeRef = parseScope(options.scope);
      const name = check(displayName, options.name ?? email.slice(0, email.indexOf("@")), "--name");
      const password = await passwordFromStdin();
      await io.withDatabase(async () => {
        const scope = await resolveScopeRef(scopeRef);
        const { user, generatedPassword } = await createUser({
          input: { email, name, password, roleAssignments: [{ role, scope }] },
          actor: cliActor(),
        });
        const assignment = user.roleAssignments[0];
        io.say(`created ${user.email} (${ROLE_LABELS[role]} on ${assignment?.scope.name ?? "Workspace"})`);
        if (generatedPassword) showGeneratedPassword(io, generatedPassword);
      });
    });

  admin
    .command("reset-password")
    .description("set a new password for a user and sign them out everywhere")
    .requiredOption("--email <email>", "the user's email address")
    .addHelpText(
      "after",
      `${PASSWORD_HELP}

Example:
  rampart admin reset-password --email alice@example.com`,
    )
    .action(async (options: { email: string }) => {
      const email = parseEmail(options.email);
      const password = await passwordFromStdin();
      await io.withDatabase(async () => {
        await findUserByEmail(email);
        const { generatedPassword } = await resetPassword({ email, password, actor: cliActor() });
        io.say(`reset the password of ${email}; they are signed out everywhere`);
        if (generatedPassword) showGeneratedPassword(io, generatedPassword);
      });
    });

  const setDisabled = (disabled: boolean) => async (options: { email: string }) => {
    const email = parseEmail(options.email);
    await io.withDatabase(async () => {
      const user = await findUserByEmail(email);
      if ((user.disabledAt !== null) === disabled) {
        io.say(`${email} is already ${disabled ? "disabled" : "enabled"}`);
        return;
      }
      await updateUser({ userId: user.id, changes: { disabled }, actor: cliActor() });
      io.say(disabled ? `disabled ${email}; they are signed out everywhere` : `enabled ${email}`);
    });
  };

  admin
    .command("disable-user")
    .description("disable a user (they cannot sign in, and are signed out everywhere)")
    .requiredOption("--email <email>", "the user's email address")
    .addHelpText("after", "\nThe last enabled workspace Owner cannot be disabled.\n\nExample:\n  rampart admin disable-user --email mallory@example.com")
    .action(setDisabled(true));

  admin
    .command("enable-user")
    .description("re-enable a disabled user")
    .requiredOption("--email <email>", "the user's email address")
    .addHelpText("after", "\nExample:\n  rampart admin enable-user --email mallory@example.com")
    .action(setDisabled(false));

  admin
    .command("create-token")
    .description("create an API token for /api/v1 and print it once on stdout")
    .requiredOption("--name <name>", "what the token is for (shown in Settings → API tokens)")
    .requiredOption("--permission <permission>", `${TOKEN_PERMISSION_NAMES.join(" or ")}: read the inventory as a Security Reader would, or upload scan results`)
    .option("--scope <scope>", `where it works (repeat for several): ${SCOPE_FORMS}`, (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option("--expires <when>", `a number of days (30d) or a date (YYYY-MM-DD, the end of that day UTC); 1d to ${API_TOKEN_MAX_DAYS}d`, `${API_TOKEN_DEFAULT_DAYS}d`)
    .option("--created-by <email>", "the Owner or Security Admin it is created for; their scope must cover the token's (default: the first enabled workspace Owner)")
    .addHelpText(
      "after",
      `
The token is printed once on stdout; status lines go to stderr, so
TOKEN=$(rampart admin create-token ...) captures only the token. Rampart keeps only
its hash: it cannot be shown again. Revoke it in Settings → API tokens.

Examples:
  rampart admin create-token --name "nightly export" --permission read --scope workspace
  rampart admin create-token --name "payments pipeline" --permission upload \\
      --scope "subscription:Contoso Production" --scope connector:github-main --expires 30d`,
    )
    .action(async (options: { name: string; permission: string; scope: string[]; expires: string; createdBy?: string }) => {
      const name = check(apiTokenName, options.name, "--name");
      const permission = parseTokenPermission(options.permission);
      if (options.scope.length === 0) throw usage(`--scope is required: ${SCOPE_FORMS}`);
      const scopeRefs = options.scope.map(parseScope);
      const expiry = parseExpires(options.expires);
      const createdBy = options.createdBy === undefined ? undefined : parseEmail(options.createdBy);
      await io.withDatabase(async () => {
        const scopes: ScopeInput[] = [];
        for (const ref of scopeRefs) scopes.push(await resolveScopeRef(ref));
        const creator = await tokenCreator(createdBy);
        const parsed = createApiTokenInput.safeParse({ name, permission, scopes, ...expiry });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const option = issue?.path[0] === "scopes" ? "--scope" : issue?.path[0] === "name" ? "--name" : "--expires";
          throw usage(`${option}: ${issue?.message ?? "is not valid"}`);
        }
        const input = parsed.data;
        let created;
        try {
          created = await createApiToken({ creator, input, actor: cliActor(), fromCli: true });
        } catch (error) {
          if (error instanceof ApiError && error.status === 403) throw new CliError(`${creator.user.email} may not create this token. ${error.message}`);
          throw error;
        }
        const { token, apiToken } = created;
        io.say(
          `created API token "${apiToken.name}" (${apiToken.prefix}…, ${API_TOKEN_PERMISSION_LABELS[apiToken.permission]}) on ${apiToken.scopes.map((s) => s.name).join(", ")}, for ${creator.user.email}, expiring ${apiToken.expiresAt.slice(0, 10)}`,
        );
        io.say("The token (printed on stdout; it will NOT be shown again, store it now):");
        io.result(token);
      });
    });
}
