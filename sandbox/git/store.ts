import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { codeSetFiles, codeSetFor, type CodeSet } from "./code-sets";
import { git } from "./process";

/**
 * The sandbox's Git repositories: bare repositories in a temporary folder of this
 * sandbox (removed on close), made on first use. A repository's first commit holds
 * its code set and is dated with the fixture's last push, by a fixed author and
 * committer, so its sha is the same on every run; commits pushed by the `push-commit`
 * control follow it. The state is kept per fixture object, so `reset()` (a fresh copy
 * of the fixtures) starts every repository over.
 */

/** A repository as the store needs it, whatever its provider. */
export interface CodeRepository {
  /** The fixture object: its identity keys the repository's Git state. */
  fixture: object;
  /** e.g. "github/contoso-web/storefront-web", for folder names and messages. */
  label: string;
  name: string;
  /** Short branch name; null while the repository is empty. */
  defaultBranch: string | null;
  /** When the fixture says it was last pushed to (ISO 8601): the first commit's date. */
  lastPushAt: string;
}

export const SANDBOX_COMMITTER = "Sandbox <sandbox@example.invalid>";

/** Path → new content, or null to remove the file. */
export type FileChanges = Record<string, string | null>;

interface Commit {
  branch: string;
  /** Unix seconds. */
  date: number;
  message: string;
  /** The code set of a first commit (its files are read when the repository is made). */
  set: CodeSet | null;
  changes: [string, Buffer | null][];
}

interface RepositoryState {
  commits: Commit[];
  /** How many of `commits` the folder holds. */
  applied: number;
  folder: string | null;
  /** Making and pushing run one after the other. */
  queue: Promise<unknown>;
  cloneFailure: { status: number; remaining: number | null } | null;
}

export class GitStoreClosedError extends Error {}

export class GitStore {
  private root: Promise<string> | null = null;
  private states = new WeakMap<object, RepositoryState>();
  private folders = 0;
  private running = new Set<Promise<unknown>>();
  private closed = false;

  /** The repository's state, with its first commit when the fixture is not empty. */
  private stateOf(repo: CodeRepository): RepositoryState {
    let state = this.states.get(repo.fixture);
    if (!state) {
      const set = codeSetFor(repo.name);
      state = {
        commits:
          repo.defaultBranch === null
            ? []
            : [
                {
                  branch: repo.defaultBranch,
                  date: unixSeconds(repo.lastPushAt),
                  message: `Import ${repo.name}\n\nDeliberately vulnerable sample code (the "${set}" set of the SCM sandbox) for scanner demos: see SECURITY-SAMPLE.md.\n`,
                  set,
                  changes: [],
                },
              ],
        applied: 0,
        folder: null,
        queue: Promise.resolve(),
        cloneFailure: null,
      };
      this.states.set(repo.fixture, state);
    }
    return state;
  }

  /** The folder name of the bare repository under `projectRoot()`, made (and brought up to date) first. */
  async folderOf(repo: CodeRepository): Promise<string> {
    const state = this.stateOf(repo);
    return this.serialize(state, () => this.materialize(repo, state));
  }

  /** The folder git http-backend serves the repositories from. */
  async projectRoot(): Promise<string> {
    if (this.closed) throw new GitStoreClosedError("the SCM sandbox is closed");
    this.root ??= mkdtemp(path.join(tmpdir(), "rampart-scm-sandbox-"));
    return this.root;
  }

  /**
   * A new commit on `branch` (the default branch) with the files changed or removed.
   * The date is now (one second after the previous commit at least). Returns the
   * commit's sha and date.
   */
  async push(repo: CodeRepository, branch: string, change: { files: FileChanges; message?: string }): Promise<{ commit: string; date: string }> {
    const state = this.stateOf(repo);
    const previous = state.commits.at(-1)?.date ?? 0;
    const commit: Commit = {
      branch,
      date: Math.max(Math.floor(Date.now() / 1000), previous + 1),
      message: `${(change.message ?? "Update files").trim()}\n`,
      set: null,
      changes: Object.entries(change.files).map(([file, content]) => [file, content === null ? null : Buffer.from(content, "utf8")]),
    };
    return this.serialize(state, async () => {
      state.commits.push(commit);
      const folder = await this.materialize(repo, state);
      const sha = (await git(["rev-parse", `refs/heads/${branch}`], { cwd: path.join(await this.projectRoot(), folder) })).trim();
      return { commit: sha, date: new Date(commit.date * 1000).toISOString() };
    });
  }

  /** The next `times` clones (every one when null) answer `status`. */
  failClone(repo: CodeRepository, status: number, times: number | null): void {
    this.stateOf(repo).cloneFailure = { status, remaining: times };
  }

  /** The forced status for this clone, if one is pending. */
  takeCloneFailure(repo: CodeRepository): number | null {
    const state = this.stateOf(repo);
    const failure = state.cloneFailure;
    if (!failure) return null;
    if (failure.remaining !== null && --failure.remaining <= 0) state.cloneFailure = null;
    return failure.status;
  }

  /** Waits for what is being written, then removes every repository. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.running]);
    const root = this.root;
    this.root = null;
    if (root) await rm(await root, { recursive: true, force: true });
  }

  private serialize<T>(state: RepositoryState, task: () => Promise<T>): Promise<T> {
    const result = state.queue.then(task);
    const settled = result.catch(() => undefined);
    state.queue = settled;
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return result;
  }

  private async materialize(repo: CodeRepository, state: RepositoryState): Promise<string> {
    const root = await this.projectRoot();
    if (state.folder === null) {
      const folder = `${++this.folders}-${repo.label.replace(/[^A-Za-z0-9._-]+/g, "-")}.git`;
      const branch = state.commits[0]?.branch ?? repo.defaultBranch ?? "main";
      await git(["init", "--bare", "--quiet", `--initial-branch=${branch}`, path.join(root, folder)]);
      state.folder = folder;
    }
    const pending = state.commits.slice(state.applied);
    if (pending.length > 0) {
      const stream = await fastImportStream(pending, state.applied > 0);
      await git(["fast-import", "--quiet", "--date-format=raw"], { cwd: path.join(root, state.folder), input: stream });
      state.applied = state.commits.length;
    }
    return state.folder;
  }
}

function unixSeconds(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${iso}`);
  return Math.floor(ms / 1000);
}

/** git fast-import's input for these commits; `continues`: the first one follows the branch's current tip. */
async function fastImportStream(commits: Commit[], continues: boolean): Promise<Buffer> {
  const parts: Buffer[] = [];
  const text = (s: string) => parts.push(Buffer.from(s, "utf8"));
  const data = (content: Buffer) => {
    text(`data ${content.length}\n`);
    parts.push(content);
    text("\n");
  };
  for (const [i, commit] of commits.entries()) {
    const signature = `${SANDBOX_COMMITTER} ${commit.date} +0000`;
    text(`commit refs/heads/${commit.branch}\nauthor ${signature}\ncommitter ${signature}\n`);
    data(Buffer.from(commit.message, "utf8"));
    if (i === 0 && continues) text(`from refs/heads/${commit.branch}^0\n`);
    const files = commit.set ? [...(await codeSetFiles(commit.set))] : commit.changes;
    for (const [file, content] of files) {
      if (content === null) text(`D ${file}\n`);
      else {
        text(`M 100644 inline ${file}\n`);
        data(content);
      }
    }
    text("\n");
  }
  return Buffer.concat(parts);
}
