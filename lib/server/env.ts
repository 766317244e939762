import "server-only";
import { z } from "zod";
import { REGION_IDS, type RegionId } from "@/lib/schemas/connectors";

/**
 * The one place that reads process.env. Everything else asks `env()`.
 * README.md has a table of every variable; keep the two in step.
 */

const flag = z
  .enum(["0", "1", "true", "false", "yes", "no", "on", "off"])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// connection string")
        .optional(),
    ),
    /** Set by `npm start` after it has started the embedded PostgreSQL. Not for users. */
    RAMPART_EMBEDDED_DATABASE_URL: optionalString,
    RAMPART_DATA_DIR: z.string().trim().min(1).default(".rampart-data"),
    RAMPART_DEMO: optionalString.pipe(flag.optional()),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().trim().min(1).default("0.0.0.0"),
    RAMPART_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    RAMPART_SECRET_KEY: optionalString.pipe(
      z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
    ),
    RAMPART_TRUST_PROXY: optionalString.pipe(flag.optional()),
    RAMPART_SESSION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),

    RAMPART_ENTRA_CLIENT_ID: optionalString,
    RAMPART_ENTRA_CLIENT_SECRET: optionalString,
    RAMPART_ENTRA_TENANT_ID: optionalString,
    RAMPART_GITHUB_CLIENT_ID: optionalString,
    RAMPART_GITHUB_CLIENT_SECRET: optionalString,
    RAMPART_GITLAB_CLIENT_ID: optionalString,
    RAMPART_GITLAB_CLIENT_SECRET: optionalString,
    RAMPART_GITLAB_URL: optionalString.pipe(z.url().optional()),
    RAMPART_OIDC_ISSUER: optionalString.pipe(z.url().optional()),
    RAMPART_OIDC_CLIENT_ID: optionalString,
    RAMPART_OIDC_CLIENT_SECRET: optionalString,
    RAMPART_OIDC_NAME: optionalString,

    RAMPART_CONNECTOR_GITHUB_CLIENT_ID: optionalString,
    RAMPART_CONNECTOR_GITHUB_CLIENT_SECRET: optionalString,
    RAMPART_CONNECTOR_GITHUB_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    RAMPART_CONNECTOR_GITHUB_API_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    RAMPART_CONNECTOR_GITLAB_CLIENT_ID: optionalString,
    RAMPART_CONNECTOR_GITLAB_CLIENT_SECRET: optionalString,
    RAMPART_CONNECTOR_GITLAB_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
    RAMPART_CONNECTOR_AZURE_DEVOPS_CLIENT_ID: optionalString,
    RAMPART_CONNECTOR_AZURE_DEVOPS_CLIENT_SECRET: optionalString,
    RAMPART_CONNECTOR_AZURE_DEVOPS_TENANT_ID: optionalString,
    RAMPART_WORKER: optionalString.pipe(flag.optional()),
    RAMPART_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    /** The regions whose agentless scans this worker takes: "all", or a comma-separated list of region ids. */
    RAMPART_WORKER_REGIONS: optionalString.pipe(
      z
        .string()
        .transform((v, ctx) => {
          const wanted = v.split(",").map((r) => r.trim()).filter(Boolean);
          if (wanted.length === 1 && wanted[0]!.toLowerCase() === "all") return [...REGION_IDS];
          const unknown = wanted.filter((r) => !(REGION_IDS as readonly string[]).includes(r));
          if (wanted.length === 0 || unknown.length > 0) {
            ctx.addIssue({ code: "custom", message: `use "all" or a comma-separated list of ${REGION_IDS.join(", ")}${unknown.length ? ` (not a region: ${unknown.join(", ")})` : ""}` });
            return z.NEVER;
          }
          return [...new Set(wanted)] as RegionId[];
        })
        .optional(),
    ),
    RAMPART_SCAN_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
    RAMPART_SCAN_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(240).default(15),
    RAMPART_SANDBOX: optionalString.pipe(flag.optional()),
    RAMPART_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /** Set by `npm start` after it has started the SCM sandbox. Not for users. */
    RAMPART_SANDBOX_URL: optionalString,
    /** "require": refuse to run agentless scans without a network namespace (lib/server/scanners/run-scanners.ts). */
    RAMPART_SCANNER_ISOLATION: optionalString.pipe(z.enum(["auto", "require"]).default("auto")),
  })
  .superRefine((v, ctx) => {
    const pairs: [string, string | undefined, string, string | undefined][] = [
      ["RAMPART_ENTRA_CLIENT_ID", v.RAMPART_ENTRA_CLIENT_ID, "RAMPART_ENTRA_CLIENT_SECRET", v.RAMPART_ENTRA_CLIENT_SECRET],
      ["RAMPART_GITHUB_CLIENT_ID", v.RAMPART_GITHUB_CLIENT_ID, "RAMPART_GITHUB_CLIENT_SECRET", v.RAMPART_GITHUB_CLIENT_SECRET],
      ["RAMPART_GITLAB_CLIENT_ID", v.RAMPART_GITLAB_CLIENT_ID, "RAMPART_GITLAB_CLIENT_SECRET", v.RAMPART_GITLAB_CLIENT_SECRET],
      ["RAMPART_OIDC_CLIENT_ID", v.RAMPART_OIDC_CLIENT_ID, "RAMPART_OIDC_CLIENT_SECRET", v.RAMPART_OIDC_CLIENT_SECRET],
    ];
    for (const [idName, id, secretName, secret] of pairs) {
      if (Boolean(id) !== Boolean(secret)) {
        ctx.addIssue({ code: "custom", path: [id ? secretName : idName], message: `set both ${idName} and ${secretName}, or neither` });
      }
    }
    if (v.RAMPART_OIDC_CLIENT_ID && !v.RAMPART_OIDC_ISSUER) {
      ctx.addIssue({ code: "custom", path: ["RAMPART_OIDC_ISSUER"], message: "is required with RAMPART_OIDC_CLIENT_ID" });
    }
    for (const provider of ["GITHUB", "GITLAB", "AZURE_DEVOPS"] as const) {
      const idName = `RAMPART_CONNECTOR_${provider}_CLIENT_ID` as const;
      const secretName = `RAMPART_CONNECTOR_${provider}_CLIENT_SECRET` as const;
      if (Boolean(v[idName]) !== Boolean(v[secretName])) {
        ctx.addIssue({ code: "custom", path: [v[idName] ? secretName : idName], message: `set both ${idName} and ${secretName}, or neither` });
      }
    }
    if (v.RAMPART_ENTRA_CLIENT_ID && !v.RAMPART_ENTRA_TENANT_ID) {
      ctx.addIssue({ code: "custom", path: ["RAMPART_ENTRA_TENANT_ID"], message: "is required with RAMPART_ENTRA_CLIENT_ID (your directory's tenant id)" });
    }
  });

