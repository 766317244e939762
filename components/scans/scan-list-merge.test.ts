import { describe, expect, it } from "vitest";
import { appendPage, mergeRefreshed, refreshLimit } from "./scan-list-merge";

const scan = (id: string, minute: number, state = "complete") => ({ id, createdAt: `2026-01-01T10:${String(minute).padStart(2, "0")}:00.000Z`, state });

describe("mergeRefreshed", () => {
  it("takes the answer as the whole list when it reaches the end", () => {
    const current = { items: [scan("b", 2, "running"), scan("a", 1)], nextCursor: null };
    const fresh = { items: [scan("c", 3, "pending"), scan("b", 2), scan("a", 1)], nextCursor: null };
    expect(mergeRefreshed(current, fresh)).toEqual(fresh);
  });

  it("keeps rows loaded beyond the answer, and the cursor after them", () => {
    const current = { items: [scan("d", 4, "running"), scan("c", 3), scan("b", 2), scan("a", 1)], nextCursor: "after-a" };
    const fresh = { items: [scan("e", 5, "pending"), scan("d", 4)], nextCursor: "after-d" };
    const merged = mergeRefreshed(current, fresh);
    expect(merged.items.map((s) => [s.id, s.state])).toEqual([
      ["e", "pending"],
      ["d", "complete"],
      ["c", "complete"],
      ["b", "complete"],
      ["a", "complete"],
    ]);
    expect(merged.nextCursor).toBe("after-a");
  });

  it("orders rows of the same instant by id, as the API does", () => {
    const current = { items: [scan("y", 1), scan("x", 1)], nextCursor: "after-x" };
    const fresh = { items: [scan("z", 1), scan("y", 1)], nextCursor: "after-y" };
    expect(mergeRefreshed(current, fresh).items.map((s) => s.id)).toEqual(["z", "y", "x"]);
  });

  it("uses the answer's cursor when nothing was loaded beyond it", () => {
    const current = { items: [scan("b", 2)], nextCursor: "after-b" };
    const fresh = { items: [scan("c", 3), scan("b", 2)], nextCursor: "after-b2" };
    expect(mergeRefreshed(current, fresh)).toEqual(fresh);
  });
});

describe("appendPage", () => {
  it("adds the next page without repeating a row", () => {
    const merged = appendPage({ items: [scan("c", 3), scan("b", 2)], nextCursor: "after-b" }, { items: [scan("b", 2), scan("a", 1)], nextCursor: null });
    expect(merged.items.map((s) => s.id)).toEqual(["c", "b", "a"]);
    expect(merged.nextCursor).toBeNull();
  });
});

describe("refreshLimit", () => {
  it("asks for what is shown, at least a page and at most 200", () => {
    expect(refreshLimit(3, 50)).toBe(50);
    expect(refreshLimit(120, 50)).toBe(120);
    expect(refreshLimit(450, 50)).toBe(200);
  });
});
