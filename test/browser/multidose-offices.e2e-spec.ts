import { resolve } from 'node:path';
import { IdentifierSystem, Resource, generateOrganisasjonsnummer, officeCapabilityOf } from '@app/fhir';
import { addDays, osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { callAs } from '../support/transfers';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';

jest.setTimeout(120_000);

/**
 * The administrator's multidose offices page in the browser: found from the menu, a search with no match says
 * so, one office edited from the version shown (a problem beside its field before anything is sent, then the
 * next version and its history), a change from a version someone else replaced refused with the way out, and
 * a CSV upload whose bad rows are listed by line while the good one is stored.
 */
describe('the multidose offices page (browser)', () => {
  let stack: BrowserStack;
  const tag = Date.now().toString(36);
  const today = () => osloDate(new Date());

  async function office(name: string): Promise<{ id: string; orgnr: string }> {
    const orgnr = generateOrganisasjonsnummer();
    const created = await callAs<Resource>(stack.api, 'ehr', 'POST', '/fhir/R4/Organization', {
      resourceType: 'Organization',
      identifier: [{ system: IdentifierSystem.Organisasjonsnummer, value: orgnr }],
      active: true,
      type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'gp-office' }] }],
      name,
    });
    return { id: created.body.id!, orgnr };
  }
  const capabilityOf = async (id: string) => officeCapabilityOf((await callAs<Resource>(stack.api, 'ehr', 'GET', `/fhir/R4/Organization/${id}`)).body) ?? {};

  beforeAll(async () => {
    stack = await startBrowserStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lets an administrator find an office, set its capability from the version shown, and see its history', async () => {
    const name = `Fjellsiden legesenter ${tag}`;
    const { id } = await office(name);
    const page = await stack.newPage({ width: 1280, height: 1000 });
    await signIn(page, stack.web.url, 'admin', '/');
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Multidose: kontor' }).click();
    await page.getByRole('heading', { name: 'Multidose: fastlegekontorenes tilkobling', level: 1 }).waitFor();

    await page.getByLabel('Søk etter kontor').fill(`finnes-ikke-${tag}`);
    await page.getByText(`Ingen fastlegekontor passer «finnes-ikke-${tag}».`).waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'multidose-offices-empty.png'), fullPage: true });

    await page.getByLabel('Søk etter kontor').fill(tag);
    const row = page.locator(`tr[data-office="Organization/${id}"]`);
    await row.waitFor();
    await row.getByRole('button', { name: `Endre ${name}` }).click();
    const form = page.getByTestId('office-capability-form');
    await form.getByText('Du endrer versjon 1.').waitFor();

    // e-multidose without PLL: refused beside its field by the page's own check (the API's function), nothing sent.
    const emd = addDays(today(), -14);
    await form.getByLabel('e-multidose fra').fill(emd);
    await form.getByRole('button', { name: 'Lagre' }).click();
    await form.locator('.field-error').filter({ hasText: 'fyll inn PLL-datoen også' }).waitFor();
    expect(await capabilityOf(id)).toEqual({});

    const pll = addDays(today(), -120);
    await form.getByLabel('PLL i bruk fra').fill(pll);
    await form.getByLabel('EPJ-system').fill('CGM Allmenn');
    await form.getByRole('button', { name: 'Lagre' }).click();
    await page.getByText(`${name} er lagret (versjon 2).`).waitFor();
    expect(await capabilityOf(id)).toEqual({ pllInUseSince: pll, eMultidoseConnectedSince: emd, epjSystem: 'CGM Allmenn' });
    await row.locator('td', { hasText: 'CGM Allmenn' }).waitFor();

    await row.getByRole('button', { name: 'Historikk' }).click();
    const history = page.getByTestId('office-capability-history');
    await history.getByText(/Versjon 2,/).waitFor();
    await history.getByText(/Versjon 1,/).waitFor();
    expect(await history.locator('li').count()).toBe(2);
    await page.screenshot({ path: resolve(ARTIFACTS, 'multidose-offices.png'), fullPage: true });

    // Someone else changes the office while the administrator edits version 2: told so, with the way out.
    await row.getByRole('button', { name: `Endre ${name}` }).click();
    await callAs(stack.api, 'admin', 'PUT', `/api/multidose/offices/${id}/capability`, { version: 2, pllInUseSince: pll, eMultidoseConnectedSince: emd, epjSystem: 'Infodoc' });
    await form.getByLabel('EPJ-system').fill('System X');
    await form.getByRole('button', { name: 'Lagre' }).click();
    await form.getByText('Noen andre har endret kontoret').waitFor();
    await form.getByRole('button', { name: 'Last inn på nytt' }).click();
    await row.locator('td', { hasText: 'Infodoc' }).waitFor();
    expect((await capabilityOf(id)).epjSystem).toBe('Infodoc');
  });

  it('uploads a CSV: the good row is stored, the bad ones are listed by line with the reason', async () => {
    const good = await office(`Nygård legesenter ${tag}`);
    const bad = await office(`Landås legesenter ${tag}`);
    const pll = addDays(today(), -40);
    const csv = ['orgnr;pll_since;emultidose_since;epj', `${good.orgnr};${pll};;Infodoc`, `${bad.orgnr};${addDays(today(), 3)};;Infodoc`, `${generateOrganisasjonsnummer()};${pll};;`].join('\n');

    const page = await stack.newPage({ width: 1280, height: 1000 });
    await signIn(page, stack.web.url, 'admin', '/multidose/offices');
    const upload = page.getByTestId('capability-import');
    await upload.getByLabel('CSV-fil').setInputFiles({ name: 'kontor.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await upload.getByRole('button', { name: 'Last opp' }).click();
    const report = page.getByTestId('capability-import-report');
    await report.getByText('3 rader: 1 lagret, 0 uendret, 2 med feil.').waitFor();
    const lines = await report.locator('tbody tr').allTextContents();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^3pll_since.*in the future/);
    expect(lines[1]).toMatch(/^4orgnr.*no organisation in the directory/);
    await page.screenshot({ path: resolve(ARTIFACTS, 'multidose-offices-import.png'), fullPage: true });
    expect(await capabilityOf(good.id)).toEqual({ pllInUseSince: pll, epjSystem: 'Infodoc' });
    expect(await capabilityOf(bad.id)).toEqual({});
  });

  it('shows coverage to the quality team in bokmål and English, and the admin page in English', async () => {
    const figures = (await callAs<{ coverage: { offices: { eMultidose: { count: number; of: number } } } }>(stack.api, 'quality', 'GET', '/api/quality/multidose-coverage')).body;
    const page = await stack.newPage({ width: 1280, height: 1000 });
    await signIn(page, stack.web.url, 'quality', '/quality');
    const section = page.getByRole('region', { name: 'Multidose: dekning på fastlegekontorene' }).first();
    const offices = section.getByRole('group', { name: 'Kontor koblet til e-multidose', exact: true });
    await offices.getByText(`${figures.coverage.offices.eMultidose.count} av ${figures.coverage.offices.eMultidose.of}`).waitFor();
    expect(await section.getByRole('list').first().getByRole('listitem').count()).toBe(12);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: resolve(ARTIFACTS, 'multidose-quality.png'), fullPage: true });

    await page.getByLabel('Språk').selectOption('en');
    await page.getByRole('heading', { name: 'Multidose: coverage at GP offices' }).waitFor();
    await page.getByRole('group', { name: 'Offices connected to e-multidose', exact: true }).getByText(`${figures.coverage.offices.eMultidose.count} of ${figures.coverage.offices.eMultidose.of}`).waitFor();

    const admin = await stack.newPage({ width: 1280, height: 1000 });
    await signIn(admin, stack.web.url, 'admin', '/multidose/offices');
    await admin.getByLabel('Språk').selectOption('en');
    await admin.getByRole('heading', { name: 'Multidose: GP offices connected', level: 1 }).waitFor();
    await admin.getByRole('heading', { name: 'Upload from CSV' }).waitFor();
  });
});