export interface OidcSettings {
  entra?: { clientId: string; clientSecret: string; tenantId: string };
  github?: { clientId: string; clientSecret: string };
  gitlab?: { clientId: string; clientSecret: string; url: string };
  oidc?: { issuer: string; clientId: string; clientSecret: string; name: string };
}

/** OAuth apps that connectors authorize through, on the providers' own services. */
export interface ConnectorAppSettings {
  github?: { clientId: string; clientSecret: string; webUrl: string; apiUrl: string };
  gitlab?: { clientId: string; clientSecret: string; url: string };
  azureDevOps?: { clientId: string; clientSecret: string; tenantId: string };
}

export interface Env {
  nodeEnv: "development" | "production" | "test";
  /** The database the user configured; undefined means "use the embedded one". */
  configuredDatabaseUrl: string | undefined;
  /** The database to use now: the configured one, or the embedded one once started. */
  databaseUrl: string | undefined;
  embedded: boolean;
  dataDir: string;
  demo: boolean;
  port: number;
  /** Demo mode listens on loopback only, whatever HOST says. */
  host: string;
  publicUrl: string;
  /** RAMPART_URL was set; otherwise sign-in redirects follow the Host the browser used. */
  publicUrlConfigured: boolean;
  secureCookies: boolean;
  secretKey: string | undefined;
  trustProxy: boolean;
  sessionHours: number;
  oidc: OidcSettings;
  connectorApps: ConnectorAppSettings;
  /** Run a job worker beside the web server. */
  worker: boolean;
  workerConcurrency: number;
  /** The regions whose agentless scans this worker clones and scans (data residency). */
  workerRegions: RegionId[];
  /** Agentless scans this worker runs at a time. */
  scanConcurrency: number;
  /** An agentless scan of one repository stops after this long. */
  scanTimeoutMs: number;
  /** Start the SCM sandbox beside the server (demo mode by default). */
  sandbox: boolean;
  sandboxPort: number;
  /** Where the running sandbox answers (set by `npm start`). */
  sandboxUrl: string | undefined;
  /**
   * Agentless scans run their scanners in a network namespace when `unshare` works here;
   * "auto" runs them without one otherwise (recorded on the scan), "require" refuses.
   */
  scannerIsolation: "auto" | "require";
}

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "environment"}: ${i.message}`);
    throw new EnvError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const v = result.data;
  const embedded = !v.DATABASE_URL;
  const demo = v.RAMPART_DEMO ?? embedded;
  const publicUrl = (v.RAMPART_URL ?? `http://localhost:${v.PORT}`).replace(/\/+$/, "");
  const oidc: OidcSettings = {};
  if (v.RAMPART_ENTRA_CLIENT_ID && v.RAMPART_ENTRA_CLIENT_SECRET && v.RAMPART_ENTRA_TENANT_ID) {
    oidc.entra = { clientId: v.RAMPART_ENTRA_CLIENT_ID, clientSecret: v.RAMPART_ENTRA_CLIENT_SECRET, tenantId: v.RAMPART_ENTRA_TENANT_ID };
  }
  if (v.RAMPART_GITHUB_CLIENT_ID && v.RAMPART_GITHUB_CLIENT_SECRET) {
    oidc.github = { clientId: v.RAMPART_GITHUB_CLIENT_ID, clientSecret: v.RAMPART_GITHUB_CLIENT_SECRET };
  }
  if (v.RAMPART_GITLAB_CLIENT_ID && v.RAMPART_GITLAB_CLIENT_SECRET) {
    oidc.gitlab = {
      clientId: v.RAMPART_GITLAB_CLIENT_ID,
      clientSecret: v.RAMPART_GITLAB_CLIENT_SECRET,
      url: (v.RAMPART_GITLAB_URL ?? "https://gitlab.com").replace(/\/+$/, ""),
    };
  }
  if (v.RAMPART_OIDC_ISSUER && v.RAMPART_OIDC_CLIENT_ID && v.RAMPART_OIDC_CLIENT_SECRET) {
    oidc.oidc = {
      issuer: v.RAMPART_OIDC_ISSUER,
      clientId: v.RAMPART_OIDC_CLIENT_ID,
      clientSecret: v.RAMPART_OIDC_CLIENT_SECRET,
      name: v.RAMPART_OIDC_NAME ?? "Single sign-on",
    };
  }
  const connectorApps: ConnectorAppSettings = {};
  if (v.RAMPART_CONNECTOR_GITHUB_CLIENT_ID && v.RAMPART_CONNECTOR_GITHUB_CLIENT_SECRET) {
    const webUrl = (v.RAMPART_CONNECTOR_GITHUB_URL ?? "https://github.com").replace(/\/+$/, "");
    const apiUrl = v.RAMPART_CONNECTOR_GITHUB_API_URL ?? (webUrl === "https://github.com" ? "https://api.github.com" : `${webUrl}/api/v3`);
    connectorApps.github = { clientId: v.RAMPART_CONNECTOR_GITHUB_CLIENT_ID, clientSecret: v.RAMPART_CONNECTOR_GITHUB_CLIENT_SECRET, webUrl, apiUrl: apiUrl.replace(/\/+$/, "") };
  }
  if (v.RAMPART_CONNECTOR_GITLAB_CLIENT_ID && v.RAMPART_CONNECTOR_GITLAB_CLIENT_SECRET) {
    connectorApps.gitlab = {
      clientId: v.RAMPART_CONNECTOR_GITLAB_CLIENT_ID,
      clientSecret: v.RAMPART_CONNECTOR_GITLAB_CLIENT_SECRET,
      url: (v.RAMPART_CONNECTOR_GITLAB_URL ?? "https://gitlab.com").replace(/\/+$/, ""),
    };
  }
  if (v.RAMPART_CONNECTOR_AZURE_DEVOPS_CLIENT_ID && v.RAMPART_CONNECTOR_AZURE_DEVOPS_CLIENT_SECRET) {
    connectorApps.azureDevOps = {
      clientId: v.RAMPART_CONNECTOR_AZURE_DEVOPS_CLIENT_ID,
      clientSecret: v.RAMPART_CONNECTOR_AZURE_DEVOPS_CLIENT_SECRET,
      tenantId: v.RAMPART_CONNECTOR_AZURE_DEVOPS_TENANT_ID ?? "organizations",
    };
  }
  return {
    nodeEnv: v.NODE_ENV,
    configuredDatabaseUrl: v.DATABASE_URL,
    databaseUrl: v.DATABASE_URL ?? v.RAMPART_EMBEDDED_DATABASE_URL,
    embedded,
    dataDir: v.RAMPART_DATA_DIR,
    demo,
    port: v.PORT,
    host: demo ? "127.0.0.1" : v.HOST,
    publicUrl,
    publicUrlConfigured: v.RAMPART_URL !== undefined,
    secureCookies: publicUrl.startsWith("https://"),
    secretKey: v.RAMPART_SECRET_KEY,
    trustProxy: v.RAMPART_TRUST_PROXY ?? false,
    sessionHours: v.RAMPART_SESSION_HOURS,
    oidc,
    connectorApps,
    worker: v.RAMPART_WORKER ?? true,
    workerConcurrency: v.RAMPART_WORKER_CONCURRENCY,
    workerRegions: v.RAMPART_WORKER_REGIONS ?? [...REGION_IDS],
    scanConcurrency: v.RAMPART_SCAN_CONCURRENCY,
    scanTimeoutMs: v.RAMPART_SCAN_TIMEOUT_MINUTES * 60_000,
    sandbox: v.RAMPART_SANDBOX ?? demo,
    sandboxPort: v.RAMPART_SANDBOX_PORT,
    sandboxUrl: v.RAMPART_SANDBOX_URL,
    scannerIsolation: v.RAMPART_SCANNER_ISOLATION,
  };
}

