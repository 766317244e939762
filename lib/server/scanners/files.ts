import "server-only";
import { copyFile, lstat, mkdir } from "node:fs/promises";
import path from "node:path";
import { glob } from "tinyglobby";

/**
 * The files of a working copy that Rampart's scanners look at (`rampart scan` and the
 * server's agentless scans alike). The folders below are never
 * the repository's own source: dependencies, version control, build output and caches.
 * Symbolic links are not followed (a link in an untrusted repository could point
 * anywhere on the machine), and big files (bundles, data, minified code) are skipped.
 */
export const SKIPPED_FOLDERS = [
  "node_modules",
  "bower_components",
  "jspm_packages",
  "vendor",
  ".git",
  ".hg",
  ".svn",
  "dist",
  "build",
  "out",
  "coverage",
  "target",
  ".next",
  ".nuxt",
  ".output",
  ".svelte-kit",
  ".turbo",
  ".cache",
  ".parcel-cache",
  ".vercel",
  ".terraform",
  "__pycache__",
  ".venv",
  "venv",
  ".tox",
  ".mypy_cache",
  ".pytest_cache",
  ".rampart-data",
] as const;

/** Larger files are left out: generated or data, and slow to lint. */
export const MAX_FILE_BYTES = 1024 * 1024;

export type FileList = {
  /** Absolute paths, sorted. */
  files: string[];
  /** Files left out for their size. */
  tooLarge: string[];
};

/**
 * Every regular file under `folder`, less the skipped folders and the caller's
 * `exclude` globs (relative to `folder`, e.g. "docs/**" or "**\/*.generated.ts").
 */
export async function listFiles(folder: string, exclude: readonly string[] = []): Promise<FileList> {
  const found = await glob(["**/*"], {
    cwd: folder,
    absolute: true,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
    ignore: [...SKIPPED_FOLDERS.map((name) => `**/${name}/**`), ...exclude],
  });
  const files: string[] = [];
  const tooLarge: string[] = [];
  for (const file of found.map((f) => path.normalize(f)).sort()) {
    const stat = await lstat(file).catch(() => null);
    if (!stat?.isFile()) continue; // a symbolic link, or gone since
    (stat.size > MAX_FILE_BYTES ? tooLarge : files).push(file);
  }
  return { files, tooLarge };
}

const JAVASCRIPT = /\.(?:[cm]?jsx?|[cm]?tsx?)$/i;
const MINIFIED = /[.-]min\.[cm]?js$/i;
const PYTHON = /\.pyw?$/i;

export const isJavaScriptLike = (file: string) => JAVASCRIPT.test(file) && !MINIFIED.test(file) && !file.endsWith(".d.ts");
export const isPython = (file: string) => PYTHON.test(file);

/**
 * Copies some files of `root` to `destination`, at the same paths relative to it. Tools
 * that take a folder rather than a list of files (Checkov, Template Analyzer) are given
 * such a copy: they then see the files Rampart chose and nothing else (no settings files
 * of the repository, nothing behind a symbolic link, nothing in a skipped folder).
 */
export async function copyFiles(root: string, files: readonly string[], destination: string): Promise<void> {
  for (const file of files) {
    const relative = path.relative(root, file);
    if (relative.startsWith("..") || path.isAbsolute(relative)) throw new Error(`${file} is not inside ${root}`);
    const target = path.join(destination, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file, target);
  }
}
