import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { RoutingRule, isCatchAll } from '@app/fhir';
import { RoutingRulesAnswer } from '@app/fhir/api/routing-rule-answers';
import { Database } from '../../apps/api/src/database/sql-client';
import { testDirectory } from '../support/test-directory';
import { callAs } from '../support/transfers';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';
import { newHospitalUnit } from './browser-handovers';

jest.setTimeout(120_000);

/**
 * The administrator's routing-rules page in the browser: the empty state (or the rules in force), a rule
 * added above the catch-all, a problem shown beside its field before anything is sent, the save as the next
 * version with the history growing, and a save from a version someone else replaced refused with the way out.
 * The rule set is shared ground for the run: the versions this file saves are removed again at its end.
 */
describe('the routing rules page (browser)', () => {
  let stack: BrowserStack;
  let startVersion: number;
  let unit: string;
  let closedService: string;
  const unitName = `Psykiatrisk poliklinikk ${Date.now().toString(36)}`;

  const current = async () => (await callAs<RoutingRulesAnswer>(stack.api, 'admin', 'GET', '/api/referrals/routing-rules')).body;

  beforeAll(async () => {
    stack = await startBrowserStack();
    startVersion = (await current()).version;
    unit = await newHospitalUnit(stack.api, unitName);
    const ehr = await stack.api.fhirClient('ehr');
    const closed = (await ehr.create({
      resourceType: 'HealthcareService',
      body: { resourceType: 'HealthcareService', identifier: [{ system: 'urn:bro:healthcare-service', value: `nedlagt-${Date.now().toString(36)}` }], active: false, name: 'Nedlagt lavterskeltilbud' },
    } as never)) as unknown as { id: string };
    closedService = `HealthcareService/${closed.id}`;
  });
  afterAll(async () => {
    await stack?.api.app.get(Database).query(`DELETE FROM referral_routing_rule_set WHERE version > $1`, [startVersion]);
    await stack?.close();
  });

  const rule = (page: Page, index: number) => page.getByTestId(`routing-rule-${index}`);

  it('lets an administrator add a rule above the catch-all, shows problems beside their fields, and saves the next version', async () => {
    const page = await stack.newPage({ width: 1280, height: 1000 });
    await signIn(page, stack.web.url, 'admin', '/');
    await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Rutingsregler' }).click();
    await page.getByRole('heading', { name: 'Ruting av avviste henvisninger', level: 1 }).waitFor();
    const service = testDirectory().lowThresholdService;

    const before = await current();
    let rules: RoutingRule[] = before.rules;
    if (!before.stored) {
      // Nothing stored: the page says what that means and offers the one rule every set needs.
      const empty = page.getByTestId('routing-rules-empty');
      await empty.getByText('Avviste henvisninger sendes ikke videre').waitFor();
      await page.screenshot({ path: resolve(ARTIFACTS, 'routing-rules-empty.png'), fullPage: true });
      await empty.getByRole('button', { name: 'Start med én regel for alle avslag' }).click();
      await rule(page, 0).getByLabel('Send til tjeneste').selectOption(service);
      rules = [{ id: 'alle', routeTo: service }];
    } else {
      await page.getByTestId('routing-rules-version').getByText(`Versjon ${before.version} gjelder`).waitFor();
    }
    const added = rules.length && isCatchAll(rules[rules.length - 1]) ? rules.length - 1 : rules.length;

    await page.getByRole('button', { name: 'Legg til regel' }).click();
    const fresh = rule(page, added);
    await fresh.getByLabel('Kortnavn (id)').fill('psykisk helse');
    await fresh.getByLabel('Beskrivelse').fill('Avslag fra psykiatrisk poliklinikk');
    await fresh.getByLabel('Oppfyller ikke prioriteringskriteriene').check();
    await fresh.getByLabel('Hører hjemme i primærhelsetjenesten').check();
    await fresh.getByLabel('Legg til avdeling').selectOption(unit);
    await fresh.getByText(unitName).waitFor();
    await fresh.getByLabel('Send til tjeneste').selectOption(service);
    await fresh.getByLabel('Frist for vurdering (virkedager)').fill('3');
    await page.getByLabel('Hvorfor endres reglene?').fill('Egen regel for psykisk helse');

    // The page's own check (the API's function) names the bad id beside its field, before anything is sent.
    await page.getByRole('button', { name: `Lagre som versjon ${before.version + 1}` }).click();
    await page.getByTestId('routing-rule-problems').getByText('Kortnavnet er 1–64 bokstaver').waitFor();
    await fresh.locator('.field-error').getByText('Kortnavnet er 1–64 bokstaver').waitFor();
    expect(await fresh.getByLabel('Kortnavn (id)').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: resolve(ARTIFACTS, 'routing-rules-problem.png'), fullPage: true });
    expect((await current()).version).toBe(before.version);

    // What only the API knows (the directory) comes back beside the same field: this service takes no cases.
    await fresh.getByLabel('Kortnavn (id)').fill('psykisk-helse');
    await fresh.getByLabel('Send til tjeneste').selectOption(closedService);
    await page.getByRole('button', { name: `Lagre som versjon ${before.version + 1}` }).click();
    await fresh.locator('.field-error').getByText('Tjenesten er ikke aktiv').waitFor();
    expect(await fresh.getByLabel('Send til tjeneste').getAttribute('aria-invalid')).toBe('true');
    expect((await current()).version).toBe(before.version);

    await fresh.getByLabel('Send til tjeneste').selectOption(service);
    await page.getByRole('button', { name: `Lagre som versjon ${before.version + 1}` }).click();
    await page.getByText(`Versjon ${before.version + 1} er lagret og gjelder fra nå.`).waitFor();
    await page.getByTestId('routing-rules-version').getByText(`Versjon ${before.version + 1} gjelder`).waitFor();
    await page.getByTestId('routing-rule-history').getByText(`Versjon ${before.version + 1}`).first().waitFor();
    await page.getByTestId('routing-rule-history').getByText('Egen regel for psykisk helse').first().waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'routing-rules-saved.png'), fullPage: true });

    const saved = await current();
    expect(saved.version).toBe(before.version + 1);
    expect(saved.changedBy).toBe('Anne Admin (admin)');
    expect(saved.rules[added]).toEqual({
      id: 'psykisk-helse',
      description: 'Avslag fra psykiatrisk poliklinikk',
      reasons: ['IKKE-PRIORITERT', 'PRIMAERHELSETJENESTE'],
      hospitalUnits: [unit],
      routeTo: service,
      triageWorkingDays: 3,
    });
    expect(isCatchAll(saved.rules[saved.rules.length - 1])).toBe(true);

    // Someone else saves meanwhile: this page's save is refused, and it says how to go on.
    const other = await callAs(stack.api, 'admin', 'PUT', '/api/referrals/routing-rules', { version: saved.version, rules: saved.rules, comment: 'Samtidig endring' });
    expect(other.status).toBe(200);
    await rule(page, added).getByLabel('Beskrivelse').fill('Avslag fra psykiatrisk poliklinikk, voksne');
    await page.getByRole('button', { name: `Lagre som versjon ${saved.version + 1}` }).click();
    await page.getByText(`Noen andre har lagret reglene (versjon ${saved.version + 1})`).waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'routing-rules-stale.png'), fullPage: true });
    await page.getByRole('button', { name: 'Last inn på nytt' }).click();
    await page.getByTestId('routing-rules-version').getByText(`Versjon ${saved.version + 1} gjelder`).waitFor();
    expect((await current()).version).toBe(saved.version + 1);
  });

  it('is not in the menu of anyone but the administrator', async () => {
    const page = await stack.newPage();
    await signIn(page, stack.web.url, 'quality', '/');
    expect(await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Rutingsregler' }).count()).toBe(0);
    await page.goto(`${stack.web.url}/routing-rules`);
    await page.getByText('Du har ikke tilgang til denne siden med rollen din.').waitFor();
  });
});
