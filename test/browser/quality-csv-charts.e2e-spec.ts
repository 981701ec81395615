import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { Resource } from '@app/fhir';
import { waitFor } from '../support/wait-for';
import { callAs, gpRole } from '../support/transfers';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';
import { handOver, newGpOffice, newHospitalUnit } from './browser-handovers';

jest.setTimeout(180_000);

/** A headline figure's text as the user reads it ("7", "<5"). */
async function figure(page: Page, label: string): Promise<string> {
  return (await page.getByRole('group', { name: label, exact: true }).locator('.figure-value').textContent())!.replace(/[\s\u00a0\u202f]/g, '');
}

describe('the quality dashboard for Norwegian Excel and Power BI, its charts and its errors (browser)', () => {
  let stack: BrowserStack;
  let unitId: string;
  const UNIT_NAME = `Diagramtest sengepost ${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startBrowserStack({ worker: true });
    // Six patients handed over from a unit of this test's own, one task contested: some cells are numbers, some "<5".
    unitId = await newHospitalUnit(stack.api, UNIT_NAME);
    const handovers = [];
    for (let i = 0; i < 6; i++) handovers.push(await handOver(stack.api, { requester: unitId, gp: i % 2 ? 'gp2' : 'gp', categories: i < 5 ? ['PROVESVAR'] : ['REKV-UTR', 'KONTROLL'] }));
    const contested = handovers[5].tasks[0];
    expect((await callAs(stack.api, 'gp2', 'POST', `/api/tasks/${contested.id}/contest`, { version: Number(contested.meta!.versionId), reason: 'SYKEHUSETS-ANSVAR' })).status).toBe(200);
  });
  afterAll(async () => {
    await stack?.close();
  });

  const openReport = async (page: Page) => {
    await signIn(page, stack.web.url, 'quality', `/quality?unit=${encodeURIComponent(unitId)}`);
    await page.locator('.report:not(.stale) table[data-csv-section="byCategory"]').waitFor();
  };

  it('downloads a table as a file Norwegian Excel opens right: byte order mark, semicolons, the period and the rule first, "<5" empty and flagged', async () => {
    const page = await stack.newPage({ width: 1440, height: 1000 });
    await openReport(page);
    expect(await page.getByLabel('CSV-format').inputValue()).toBe('excel');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Last ned CSV: Per kategori', exact: true }).click()]);
    expect(download.suggestedFilename()).toMatch(/^bro-kvalitet-kategorier-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [about, header, ...rows] = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    const period = /periode (\d{4}-\d{2}-\d{2}) til (\d{4}-\d{2}-\d{2})/.exec(about);
    expect(period).not.toBeNull();
    expect(about).toContain(`sykehusenhet ${UNIT_NAME}`);
    expect(about).toContain('Tall om 1–4 pasienter er undertrykt');
    expect(header).toBe('kode;kategori;overført;bestridt;undertrykt');
    expect(rows).toEqual(['PROVESVAR;Oppfølging av prøvesvar;5;0;', 'KONTROLL;Kontroll;;0;overført', 'REKV-UTR;Rekvirering av utredning;;;"overført, bestridt"']);

    // Power BI gets the plain table, the header first.
    await page.getByLabel('CSV-format').selectOption('standard');
    const [weeks] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Last ned CSV: Uker', exact: true }).click()]);
    const lines = readFileSync((await weeks.path())!, 'utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('week,weekStart,transferred,contested,accepted,completed,medianHoursToAccept,suppressed,periodFrom,periodTo');
    expect(lines.filter(Boolean).pop()).toMatch(/^\d{4}-W\d{2},\d{4}-\d{2}-\d{2},7,,0,0,,contested,\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2}$/);
  });

  it('draws the breakdowns as bars and the weeks as trends, every organisation by its name', async () => {
    const page = await stack.newPage({ width: 1440, height: 1000 });
    await openReport(page);
    const units = page.getByRole('figure', { name: 'Per sykehusenhet' });
    await units.getByText(UNIT_NAME, { exact: true }).waitFor();
    expect(await units.getByRole('listitem').count()).toBe(1);
    await page.getByRole('figure', { name: 'Per kategori' }).getByText('Oppfølging av prøvesvar').waitFor();
    await page.getByRole('figure', { name: 'Per legekontor' }).getByText('Sentrum legesenter').waitFor();
    // The weekly counts, the share contested and the median hours to accept: three charts drawn.
    await page.getByRole('heading', { name: 'Andel bestridt per uke (%)' }).waitFor();
    await page.getByRole('heading', { name: 'Median timer til aksept per uke' }).waitFor();
    expect(await page.locator('.report .chart canvas').count()).toBe(3);
    // No accepted task: the median says so instead of "0 t".
    expect(await figure(page, 'Tid til aksept (median)')).toBe('ingendata');
    // No raw reference anywhere a person reads.
    expect(await page.locator('main').innerText()).not.toMatch(/Organization\//);
    await page.screenshot({ path: resolve(ARTIFACTS, 'quality-charts.png'), fullPage: true });
  });

  it('says in Norwegian what is wrong with a filter, when Bro cannot be reached and when it fails, and marks figures of the previous selection', async () => {
    const page = await stack.newPage({ width: 1280, height: 900 });
    await signIn(page, stack.web.url, 'quality', '/quality?from=2026-02-30');
    await page.getByRole('alert').getByText('«2026-02-30» er ikke en gyldig dato. Skriv datoen som dd.mm.åååå.').waitFor();
    await page.goto(`${stack.web.url}/quality?category=NOPE`);
    await page.getByRole('alert').getByText('Den valgte kategorien finnes ikke. Nullstill filtrene og velg på nytt.').waitFor();

    // The report of the test's unit on screen, then the API goes away under a new filter.
    await page.goto(`${stack.web.url}/quality?unit=${encodeURIComponent(unitId)}`);
    await page.locator('.report:not(.stale) table[data-csv-section="byCategory"]').waitFor();
    await page.route((url) => url.pathname === '/api/quality/report', (route) => route.abort('connectionrefused'));
    await page.getByLabel('Kategori', { exact: true }).selectOption('PROVESVAR');
    await page.getByRole('alert').getByText('Får ikke kontakt med Bro. Sjekk nettforbindelsen og prøv igjen om litt.').waitFor();
    // The old figures stay, marked: they are not the new selection's.
    await page.getByRole('status').getByText(/^Tallene under gjelder forrige utvalg/).waitFor();
    expect(await page.locator('.report.stale').count()).toBe(1);
    expect(await page.getByRole('link', { name: /^Last ned CSV/ }).count()).toBe(0);
    await page.screenshot({ path: resolve(ARTIFACTS, 'quality-api-down.png'), fullPage: true });

    await page.unroute((url) => url.pathname === '/api/quality/report');
    await page.route((url) => url.pathname === '/api/quality/report', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ statusCode: 500, message: 'Internal server error' }) }),
    );
    await page.getByRole('button', { name: 'Prøv igjen' }).click();
    await page.getByRole('alert').getByText('Det oppstod en feil hos Bro (feil 500). Prøv igjen; hjelper ikke det, kontakt brukerstøtte.').waitFor();
    expect(await page.locator('main').innerText()).not.toMatch(/Internal server error|Failed to fetch/);

    // Bro is back: the new selection's figures replace the marked ones.
    await page.unrouteAll();
    await page.getByRole('button', { name: 'Prøv igjen' }).click();
    await page.locator('.report:not(.stale)').waitFor();
    expect(await page.getByRole('status').getByText(/^Tallene under gjelder forrige utvalg/).count()).toBe(0);

    // The same in English when the user chose English.
    await page.evaluate("localStorage.setItem('bro.language', 'en')");
    await page.route((url) => url.pathname === '/api/quality/report', (route) => route.abort('connectionrefused'));
    await page.reload();
    await page.getByRole('alert').getByText('Cannot reach Bro. Check the network connection and try again shortly.').waitFor();
    await page.evaluate("localStorage.setItem('bro.language', 'nb')");
  });
});

describe("a GP's own office board (browser)", () => {
  let stack: BrowserStack;
  let office: string;
  let role: string;
  const OFFICE_NAME = `Egen tavle legesenter ${Date.now().toString(36)}`;

  beforeAll(async () => {
    stack = await startBrowserStack({ worker: true });
    // An office of the test's own where the demo GP also works: every task there is theirs.
    office = await newGpOffice(stack.api, OFFICE_NAME);
    const fhir = await stack.api.fhirClient('ehr');
    const demoRole = (await fhir.read({ resourceType: 'PractitionerRole', id: gpRole('gp').split('/')[1] })) as unknown as Resource;
    const created = (await fhir.create({
      resourceType: 'PractitionerRole',
      body: {
        resourceType: 'PractitionerRole',
        active: true,
        practitioner: demoRole.practitioner,
        organization: { reference: office },
        code: [{ coding: [{ system: 'urn:bro:practitioner-role', code: 'gp' }] }],
      },
    } as never)) as unknown as Resource;
    role = `PractitionerRole/${created.id}`;
    // Seven tasks about two patients: "<5" for anyone who could not see them.
    await handOver(stack.api, { owner: role, categories: ['PROVESVAR', 'KONTROLL', 'SYKMELD', 'MED-JUST'] });
    await handOver(stack.api, { owner: role, categories: ['PROVESVAR', 'RESEPT-NY', 'PASREISE'] });
  });
  afterAll(async () => {
    // The demo GP works at the demo office alone again, for the files that run after this one.
    if (role) {
      const fhir = await stack.api.fhirClient('ehr');
      const stand = (await fhir.create({ resourceType: 'Practitioner', body: { resourceType: 'Practitioner', name: [{ family: 'Vikar', given: ['Tavletest'] }] } } as never)) as unknown as Resource;
      const current = (await fhir.read({ resourceType: 'PractitionerRole', id: role.split('/')[1] })) as unknown as Resource;
      await fhir.update({
        resourceType: 'PractitionerRole',
        id: role.split('/')[1],
        body: { ...current, practitioner: { reference: `Practitioner/${stand.id}` } },
        options: { headers: { 'If-Match': `W/"${current.meta!.versionId}"` } },
      } as never);
    }
    await stack?.close();
  });

  it('shows the GP the exact count of the tasks in their inbox, and the quality team "<5"', async () => {
    const gp = await stack.newPage({ width: 1366, height: 900 });
    await signIn(gp, stack.web.url, 'gp', `/board?scope=office:${office}`);
    await gp.getByRole('heading', { name: `Tavle: ${OFFICE_NAME}`, level: 1 }).waitFor();
    await waitFor(async () => (await figure(gp, 'Åpne oppgaver')) === '7', 'the GP to see 7 open tasks on their own board', 30_000);
    expect(await figure(gp, 'Overført i dag')).toBe('7');
    // The same seven are in the GP's inbox.
    const inbox = await callAs<{ total: number }>(stack.api, 'gp', 'GET', '/api/inbox/tasks?scope=mine&pageSize=1');
    expect(inbox.body.total).toBeGreaterThanOrEqual(7);
    await gp.screenshot({ path: resolve(ARTIFACTS, 'board-own-office-gp.png'), fullPage: true });

    const quality = await stack.newPage({ width: 1366, height: 900 });
    await signIn(quality, stack.web.url, 'quality', `/board?scope=office:${office}`);
    await quality.getByRole('heading', { name: `Tavle: ${OFFICE_NAME}`, level: 1 }).waitFor();
    await waitFor(async () => (await figure(quality, 'Åpne oppgaver')) === '<5', 'the quality team to see "<5"', 30_000);
    await quality.screenshot({ path: resolve(ARTIFACTS, 'board-own-office-quality.png'), fullPage: true });

    // A form's required field speaks the user's language, not the browser's ("Please fill out this field").
    const { tasks } = await handOver(stack.api, { owner: role, categories: ['KONTROLL'] });
    await gp.goto(`${stack.web.url}/inbox?patient=${String((tasks[0].for as { reference: string }).reference).replace('Patient/', '')}`);
    await gp.getByRole('heading', { name: 'Innboks', level: 1 }).waitFor();
    await gp.getByRole('row').filter({ hasText: 'Kontroll' }).first().getByRole('button', { name: 'Flere valg' }).click();
    const contest = gp.locator('form').filter({ has: gp.getByRole('heading', { name: 'Send tilbake', exact: true }) });
    await contest.getByLabel('Årsak').selectOption({ label: 'Annet' });
    await contest.getByRole('button', { name: 'Send tilbake', exact: true }).click();
    const explanation = contest.getByRole('textbox');
    expect(await explanation.evaluate((field) => (field as unknown as { validationMessage: string }).validationMessage)).toBe('Fyll ut dette feltet.');
    await gp.goto(`${stack.web.url}/board?scope=office:${office}`);
    await waitFor(async () => (await figure(gp, 'Åpne oppgaver')) === '8', 'the GP to see 8 open tasks', 30_000);

    // A new task on the board reaches both, each as they may see it.
    await handOver(stack.api, { owner: role, categories: ['ANNET'] });
    await waitFor(async () => (await figure(gp, 'Åpne oppgaver')) === '9', 'the GP to see 9 open tasks', 30_000);
    expect(await figure(quality, 'Åpne oppgaver')).toBe('<5');
  });
});
