import { resolve } from 'node:path';
import { Locator, Page } from 'playwright-core';
import { Bundle, Resource } from '@app/fhir';
import { IdentifierSystem } from '@app/fhir/identifiers/identifier-systems';
import { TestApi } from '../support/test-api';
import { testDirectory } from '../support/test-directory';
import { callAs } from '../support/transfers';
import { ARTIFACTS, BrowserStack, hasFocus, signIn, startBrowserStack } from './browser-stack';
import { handOver, newGpOffice } from './browser-handovers';

jest.setTimeout(120_000);

/** A GP of the test's own, at an office, as the directory feed would register them (FHIR, by the registry's system client). */
async function newGp(api: TestApi, name: { given: string; family: string }, office: string, hpr: string): Promise<string> {
  const fhir = await api.fhirClient('ehr');
  const practitioner = (await fhir.create({
    resourceType: 'Practitioner',
    body: { resourceType: 'Practitioner', identifier: [{ system: IdentifierSystem.Hpr, value: hpr }], name: [{ given: [name.given], family: name.family }] },
  } as never)) as unknown as Resource;
  const role = (await fhir.create({
    resourceType: 'PractitionerRole',
    body: {
      resourceType: 'PractitionerRole',
      active: true,
      practitioner: { reference: `Practitioner/${practitioner.id}`, display: `${name.given} ${name.family}` },
      organization: { reference: office },
      code: [{ coding: [{ system: 'urn:bro:practitioner-role', code: 'gp' }] }],
    },
  } as never)) as unknown as Resource;
  return `PractitionerRole/${role.id}`;
}

const optionTexts = (listbox: Locator) => listbox.getByRole('option').allTextContents();

