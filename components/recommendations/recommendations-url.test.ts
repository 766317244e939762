import { describe, expect, it } from "vitest";
import { searchParamsRecord } from "@/components/common/url-query";
import { effectiveDirection, readRecommendationsQuery, recommendationHref, recommendationsExportHref, recommendationsHref } from "./recommendations-url";

const SUB = "7f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const CONN = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

const read = (search: string) => readRecommendationsQuery(searchParamsRecord(new URLSearchParams(search)));

describe("the recommendations list's address", () => {
  it("round-trips search, filters and sort", () => {
    const search = `q=secret&subscription=${SUB}&connector=${CONN}&provider=GITHUB&severity=HIGH,CRITICAL&state=UNHEALTHY&kind=POSTURE&sort=title&dir=desc`;
    const { query, problems } = read(search);
    expect(problems).toEqual([]);
    expect(query).toMatchObject({ q: "secret", severity: ["HIGH", "CRITICAL"], kind: ["POSTURE"], sort: "title", dir: "desc" });
    expect(recommendationsHref(query)).toBe(`/recommendations?${search.replace("HIGH,CRITICAL", "HIGH%2CCRITICAL")}`);
    expect(recommendationsExportHref(query)).toMatch(/^\/api\/v1\/recommendations\/export\.csv\?q=secret&/);
  });

  it("leaves defaults out: severity, most severe first", () => {
    const { query } = read("");
    expect(recommendationsHref(query)).toBe("/recommendations");
    expect(effectiveDirection(query)).toBe("desc");
    expect(effectiveDirection(read("sort=title").query)).toBe("asc");
    expect(recommendationsHref(read("sort=severity&dir=desc").query)).toBe("/recommendations");
  });

  it("drops what does not validate and says so", () => {
    const { query, problems } = read("severity=URGENT&state=UNHEALTHY&connector=nope");
    expect(query.state).toEqual(["UNHEALTHY"]);
    expect(query.severity).toBeUndefined();
    expect(query.connector).toBeUndefined();
    expect(problems).toHaveLength(2);
    expect(problems).toContain("DevOps environment: is not a valid id.");
    expect(problems.find((p) => p.startsWith("Severity: "))).toMatch(/CRITICAL, HIGH, MEDIUM, LOW/);
  });

  it("links a recommendation with the list's subscription and environment filters", () => {
    expect(recommendationHref("github-secret-scanning-findings", { connector: [CONN] })).toBe(`/recommendations/github-secret-scanning-findings?connector=${CONN}`);
    expect(recommendationHref("github-secret-scanning-findings")).toBe("/recommendations/github-secret-scanning-findings");
  });
});
