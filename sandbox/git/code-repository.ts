import type { AzureDevOpsOrganizationFixture, AzureDevOpsProjectFixture, AzureDevOpsRepositoryFixture } from "../fixtures/azure-devops";
import type { GitHubOrganizationFixture, GitHubRepositoryFixture } from "../fixtures/github";
import type { GitLabProjectFixture } from "../fixtures/gitlab";
import type { CodeRepository } from "./store";

/** A repository of any provider, with what holds it. */
export type LocatedRepository =
  | { provider: "github"; org: GitHubOrganizationFixture; repo: GitHubRepositoryFixture }
  | { provider: "gitlab"; project: GitLabProjectFixture }
  | { provider: "azure-devops"; org: AzureDevOpsOrganizationFixture; project: AzureDevOpsProjectFixture; repo: AzureDevOpsRepositoryFixture };

/**
 * The repository as the Git store sees it. Its first commit is dated with the last
 * push the provider reports: GitHub's `pushed_at`, GitLab's `last_activity_at`; Azure
 * DevOps reports none on a repository, so its project's `lastUpdateTime`.
 */
export function codeRepository(located: LocatedRepository): CodeRepository {
  switch (located.provider) {
    case "github":
      return {
        fixture: located.repo,
        label: `github/${located.org.login}/${located.repo.name}`,
        name: located.repo.name,
        defaultBranch: located.repo.defaultBranch,
        lastPushAt: located.repo.pushedAt,
      };
    case "gitlab":
      return {
        fixture: located.project,
        label: `gitlab/${located.project.groupPath}/${located.project.path}`,
        name: located.project.path,
        defaultBranch: located.project.defaultBranch,
        lastPushAt: located.project.lastActivityAt,
      };
    case "azure-devops":
      return {
        fixture: located.repo,
        label: `azure-devops/${located.org.name}/${located.project.name}/${located.repo.name}`,
        name: located.repo.name,
        defaultBranch: located.repo.defaultBranch?.replace(/^refs\/heads\//, "") ?? null,
        lastPushAt: located.project.lastUpdateTime,
      };
  }
}