let cached: Env | undefined;

/** The validated configuration of this process (parsed once). */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/**
 * Values the start script decides at run time (the embedded database's address, a
 * generated secret key) are handed to the server code, which may live in another
 * module graph (Next's bundle), through the process environment.
 */
export function publishRuntimeSettings(settings: { embeddedDatabaseUrl?: string; secretKey?: string; sandboxUrl?: string }): void {
  if (settings.embeddedDatabaseUrl) process.env.RAMPART_EMBEDDED_DATABASE_URL = settings.embeddedDatabaseUrl;
  if (settings.sandboxUrl) process.env.RAMPART_SANDBOX_URL = settings.sandboxUrl;
  if (settings.secretKey) process.env.RAMPART_SECRET_KEY = settings.secretKey;
  cached = undefined;
}

/**
 * next-auth reads its address from the environment: RAMPART_URL when given, else the
 * Host of each request (so http://127.0.0.1:3000 and http://localhost:3000 both work;
 * Rampart's server drops forwarded-host headers unless RAMPART_TRUST_PROXY is on).
 */
export function publishNextAuthSettings(): void {
  const settings = env();
  if (settings.publicUrlConfigured) process.env.NEXTAUTH_URL = settings.publicUrl;
  else process.env.AUTH_TRUST_HOST = "1";
}

