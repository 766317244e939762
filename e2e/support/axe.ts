import { AxeBuilder } from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/**
 * Runs axe over what the page shows now (WCAG 2.1 A and AA rules) and fails on any
 * serious or critical violation, listing each with the elements it found.
 *
 * Fluent UI's focus manager (tabster) puts invisible focus sentinels
 * (`<i data-tabster-dummy aria-hidden tabindex="0">`) around toolbars and dialogs; they
 * pass focus on and are never read, so they are left out.
 */
export async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).exclude("[data-tabster-dummy]").analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`).join("\n")}`);
  expect(serious, `axe on ${new URL(page.url()).pathname}`).toEqual([]);
}
