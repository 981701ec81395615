import { Page } from 'playwright-core';
import { waitFor } from '../support/wait-for';

/** A headline figure as it reads on the wall: its number (bokmål digit grouping removed), or "<5". */
export async function figure(page: Page, label: string): Promise<number | string> {
  const text = (await page.getByRole('group', { name: label, exact: true }).locator('.figure-value').textContent())!.trim();
  const digits = text.replace(/[\s\u00a0\u202f]/g, '');
  return /^\d+$/.test(digits) ? Number(digits) : text;
}

/** Waits until the wall shows `expected` for a figure; fails naming what it showed last. */
export async function showsFigure(page: Page, label: string, expected: number): Promise<void> {
  let shown: number | string | undefined;
  await waitFor(async () => (shown = await figure(page, label)) === expected, `"${label}" to show ${expected}`, 30_000).catch((error: Error) => {
    throw new Error(`${error.message} (it shows ${String(shown)})`);
  });
}
