import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { envValue, type ClientEnv } from "./client-env";

/**
 * Which repository, commit and branch a scan is for: the command line's --repository,
 * --commit and --branch, else what the CI system says (GitHub Actions, Azure Pipelines,
 * GitLab CI), else what git says about the working copy. Each field is looked up on its
 * own, so a CI system that names the commit but not the branch still gets one from git.
 */

export type Provenance = { repository?: string; commit?: string; branch?: string };
export type ProvenanceSource = "command line" | "GitHub Actions" | "Azure Pipelines" | "GitLab CI" | "git";
export type DetectedProvenance = Provenance & { sources: Partial<Record<keyof Provenance, ProvenanceSource>> };

const execFileAsync = promisify(execFile);

/** refs/heads/main → main; other refs (tags, pull requests) are kept whole. */
const branchOfRef = (ref: string | undefined) => (ref?.startsWith("refs/heads/") ? ref.slice("refs/heads/".length) : ref);

/** The CI system this runs in, if any, and what it says. */
export function ciProvenance(env: ClientEnv): { system: ProvenanceSource; provenance: Provenance } | null {
  const get = (name: string) => envValue(env, name);
  if (get("GITHUB_ACTIONS") === "true" || get("GITHUB_SHA")) {
    const server = get("GITHUB_SERVER_URL") ?? "https://github.com";
    const repository = get("GITHUB_REPOSITORY");
    return {
      system: "GitHub Actions",
      provenance: {
        repository: repository ? `${server.replace(/\/+$/, "")}/${repository}` : undefined,
        commit: get("GITHUB_SHA"),
        // In a pull request, GITHUB_REF is refs/pull/N/merge; the branch is its head.
        branch: get("GITHUB_HEAD_REF") ?? branchOfRef(get("GITHUB_REF")),
      },
    };
  }
  if (get("TF_BUILD") || get("BUILD_SOURCEVERSION")) {
    return {
      system: "Azure Pipelines",
      provenance: {
        repository: get("BUILD_REPOSITORY_URI"),
        commit: get("BUILD_SOURCEVERSION"),
        branch: branchOfRef(get("SYSTEM_PULLREQUEST_SOURCEBRANCH") ?? get("BUILD_SOURCEBRANCH")),
      },
    };
  }
  if (get("GITLAB_CI") || get("CI_COMMIT_SHA")) {
    return {
      system: "GitLab CI",
      provenance: {
        repository: get("CI_PROJECT_URL"),
        commit: get("CI_COMMIT_SHA"),
        branch: get("CI_COMMIT_BRANCH") ?? get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME") ?? get("CI_COMMIT_REF_NAME"),
      },
    };
  }
  return null;
}

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync("git", args, { cwd, timeout: 10_000 });
    return stdout.trim() || undefined;
  } catch {
    return undefined; // not a repository, no such ref or remote, or no git at all
  }
}

/** The top of the git working copy that holds `folder`, if it is in one. */
export const gitTopLevel = (folder: string) => git(folder, ["rev-parse", "--show-toplevel"]);

export async function gitProvenance(cwd: string): Promise<Provenance> {
  const [commit, branch, remote] = await Promise.all([
    git(cwd, ["rev-parse", "--verify", "--quiet", "HEAD"]),
    git(cwd, ["symbolic-ref", "--quiet", "--short", "HEAD"]), // none on a detached HEAD, as in most CI checkouts
    git(cwd, ["remote", "get-url", "origin"]),
  ]);
  return { commit, branch, repository: remote };
}

/**
 * A repository address without credentials, as it may be sent and written: CI remotes
 * often carry one (GitLab's is https://gitlab-ci-token:<job token>@host/…).
 */
export function withoutCredentials(address: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) return address; // scp-like git@host:path, or a provider/org/name
  try {
    const url = new URL(address);
    if (/^https?:$/.test(url.protocol)) url.username = "";
    url.password = "";
    return url.href;
  } catch {
    return address;
  }
}

/**
 * The address as a URI, for a SARIF versionControlProvenance (whose repositoryUri must
 * be one): scp-like `git@host:org/name.git` becomes `ssh://git@host/org/name.git`.
 * Undefined for what is not an address (provider/org/name).
 */
export function repositoryUri(address: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(address)) return address;
  const scp = /^([\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(address);
  if (scp) return `ssh://${scp[1] ?? ""}${scp[2]}/${scp[3]!.replace(/^\/+/, "")}`;
  return undefined;
}

export async function detectProvenance(options: { env: ClientEnv; gitDir: string | undefined; given: Provenance }): Promise<DetectedProvenance> {
  const ci = ciProvenance(options.env);
  const fromGit = options.gitDir ? await gitProvenance(options.gitDir) : {};
  const detected: DetectedProvenance = { sources: {} };
  for (const field of ["repository", "commit", "branch"] as const) {
    const candidates: [string | undefined, ProvenanceSource][] = [
      [options.given[field], "command line"],
      [ci?.provenance[field], ci?.system ?? "git"],
      [fromGit[field], "git"],
    ];
    const found = candidates.find(([value]) => value !== undefined && value.trim() !== "");
    if (found) {
      detected[field] = field === "repository" ? withoutCredentials(found[0]!.trim()) : found[0]!.trim();
      detected.sources[field] = found[1];
    }
  }
  return detected;
}
