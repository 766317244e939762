import { describe, expect, it } from "vitest";
import { fileLink, type FileLinkInput } from "./file-link";

const github: FileLinkInput = {
  provider: "GITHUB",
  repositoryUrl: "https://github.com/contoso/web/",
  defaultBranch: "main",
  commitSha: null,
  path: "src/a b.js",
  startLine: 3,
  endLine: 3,
};

describe("fileLink", () => {
  it("links GitHub files at the commit, else the default branch, else HEAD, with one line or a range", () => {
    expect(fileLink(github)).toBe("https://github.com/contoso/web/blob/main/src/a%20b.js#L3");
    expect(fileLink({ ...github, commitSha: "ABCDEF1234", endLine: 9 })).toBe("https://github.com/contoso/web/blob/ABCDEF1234/src/a%20b.js#L3-L9");
    expect(fileLink({ ...github, defaultBranch: "refs/heads/release/2.0" })).toBe("https://github.com/contoso/web/blob/release/2.0/src/a%20b.js#L3");
    expect(fileLink({ ...github, defaultBranch: null, startLine: null, endLine: null })).toBe("https://github.com/contoso/web/blob/HEAD/src/a%20b.js");
  });

  it("uses only commit ids as commits", () => {
    expect(fileLink({ ...github, commitSha: "../../evil" })).toBe("https://github.com/contoso/web/blob/main/src/a%20b.js#L3");
  });

  it("links Azure DevOps files with GC for a commit and GB for a branch", () => {
    const ado = { ...github, provider: "AZURE_DEVOPS" as const, repositoryUrl: "https://dev.azure.com/contoso/Shop/_git/web" };
    expect(fileLink({ ...ado, commitSha: "abc1234", endLine: 5 })).toBe(
      "https://dev.azure.com/contoso/Shop/_git/web?path=/src/a%20b.js&version=GCabc1234&line=3&lineEnd=5&lineStartColumn=1&lineEndColumn=1",
    );
    expect(fileLink({ ...ado, startLine: null })).toBe("https://dev.azure.com/contoso/Shop/_git/web?path=/src/a%20b.js&version=GBmain");
  });

  it("links GitLab files with its range form", () => {
    expect(fileLink({ ...github, provider: "GITLAB", repositoryUrl: "https://gitlab.com/g/sub/p", endLine: 8 })).toBe("https://gitlab.com/g/sub/p/-/blob/main/src/a%20b.js#L3-8");
  });

  it("makes no link without an http(s) repository address or a path", () => {
    expect(fileLink({ ...github, repositoryUrl: "javascript:alert(1)//" })).toBeNull();
    expect(fileLink({ ...github, repositoryUrl: "git@github.com:contoso/web.git" })).toBeNull();
    expect(fileLink({ ...github, repositoryUrl: null })).toBeNull();
    expect(fileLink({ ...github, path: null })).toBeNull();
  });
});
