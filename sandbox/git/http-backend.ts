import { spawn } from "node:child_process";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { requestUrl, sendText } from "../http";
import { gitEnvironment } from "./process";

/**
 * Git's smart HTTP protocol, served by the real `git http-backend` as a CGI program:
 * the request becomes CGI variables and stdin, the program's output its "Status:" and
 * other CGI headers, then the body, streamed both ways. A gzip-encoded request body
 * (git sends large fetch negotiations that way) is inflated here.
 */

export interface BackendRequest {
  /** The folder holding the bare repositories (GIT_PROJECT_ROOT). */
  projectRoot: string;
  /** `/{repository folder}/info/refs` or `/{repository folder}/git-upload-pack`. */
  pathInfo: string;
  /** Who the caller is (REMOTE_USER), for git's logs only. */
  remoteUser: string | null;
}

const HEADER_END = /\r?\n\r?\n/;

/** Resolves once the answer is sent (or the client went away). */
export function runHttpBackend(req: IncomingMessage, res: ServerResponse, request: BackendRequest): Promise<void> {
  const env = gitEnvironment({
    GIT_PROJECT_ROOT: request.projectRoot,
    GIT_HTTP_EXPORT_ALL: "1",
    PATH_INFO: request.pathInfo,
    REQUEST_METHOD: req.method ?? "GET",
    QUERY_STRING: requestUrl(req).search.slice(1),
    CONTENT_TYPE: req.headers["content-type"] ?? "",
    REMOTE_ADDR: req.socket.remoteAddress ?? "",
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    // Protocol v2 is asked for with this header; http-backend hands it on to upload-pack.
    GIT_PROTOCOL: String(req.headers["git-protocol"] ?? ""),
    // Partial clones (--filter=blob:none) work as on the real services.
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "uploadpack.allowFilter",
    GIT_CONFIG_VALUE_0: "true",
    ...(request.remoteUser ? { REMOTE_USER: request.remoteUser } : {}),
  });

  return new Promise((resolve) => {
    const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
    const stderr: Buffer[] = [];
    let head = Buffer.alloc(0);
    let headersSent = false;
    const fail = (status: number, message: string) => {
      if (!res.headersSent) sendText(res, status, message);
      else res.destroy();
    };

    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("error", (error) => {
      fail(500, `SCM sandbox: git http-backend could not start (${error.message})\n`);
      resolve();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      if (headersSent) return;
      head = Buffer.concat([head, chunk]);
      const text = head.toString("latin1");
      const end = HEADER_END.exec(text);
      if (!end) return;
      headersSent = true;
      const { status, headers } = parseCgiHeaders(text.slice(0, end.index));
      res.writeHead(status, headers);
      const rest = head.subarray(end.index + end[0].length);
      if (rest.length > 0) res.write(rest);
      // From here on, the body streams with back-pressure.
      child.stdout.removeAllListeners("data");
      child.stdout.pipe(res);
    });
    child.on("close", (code) => {
      if (!headersSent) fail(500, `SCM sandbox: git http-backend answered nothing (exit ${code ?? "signal"}): ${Buffer.concat(stderr).toString("utf8").trim()}\n`);
      resolve();
    });
    res.on("close", () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    });

    const gzip = /^(x-)?gzip$/i.test(String(req.headers["content-encoding"] ?? "").trim());
    const body = gzip ? pipeline(req, createGunzip(), child.stdin) : pipeline(req, child.stdin);
    body.catch(() => {
      // A broken gzip body or a client gone away: http-backend sees the input end early
      // and answers (or not) for itself; the child is killed when the response closes.
      if (!child.stdin.destroyed) child.stdin.destroy();
    });
  });
}

/** CGI response headers: `Status: 404 Not Found` sets the status, the rest are HTTP headers. */
function parseCgiHeaders(block: string): { status: number; headers: OutgoingHttpHeaders } {
  let status = 200;
  const headers: OutgoingHttpHeaders = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === "status") status = Number.parseInt(value, 10) || 500;
    else headers[name] = value;
  }
  return { status, headers };
}
