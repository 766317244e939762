import type { GitLabGroupFixture, GitLabProjectFixture } from "../fixtures/gitlab";
import { fullPath } from "./responses";

/**
 * Who sees what on GitLab: access levels inherited from parent groups, and visibility
 * (public and internal to any signed-in user, private to members). Shared by the API
 * and Git over HTTP. `groups` reads the current world (reset() replaces it).
 */
export function gitlabAccess(groups: () => GitLabGroupFixture[]) {
  function groupByPath(path: string): GitLabGroupFixture | undefined {
    return groups().find((g) => fullPath(g).toLowerCase() === path.toLowerCase());
  }

  /** The user's access level: the highest of its own and its ancestors' memberships. */
  function accessLevel(g: GitLabGroupFixture, login: string): number {
    const own = g.members[login] ?? 0;
    const parent = g.parentPath ? groupByPath(g.parentPath) : undefined;
    return Math.max(own, parent ? accessLevel(parent, login) : 0);
  }

  /** Public and internal groups are visible to any signed-in user; private ones to members. */
  function canSeeGroup(g: GitLabGroupFixture, login: string): boolean {
    return g.visibility !== "private" || accessLevel(g, login) > 0;
  }

  function projectAccess(p: GitLabProjectFixture, login: string): number {
    const owner = groupByPath(p.groupPath);
    return owner ? accessLevel(owner, login) : 0;
  }

  function canSeeProject(p: GitLabProjectFixture, login: string): boolean {
    return p.visibility !== "private" || projectAccess(p, login) > 0;
  }

  return { groupByPath, accessLevel, canSeeGroup, projectAccess, canSeeProject };
}
