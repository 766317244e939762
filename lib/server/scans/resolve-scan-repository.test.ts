import { describe, expect, it } from "vitest";
import { repositoryUrlKey } from "./resolve-scan-repository";

describe("repositoryUrlKey", () => {
  it("gives every form of one repository's address the same key", () => {
    const github = ["https://github.com/Contoso/Web", "https://github.com/contoso/web.git", "https://token@github.com/contoso/web/", "git@github.com:contoso/web.git", "ssh://git@github.com/contoso/web.git"];
    expect(new Set(github.map(repositoryUrlKey))).toEqual(new Set(["github.com/contoso/web"]));

    const ado = [
      "https://dev.azure.com/contoso/Storefront/_git/web",
      "https://contoso@dev.azure.com/contoso/Storefront/_git/web",
      "https://contoso.visualstudio.com/Storefront/_git/web",
      "git@ssh.dev.azure.com:v3/contoso/Storefront/web",
    ];
    expect(new Set(ado.map(repositoryUrlKey))).toEqual(new Set(["dev.azure.com/contoso/storefront/web"]));

    expect(repositoryUrlKey("https://gitlab.example.com/group/sub/project.git")).toBe("gitlab.example.com/group/sub/project");
    expect(repositoryUrlKey("http://127.0.0.1:4010/org/repo")).toBe("127.0.0.1:4010/org/repo");
  });

  it("is null for what is not a repository address", () => {
    expect(repositoryUrlKey("storefront")).toBeNull();
    expect(repositoryUrlKey("ftp://example.com/x")).toBeNull();
    expect(repositoryUrlKey("https://github.com/")).toBeNull();
  });
});
