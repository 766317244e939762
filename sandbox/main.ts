/**
 * Runs the SCM sandbox on its own: `npx tsx sandbox/main.ts --port 3300`
 * (or `npm run sandbox -- --port 3300`). Ctrl-C stops it.
 */
import { parseArgs } from "node:util";
import { AZURE_DEVOPS_USERS, GITHUB_USERS, GITLAB_USERS, startScmSandbox } from "./index";

const usage = "usage: tsx sandbox/main.ts [--port 3300] [--host 127.0.0.1] [--access-token-seconds N]";

function main(): Promise<void> | void {
  let values: { port?: string; host?: string; "access-token-seconds"?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: { port: { type: "string" }, host: { type: "string" }, "access-token-seconds": { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  const accessTokenSeconds = values["access-token-seconds"] === undefined ? undefined : Number(values["access-token-seconds"]);
  if (!Number.isInteger(port) || port < 0 || port > 65_535 || (accessTokenSeconds !== undefined && !(accessTokenSeconds > 0))) {
    console.error(usage);
    process.exitCode = 2;
    return;
  }
  return startScmSandbox({ port, host: values.host, accessTokenSeconds }).then((sandbox) => {
    const users = (list: Record<string, string>) => Object.entries(list).map(([purpose, login]) => `${login} (${purpose})`).join(", ");
    console.log(`SCM sandbox listening at ${sandbox.url}

  GitHub        web ${sandbox.github.webUrl}   API ${sandbox.github.apiUrl}
                client id ${sandbox.github.clientId}   secret ${sandbox.github.clientSecret}
                users: ${users(GITHUB_USERS)}
  GitLab        ${sandbox.gitlab.url}   API ${sandbox.gitlab.url}/api/v4
                client id ${sandbox.gitlab.clientId}   secret ${sandbox.gitlab.clientSecret}
                users: ${users(GITLAB_USERS)}
  Azure DevOps  organizations ${sandbox.azureDevOps.organizationsUrl}/{org}   profile service ${sandbox.azureDevOps.vsspsUrl}
                Advanced Security ${sandbox.azureDevOps.advancedSecurityUrl}/{org}   Extension Management ${sandbox.azureDevOps.extensionManagementUrl}/{org}
                Entra ID ${sandbox.azureDevOps.entraUrl}/${sandbox.azureDevOps.tenantId}/oauth2/v2.0/{authorize,token}
                client id ${sandbox.azureDevOps.clientId}   secret ${sandbox.azureDevOps.clientSecret}
                users: ${users(AZURE_DEVOPS_USERS)}

  Git clones    ${sandbox.github.webUrl}/{org}/{repo}.git   ${sandbox.gitlab.url}/{group path}/{project}.git
                ${sandbox.azureDevOps.organizationsUrl}/{org}/{project}/_git/{repo}   (token as the password, or Authorization: Bearer)

  Test controls: POST ${sandbox.url}/_sandbox/{revoke-tokens,rate-limit,fail-next,reset,add-organization,issued-tokens,
                 add-repository,remove-repository,fail-organization,set-advanced-security,pull-request-annotations,
                 push-commit,set-repository-size,fail-clone}

  Press Ctrl-C to stop.`);
    const stop = () => {
      void sandbox.close().then(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

void Promise.resolve(main()).catch((error: unknown) => {
  console.error(`SCM sandbox could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
