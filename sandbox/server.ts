import { createServer, type Server } from "node:http";
import Router from "find-my-way";
import { registerAzureDevOpsApi } from "./azure-devops/api";
import { registerEntra } from "./azure-devops/entra";
import type { SandboxContext } from "./context";
import { registerControl } from "./control";
import { gitTarget, serveGit } from "./git/serve";
import { registerGitHubApi } from "./github/api";
import { registerGitHubOAuth } from "./github/oauth";
import { registerGitLabApi } from "./gitlab/api";
import { registerGitLabOAuth } from "./gitlab/oauth";
import { BodyTooLargeError, sendJson, sendText, type Route } from "./http";

/**
 * The HTTP server: one router (find-my-way) for every provider's routes, and Git's
 * smart HTTP protocol at the clone URLs (git/serve.ts). Paths match
 * without regard to case, as Azure DevOps' and GitHub's do (Azure DevOps clients
 * build URLs from route templates such as `_apis/ResourceAreas`).
 */
export function createSandboxServer(ctx: SandboxContext): Server {
  const router = Router({
    caseSensitive: false,
    ignoreTrailingSlash: true,
    ignoreDuplicateSlashes: true,
    maxParamLength: 500,
    defaultRoute: (_req, res) => sendJson(res, 404, { message: "Not Found" }),
  });

  const route: Route = (method, path, handler) => {
    router.on(method, path, (req, res, params) => {
      Promise.resolve()
        .then(() => handler(req, res, params))
        .catch((error: unknown) => {
          if (res.headersSent) return res.destroy();
          if (error instanceof BodyTooLargeError) return sendText(res, 413, "Request body too large\n");
          sendText(res, 500, `SCM sandbox error: ${error instanceof Error ? error.message : String(error)}\n`);
        });
    });
  };

  registerGitHubOAuth(route, ctx);
  registerGitHubApi(route, ctx);
  registerGitLabOAuth(route, ctx);
  registerGitLabApi(route, ctx);
  registerEntra(route, ctx);
  registerAzureDevOpsApi(route, ctx);
  registerControl(route, ctx);

  return createServer((req, res) => {
    // Git over HTTP lives at the clone URLs, beside each provider's other routes.
    const git = gitTarget(req);
    if (!git) return router.lookup(req, res);
    serveGit(ctx, git, req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      sendText(res, 500, `SCM sandbox error: ${error instanceof Error ? error.message : String(error)}\n`);
    });
  });
}
