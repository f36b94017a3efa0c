// axe-core's check of what is on the page now, against WCAG 2.0/2.1/2.2 A and AA. Only
// serious and critical findings fail; each is listed with its rule, where, and why, so the
// failure says what to fix. Soft: a journey goes on and reports every page it reaches.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect } from "./fixtures";

const WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export async function expectNoSeriousViolations(page: Page, label: string) {
  // Colours read in the middle of a hover or theme transition would be neither theme's.
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState === "finished"),
  );
  const results = await new AxeBuilder({ page }).withTags(WCAG_A_AA).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const found = serious.flatMap((v) =>
    v.nodes.map((node) => {
      const summary = (node.failureSummary ?? "").replace(/^Fix (any|all) of the following:\s*/, "").replace(/\s+/g, " ");
      return `${v.id} (${v.impact}) at ${node.target.join(" ")}: ${summary}`;
    }),
  );
  expect.soft(found, `${label}: serious accessibility violations`).toEqual([]);
}
