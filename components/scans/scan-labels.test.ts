import { describe, expect, it } from "vitest";
import { formatDuration, resultsByType, scanOrigin, scanStateLabel, scanTiming, shortSha } from "./scan-labels";

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, 0) + seconds * 1000).toISOString();

describe("scanTiming", () => {
  it("says queued, how long a scan took, or how long it has been running", () => {
    expect(scanTiming({ state: "pending", createdAt: at(0), startedAt: at(5), completedAt: null }, null)).toBe("queued");
    expect(scanTiming({ state: "complete", createdAt: at(0), startedAt: at(1), completedAt: at(84) }, null)).toBe("took 1 min 23 s");
    expect(scanTiming({ state: "running", createdAt: at(0), startedAt: at(2), completedAt: null }, Date.parse(at(14)))).toBe("running for 12.0 s");
    expect(scanTiming({ state: "running", createdAt: at(0), startedAt: at(2), completedAt: null }, null)).toBe("running");
    expect(scanTiming({ state: "skipped", createdAt: at(0), startedAt: null, completedAt: at(0) }, null)).toBe("never started");
  });

  it("says when a worker took it up much later than it was queued (a retry, a busy queue)", () => {
    expect(scanTiming({ state: "failed", createdAt: at(0), startedAt: at(679), completedAt: at(679.441) }, null)).toBe("started 11 min 19 s later · took 441 ms");
  });
});

describe("labels", () => {
  it("names states by source, and a stop on its way", () => {
    expect(scanStateLabel({ state: "pending", source: "agentless", cancelRequested: false })).toBe("Queued");
    expect(scanStateLabel({ state: "pending", source: "upload", cancelRequested: false })).toBe("Processing");
    expect(scanStateLabel({ state: "running", source: "agentless", cancelRequested: true })).toBe("Stopping");
    expect(scanStateLabel({ state: "cancelled", source: "agentless", cancelRequested: true })).toBe("Cancelled");
  });

  it("says who or what started a scan", () => {
    expect(scanOrigin({ source: "agentless", trigger: "manual", uploadedBy: "admin@example.test" })).toBe("Scan now by admin@example.test");
    expect(scanOrigin({ source: "agentless", trigger: "discovery", uploadedBy: null })).toBe("After discovery");
    expect(scanOrigin({ source: "upload", trigger: null, uploadedBy: "token:rmp_AbCd1234" })).toBe("token:rmp_AbCd1234");
  });

  it("shortens commits and durations", () => {
    expect(shortSha("9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c")).toBe("9b1c2d3");
    expect(formatDuration(51)).toBe("51 ms");
    expect(formatDuration(2 * 3600_000 + 5 * 60_000)).toBe("2 h 5 min");
  });

  it("adds up results per finding type from the tools", () => {
    const tools = [
      { name: "ESLint", version: "9", category: "", type: "CODE", results: 3, skipped: 0 },
      { name: "Bandit", version: "1.6", category: "", type: "CODE", results: 2, skipped: 0 },
      { name: "secretlint", version: "11", category: "", type: "SECRETS", results: 1, skipped: 0 },
    ];
    expect(resultsByType({ tools })).toEqual([
      { type: "CODE", label: "Code", results: 5 },
      { type: "SECRETS", label: "Secrets", results: 1 },
    ]);
  });
});
