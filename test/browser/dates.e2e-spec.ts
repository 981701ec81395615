import { resolve } from 'node:path';
import { BrowserContext, Page } from 'playwright-core';
import { clockMoved } from '../../tools/reliability/real-clock';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';

jest.setTimeout(120_000);

const DAY_TEXT = /^\d{2}\.\d{2}\.\d{4}$/;
const DATE_TIME_TEXT = /^\d{2}\.\d{2}\.\d{4} ([01]\d|2[0-3]):[0-5]\d$/;

/** An instant's day and 24-hour time in Bergen, as the fields write them. */
function bergenText(instant: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
}

/**
 * An English hospital PC: the browser speaks en-US (its own date inputs would show mm/dd/yyyy and a 12-hour
 * clock). The app speaks bokmål, so its date fields are written dd.mm.åååå and 24 hours all the same.
 */
describe('dates in forms on an English browser (browser)', () => {
  let stack: BrowserStack;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startBrowserStack();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await stack?.close();
  });

  /** A tab of an English browser, a context of its own per test (so each user signs in afresh). */
  async function englishBrowserPage(): Promise<Page> {
    const context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', timezoneId: 'Europe/Oslo' });
    contexts.push(context);
    // As browser-stack's pages: the page's clock at the tests' (moved) time.
    if (clockMoved) await context.clock.install({ time: Date.now() });
    return context.newPage();
  }

  it('the hand-over form writes its dates dd.mm.åååå tt:mm and reads what the user types that way', async () => {
    const page = await englishBrowserPage();
    expect(await page.evaluate('navigator.language')).toBe('en-US');
    await signIn(page, stack.web.url, 'coordinator', '/handovers/new');
    await page.getByRole('heading', { name: 'Ny overføring ved utskrivning', level: 1 }).waitFor();

    const admitted = page.getByLabel('Innlagt', { exact: true });
    const discharged = page.getByLabel('Utskrevet', { exact: true });
    const due = page.getByRole('group', { name: 'Oppgave 1' }).getByLabel('Frist (valgfri; ellers etter kategori)');
    expect(await admitted.inputValue()).toMatch(DATE_TIME_TEXT);
    expect(await discharged.inputValue()).toMatch(DATE_TIME_TEXT);
    // Filled in when the page opened: discharged now, as the clock in Bergen reads it.
    const opened = Date.now();
    expect([bergenText(new Date(opened)), bergenText(new Date(opened - 60_000))]).toContain(await discharged.inputValue());
    expect(await admitted.getAttribute('placeholder')).toBe('dd.mm.åååå tt:mm');
    expect(await due.getAttribute('placeholder')).toBe('dd.mm.åååå');
    // A text field: not the browser's mm/dd/yyyy date input.
    expect(await due.getAttribute('type')).toBe('text');

    // Typed the short way, shown the whole way once the field is left.
    const year = new Date().getFullYear() + 1;
    await due.fill(`5.1.${year}`);
    await due.press('Tab');
    expect(await due.inputValue()).toBe(`05.01.${year}`);
    expect(await due.getAttribute('aria-invalid')).toBe('false');
    await discharged.fill(`${bergenText(new Date(opened)).slice(0, 10)} kl. 7.05`);
    await discharged.press('Tab');
    expect(await discharged.inputValue()).toBe(`${bergenText(new Date(opened)).slice(0, 10)} 07:05`);
    // An American date is no date here: said so, not read as the 1st of May.
    await due.fill(`5/31/${year}`);
    await due.press('Tab');
    expect(await due.getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: resolve(ARTIFACTS, 'dates-en-us-handover-form.png'), fullPage: true });

    // In English the app still writes dates the Norwegian way (a Norwegian system), with English hints.
    await page.getByLabel('Språk').selectOption('en');
    await page.getByRole('heading', { name: 'New hand-over at discharge', level: 1 }).waitFor();
    expect(await page.getByLabel(/^Admitted/).getAttribute('placeholder')).toBe('dd.mm.yyyy hh:mm');
    expect(await page.getByLabel(/^Admitted/).inputValue()).toMatch(DATE_TIME_TEXT);
  });

  it("the quality team's period is written dd.mm.åååå", async () => {
    const page = await englishBrowserPage();
    await signIn(page, stack.web.url, 'quality', '/quality');
    const from = page.getByLabel('Fra dato', { exact: true });
    const to = page.getByLabel('Til dato', { exact: true });
    // The period the report used is filled in once it has answered.
    await page.waitForFunction("/\\d/.test(document.querySelector('input[placeholder=\"dd.mm.åååå\"]')?.value ?? '')");
    expect(await from.inputValue()).toMatch(DAY_TEXT);
    expect(await to.inputValue()).toMatch(DAY_TEXT);
    await page.screenshot({ path: resolve(ARTIFACTS, 'dates-en-us-quality.png') });
  });
});
