import { describe, expect, it } from "vitest";
import { describeDuration, formatDuration } from "./format";

describe("formatDuration", () => {
  it("says — when nothing was fixed", () => {
    expect(formatDuration(null)).toBe("—");
    expect(describeDuration(null)).toBe("none fixed yet");
  });

  it("uses minutes under an hour, hours under two days, days beyond", () => {
    expect(formatDuration(20)).toBe("< 1 min");
    expect(formatDuration(45 * 60)).toBe("45 min");
    expect(formatDuration(5 * 3600)).toBe("5 h");
    expect(formatDuration(2.25 * 3600)).toBe("2.3 h");
    expect(formatDuration(30 * 3600)).toBe("30 h");
    expect(formatDuration(3.2 * 86400)).toBe("3.2 days");
    expect(formatDuration(4 * 86400)).toBe("4 days");
    expect(formatDuration(42.6 * 86400)).toBe("43 days");
  });

  it("spells units out for screen readers", () => {
    expect(describeDuration(5 * 3600)).toBe("5 hours");
    expect(describeDuration(3600)).toBe("1 hour");
    expect(describeDuration(45 * 60)).toBe("45 minutes");
    expect(describeDuration(3.2 * 86400)).toBe("3.2 days");
  });
});