/**
 * The whole environment of a program Rampart runs on a repository (the scanner process,
 * lib/server/scanners/run-scanners.ts, and git, lib/server/agentless/clone-repository.ts):
 * where programs are (PATH) and the language settings of this process, plus `own` (its
 * HOME, TMPDIR…). Nothing else of the server's: no DATABASE_URL, secret key, tokens or
 * proxy settings reach them or the repository's files they read.
 */
export function childProcessEnv(own: Record<string, string>): Record<string, string> {
  const inherited: Record<string, string> = { PATH: process.env.PATH || "/usr/local/bin:/usr/bin:/bin", LANG: process.env.LANG || "C.UTF-8" };
  if (process.env.LC_ALL) inherited.LC_ALL = process.env.LC_ALL;
  return { ...inherited, ...own };
}

/** For code that cannot work without a database (everything but `--help`). */
export function requireDatabaseUrl(): string {
  const url = env().databaseUrl;
  if (!url) {
    throw new EnvError(
      "No database: set DATABASE_URL, or run through `npm start` / the `rampart` command, which start the embedded PostgreSQL.",
    );
  }
  return url;
}

export function requireSecretKey(): string {
  const key = env().secretKey;
  if (!key) throw new EnvError("RAMPART_SECRET_KEY is not set (at least 32 characters; try: openssl rand -base64 32).");
  return key;
}
