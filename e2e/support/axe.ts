import axe, { type AxeResults } from 'axe-core'
import type { Page } from 'playwright-core'

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: string[]
}

/**
 * Runs axe-core in the page against WCAG 2.0/2.1 A and AA and returns the violations (empty when
 * the page passes). Injects axe's source once per document.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined')
  if (!loaded) await page.addScriptTag({ content: axe.source })
  return page.evaluate(async () => {
    const runner = (window as unknown as { axe: { run(ctx: Document, options: object): Promise<AxeResults> } }).axe
    const result = await runner.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }))
  })
}

/** Readable summary for assertion messages. */
export function formatViolations(violations: AxeViolation[]): string {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.join('\n  ')}`).join('\n')
}
