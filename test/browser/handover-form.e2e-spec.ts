import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { syntheticFodselsnummer } from '../support/fixtures';
import { ARTIFACTS, BrowserStack, hasFocus, signIn, startBrowserStack } from './browser-stack';
import { newRegisteredPatient, registerPatient, uniquePatientName } from './browser-handovers';

jest.setTimeout(120_000);

const DAY = 86_400_000;

/** An instant as the form's fields are written (dd.mm.yyyy, and hh:mm on the 24-hour clock), in Bergen time. */
function formText(instant: Date, withTime = true): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Oslo', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const day = `${parts.day}.${parts.month}.${parts.year}`;
  return withTime ? `${day} ${parts.hour}:${parts.minute}` : day;
}

/** The field's message, as the user reads it beside the field (what aria-describedby points to). */
async function messageOf(page: Page, label: string | RegExp, within = page.locator('form')): Promise<string> {
  const field = within.getByLabel(label, { exact: true });
  expect(await field.getAttribute('aria-invalid')).toBe('true');
  const described = (await field.getAttribute('aria-describedby'))!.split(' ')[0];
  return (await page.locator(`[id="${described}"]`).textContent()) ?? '';
}

describe('the hand-over form (browser)', () => {
  let stack: BrowserStack;
  let page: Page;

  beforeAll(async () => {
    stack = await startBrowserStack();
    page = await stack.newPage();
    await signIn(page, stack.web.url, 'coordinator');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('opens from a bookmark or a reload while signed in, without "not signed in"', async () => {
    await page.goto(`${stack.web.url}/handovers/new`);
    await page.getByRole('heading', { name: 'Ny overføring ved utskrivning', level: 1 }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Ny overføring ved utskrivning', level: 1 }).waitFor();
    // The unit is found (the send button is enabled once it is) and nothing went wrong.
    await page.waitForFunction("document.querySelector('form button.primary.large')?.disabled === false");
    expect(await page.getByText('Noe gikk galt').count()).toBe(0);
    expect(await page.getByText('not signed in').count()).toBe(0);
  });

  it('says per field what to fill in and what is wrong, and sends nothing', async () => {
    const personNumber = page.getByLabel('Fødselsnummer eller D-nummer (11 siffer)');
    const task = page.getByRole('group', { name: 'Oppgave 1' });
    await page.getByRole('button', { name: 'Send overføringen' }).click();

    await page.getByRole('alert').filter({ hasText: 'Rett feltene som er merket (3 feil).' }).waitFor();
    expect(await messageOf(page, 'Fødselsnummer eller D-nummer (11 siffer)')).toBe('Fyll ut fødselsnummer eller D-nummer.');
    expect(await messageOf(page, 'Kategori', task)).toBe('Velg kategori.');
    expect(await messageOf(page, 'Beskrivelse', task)).toBe('Fyll ut beskrivelse: hva skal fastlegen gjøre?');
    // The first field to correct has the focus.
    expect(await hasFocus(personNumber)).toBe(true);

    await personNumber.fill('1201ab4567');
    expect(await messageOf(page, 'Fødselsnummer eller D-nummer (11 siffer)')).toBe('Fødselsnummeret kan bare inneholde sifre.');
    await personNumber.fill('1201');
    expect(await messageOf(page, 'Fødselsnummer eller D-nummer (11 siffer)')).toBe('Fødselsnummeret har 11 siffer; du har skrevet 4.');
    await personNumber.fill('12345678901');
    expect(await messageOf(page, 'Fødselsnummer eller D-nummer (11 siffer)')).toBe('Fødselsnummeret er ikke gyldig (sjekk sifrene).');

    const nextYear = new Date(Date.now() + 365 * DAY);
    await page.getByLabel('Utskrevet', { exact: true }).fill(formText(nextYear));
    expect(await messageOf(page, 'Utskrevet')).toBe('Utskrivningen kan ikke være fram i tid: send overføringen ved eller etter utskrivning.');
    await page.getByLabel('Innlagt', { exact: true }).fill(formText(new Date(Date.now() - DAY)));
    await page.getByLabel('Utskrevet', { exact: true }).fill(formText(new Date(Date.now() - 2 * DAY)));
    expect(await messageOf(page, 'Utskrevet')).toBe('Utskrivningen kan ikke være før innleggelsen.');
    await page.getByLabel('Utskrevet', { exact: true }).fill('');
    expect(await messageOf(page, 'Utskrevet')).toBe('Fyll ut når pasienten ble skrevet ut.');
    await page.getByLabel('Utskrevet', { exact: true }).fill('i går');
    expect(await messageOf(page, 'Utskrevet')).toBe('Skriv tidspunktet som dd.mm.åååå tt:mm, for eksempel 24.12.2026 14:30.');

    await task.getByLabel('Frist (valgfri; ellers etter kategori)').fill('01.03.2020');
    expect(await messageOf(page, 'Frist (valgfri; ellers etter kategori)', task)).toBe('Fristen kan ikke være før i dag.');

    await page.screenshot({ path: resolve(ARTIFACTS, 'handover-form-errors.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send overføringen' }).click();
    await page.getByRole('alert').filter({ hasText: /Rett feltene som er merket/ }).waitFor();
    expect(await page.getByTestId('handover-sent').count()).toBe(0);
  });

  it('asks for the name of a patient Bro does not know, and says the tasks would wait unassigned', async () => {
    await page.goto(`${stack.web.url}/handovers/new`);
    await page.getByLabel('Fødselsnummer eller D-nummer (11 siffer)').fill(syntheticFodselsnummer());
    await page.getByTestId('handover-recipient').filter({ hasText: 'Pasienten er ikke kjent i Bro ennå.' }).waitFor();
    await page.getByTestId('handover-recipient-gp').filter({ hasText: 'enhetens kø «Uten fastlege»' }).waitFor();
    await page.getByRole('button', { name: 'Send overføringen' }).click();
    expect(await messageOf(page, 'Fornavn')).toBe('Fyll ut fornavn: pasienten er ikke kjent i Bro.');
    expect(await messageOf(page, 'Etternavn')).toBe('Fyll ut etternavn: pasienten er ikke kjent i Bro.');
    const name = uniquePatientName();
    await page.getByLabel('Fornavn', { exact: true }).fill(name.given);
    await page.getByLabel('Etternavn', { exact: true }).fill(name.family);
    expect(await page.getByLabel('Fornavn', { exact: true }).getAttribute('aria-invalid')).toBe('false');
  });

  it("shows the patient's name and GP before sending, and the confirmation where the user is looking, with a link to the hand-over", async () => {
    const patient = newRegisteredPatient();
    await registerPatient(stack.api, patient, 'gp');
    await page.goto(`${stack.web.url}/handovers/new`);
    await page.getByLabel('Fødselsnummer eller D-nummer (11 siffer)').fill(patient.fodselsnummer);
    await page.getByTestId('handover-patient-name').filter({ hasText: patient.name.full }).waitFor();
    await page.getByTestId('handover-recipient-gp').filter({ hasText: 'Oppgavene går til fastlege Kari Fastlege, Sentrum legesenter.' }).waitFor();
    // Known to Bro: the population register's name stands, none is asked for.
    expect(await page.getByLabel('Fornavn', { exact: true }).count()).toBe(0);

    const task = page.getByRole('group', { name: 'Oppgave 1' });
    await task.getByLabel('Kategori', { exact: true }).selectOption({ label: 'Kontroll' });
    await task.getByLabel('Beskrivelse').fill('Kontroll av blodtrykk om to uker.');
    await task.getByLabel('Frist (valgfri; ellers etter kategori)').fill(formText(new Date(Date.now() + 14 * DAY), false));
    await page.screenshot({ path: resolve(ARTIFACTS, 'handover-form-filled.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send overføringen' }).click();

    const sent = page.getByTestId('handover-sent');
    await sent.filter({ hasText: `Overføringen for ${patient.name.full} er sendt: 1 oppgave.` }).waitFor();
    await sent.getByText('Mottaker: Kari Fastlege').waitFor();
    // Beside the button that sent it, and focused: a screen reader reads it, a sighted user sees it without scrolling.
    expect(await hasFocus(sent)).toBe(true);
    const [button, confirmation] = await Promise.all([page.getByRole('button', { name: 'Send overføringen' }).boundingBox(), sent.boundingBox()]);
    expect(confirmation!.y).toBeGreaterThan(button!.y);
    expect(confirmation!.y - (button!.y + button!.height)).toBeLessThan(100);
    await page.screenshot({ path: resolve(ARTIFACTS, 'handover-form-sent.png') });

    await sent.getByRole('link', { name: 'Åpne overføringen' }).click();
    await page.getByRole('heading', { name: `Overføring for ${patient.name.full}`, level: 1 }).waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'handover-form-opened.png') });
  });
});
