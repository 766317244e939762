import { describe, expect, it } from "vitest";
import { NAV_ITEMS, selectedNavHref } from "./nav-items";

describe("selectedNavHref", () => {
  it("highlights the section a page is inside", () => {
    expect(selectedNavHref(NAV_ITEMS, "/")).toBe("/");
    expect(selectedNavHref(NAV_ITEMS, "/recommendations")).toBe("/recommendations");
    expect(selectedNavHref(NAV_ITEMS, "/recommendations/github-secret-scanning-findings")).toBe("/recommendations");
    expect(selectedNavHref(NAV_ITEMS, "/inventory/repositories/0b6f1d2e-0000-4000-8000-000000000000")).toBe("/inventory");
    expect(selectedNavHref(NAV_ITEMS, "/environments/new")).toBe("/environments");
  });

  it("matches whole path segments only", () => {
    expect(selectedNavHref(NAV_ITEMS, "/recommendations-archive")).toBeUndefined();
    expect(selectedNavHref(NAV_ITEMS, "/sign-in")).toBeUndefined();
  });
});
