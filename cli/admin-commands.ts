/**
 * `rampart admin …`: user accounts from the command line, for the first Owner and
 * for getting back in. Everything goes through the same services as the API, so it
 * is validated, transactional and audited (as "cli:<os user>").
 */
import { userInfo } from "node:os";
import type { Command } from "commander";
import type { z } from "zod";
import { ROLE_LABELS, ROLES, type RoleName } from "@/lib/auth/permissions";
import { displayName, email as emailSchema, password as passwordSchema, uuid, type ScopeInput } from "@/lib/schemas/users";
import type { AuditActor } from "@/lib/server/audit/record-audit-event";
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
  const admin = program.command("admin").description("manage user accounts (create, reset passwords, disable, enable)");

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
}
