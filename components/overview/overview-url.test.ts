import { describe, expect, it } from "vitest";
import { searchParamsRecord } from "@/components/common/url-query";
import { inventoryLink, overviewApiUrl, overviewHref, readOverviewQuery, recommendationsLink } from "./overview-url";

const SUB = "7f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const CONN = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const read = (search: string) => readOverviewQuery(searchParamsRecord(new URLSearchParams(search)));

describe("the overview's address and its cards' links", () => {
  it("keeps filters and the trend window, 30 days by default", () => {
    const { query, problems } = read(`subscription=${SUB}&connector=${CONN}&days=90`);
    expect(problems).toEqual([]);
    expect(overviewHref(query)).toBe(`/?subscription=${SUB}&connector=${CONN}&days=90`);
    expect(overviewHref(read("").query)).toBe("/");
    expect(overviewApiUrl(read("").query)).toBe("/api/v1/metrics/overview?days=30");
  });

  it("refuses another window", () => {
    const { query, problems } = read("days=7");
    expect(query.days).toBe(30);
    expect(problems[0]).toMatch(/^Trend window: /);
  });

  it("links numbers to the inventory and the recommendations with the overview's filters", () => {
    const scope = { subscription: [SUB], connector: [CONN] };
    const severity = new URL(inventoryLink(scope, { severity: ["CRITICAL"] }), "http://x");
    expect(severity.pathname).toBe("/inventory");
    expect(severity.searchParams.get("severity")).toBe("CRITICAL");
    expect(severity.searchParams.get("subscription")).toBe(SUB);
    expect(severity.searchParams.get("connector")).toBe(CONN);
    expect(new URL(inventoryLink({}, { findingType: ["SECRETS"] }), "http://x").searchParams.get("findingType")).toBe("SECRETS");
    const posture = new URL(recommendationsLink(scope, { kind: ["POSTURE"], state: ["UNHEALTHY"], severity: ["HIGH", "CRITICAL"] }), "http://x");
    expect(posture.pathname).toBe("/recommendations");
    expect(Object.fromEntries(posture.searchParams)).toEqual({ subscription: SUB, connector: CONN, severity: "HIGH,CRITICAL", state: "UNHEALTHY", kind: "POSTURE" });
  });
});
