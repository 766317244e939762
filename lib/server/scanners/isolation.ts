import "server-only";
import { execFile } from "node:child_process";

/**
 * Whether scanner processes can be started without a network: `unshare --net` (util-linux)
 * gives the process a network namespace of its own, with nothing in it but a loopback
 * interface that is down, so the scanners can reach nothing, not even this machine's
 * 127.0.0.1. As root that is all it takes; any other user also needs a user namespace
 * (`--map-root-user`), which some kernels or container runtimes forbid. Tried once per
 * process.
 */

export type NetworkIsolation = { available: true; command: string; args: string[] } | { available: false; reason: string };

let probe: Promise<NetworkIsolation> | undefined;

function unshareArguments(): string[] {
  return process.getuid?.() === 0 ? ["--net"] : ["--net", "--map-root-user"];
}

function tryUnshare(): Promise<NetworkIsolation> {
  const args = unshareArguments();
  return new Promise((resolve) => {
    execFile("unshare", [...args, "true"], { timeout: 10_000 }, (error, _stdout, stderr) => {
      if (!error) return resolve({ available: true, command: "unshare", args });
      const why =
        (error as NodeJS.ErrnoException).code === "ENOENT" ? "unshare (util-linux) is not installed" : `\`unshare ${args.join(" ")} true\` failed: ${String(stderr).trim() || error.message}`;
      resolve({ available: false, reason: why });
    });
  });
}

export function networkIsolation(): Promise<NetworkIsolation> {
  probe ??= process.platform === "linux" ? tryUnshare() : Promise.resolve({ available: false, reason: `network namespaces need Linux (this is ${process.platform})` });
  return probe;
}