describe('choosing a GP: one search box, own office first (browser)', () => {
  let stack: BrowserStack;
  let page: Page;
  // Names of the test's own: other tests' GPs never match them.
  const suffix = Date.now().toString(36).slice(-5);
  const family = `Plukk${suffix}`;
  const officeName = `Testlegesenter ${suffix}`;
  const hpr = `8${String(Date.now()).slice(-8)}`;
  let colleague: string;
  let elsewhere: string;

  beforeAll(async () => {
    stack = await startBrowserStack();
    const office = await newGpOffice(stack.api, officeName);
    // Alphabetically the other office's GP comes first; the GP's own office (Kari Fastlege's, Sentrum) must still lead.
    elsewhere = await newGp(stack.api, { given: 'Anders', family }, office, hpr);
    colleague = await newGp(stack.api, { given: 'Zakarias', family }, testDirectory().demoOrganizations.gpOfficeSentrum, `7${String(Date.now()).slice(-8)}`);
    page = await stack.newPage();
    await signIn(page, stack.web.url, 'gp');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('forwards a task to a GP found by name, office or HPR number, by keyboard', async () => {
    const { patientName, tasks } = await handOver(stack.api, { categories: ['KONTROLL'] });
    const patientId = String((tasks[0].for as { reference: string }).reference).replace('Patient/', '');
    await page.goto(`${stack.web.url}/inbox?patient=${patientId}`);
    await page.getByRole('row').filter({ hasText: patientName }).getByRole('button', { name: 'Flere valg' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Videresend til riktig fastlege' }) });
    const picker = form.getByRole('combobox', { name: 'Fastlege eller legekontor' });
    // Hidden while closed, so looked for among hidden elements too.
    const listbox = form.getByRole('listbox', { name: 'Fastlege eller legekontor', includeHidden: true });
    expect(await picker.getAttribute('aria-autocomplete')).toBe('list');
    expect(await picker.getAttribute('aria-controls')).toBe(await listbox.getAttribute('id'));

    // Before anything is typed: the GP's own office, its GPs (not the GP themselves, who has the task) and its shared list.
    await picker.focus();
    await listbox.getByRole('option', { name: /Zakarias/ }).waitFor();
    expect(await picker.getAttribute('aria-expanded')).toBe('true');
    const ownOffice = await optionTexts(listbox);
    expect(ownOffice.every((text) => text.includes('Sentrum legesenter'))).toBe(true);
    expect(ownOffice.some((text) => text.includes('Kari Fastlege'))).toBe(false);
    expect(ownOffice).toContain('Sentrum legesenter – kontorets felles liste (ditt kontor)');

    // By name: both GPs called Plukk…, the colleague at the GP's own office first.
    await picker.fill(family.toLowerCase());
    await form.getByRole('status').filter({ hasText: '2 treff' }).waitFor();
    expect(await optionTexts(listbox)).toEqual([`Zakarias ${family}, Sentrum legesenter (ditt kontor)`, `Anders ${family}, ${officeName}`]);
    await page.screenshot({ path: resolve(ARTIFACTS, 'gp-picker-by-name.png') });

    // By office: its GP and its shared list.
    await picker.fill(officeName);
    await form.getByRole('status').filter({ hasText: '2 treff' }).waitFor();
    expect(await optionTexts(listbox)).toEqual([`Anders ${family}, ${officeName}`, `${officeName} – kontorets felles liste`]);

    // By HPR number, then chosen with the arrow and Enter (which does not send the form).
    await picker.fill(hpr);
    await form.getByRole('status').filter({ hasText: '1 treff' }).waitFor();
    await picker.press('ArrowDown');
    const active = listbox.getByRole('option', { selected: true });
    expect(await active.textContent()).toBe(`Anders ${family}, ${officeName}`);
    expect(await picker.getAttribute('aria-activedescendant')).toBe(await active.getAttribute('id'));
    await picker.press('Enter');
    expect(await picker.inputValue()).toBe(`Anders ${family}, ${officeName}`);
    expect(await picker.getAttribute('aria-expanded')).toBe('false');
    expect(await hasFocus(picker)).toBe(true);
    await form.getByRole('status').filter({ hasText: `Valgt: Anders ${family}, ${officeName}` }).waitFor();

    await form.getByRole('button', { name: 'Videresend til riktig fastlege' }).click();
    await page.getByRole('status').filter({ hasText: `Oppgaven for ${patientName} er videresendt.` }).waitFor();
    const forwarded = await callAs<Bundle>(stack.api, 'ehr', 'GET', `/fhir/R4/Task?owner=${encodeURIComponent(elsewhere)}&patient=Patient/${patientId}`);
    expect(forwarded.body.entry?.length).toBe(1);
    const toColleague = await callAs<Bundle>(stack.api, 'ehr', 'GET', `/fhir/R4/Task?owner=${encodeURIComponent(colleague)}&patient=Patient/${patientId}`);
    expect(toColleague.body.entry ?? []).toHaveLength(0);
  });

  it('says when nothing matches, and Escape closes the list and then clears the box', async () => {
    const { patientName, tasks } = await handOver(stack.api, { categories: ['PROVESVAR'] });
    const patientId = String((tasks[0].for as { reference: string }).reference).replace('Patient/', '');
    await page.goto(`${stack.web.url}/inbox?patient=${patientId}`);
    await page.getByRole('row').filter({ hasText: patientName }).getByRole('button', { name: 'Flere valg' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Videresend til riktig fastlege' }) });
    const picker = form.getByRole('combobox', { name: 'Fastlege eller legekontor' });
    await picker.fill(`ingen${suffix}finnes`);
    // Said on screen, and to a screen reader through the live status.
    await form.locator('p.hint').filter({ hasText: 'Ingen fastleger eller legekontor passer.' }).waitFor();
    await form.getByRole('status').filter({ hasText: 'Ingen fastleger eller legekontor passer.' }).waitFor();
    expect(await form.getByRole('button', { name: 'Videresend til riktig fastlege' }).isDisabled()).toBe(true);

    await picker.fill(family);
    await form.getByRole('status').filter({ hasText: '2 treff' }).waitFor();
    await picker.press('Escape');
    expect(await picker.getAttribute('aria-expanded')).toBe('false');
    await picker.press('Escape');
    expect(await picker.inputValue()).toBe('');
  });
});
