import { resolve } from 'node:path';
import { Page } from 'playwright-core';
import { OrganizationTypeCode, Resource, withOpeningHours } from '@app/fhir';
import type { ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { WEEKDAYS_0800_1530, createEntry, entryIdentifier, herEndpoint, homeNursingInAsane, onDutyNow, organizationEntry, runTag } from '../support/directory';
import { encounterOf, patientAged, patientOf } from '../support/revolving-door';
import { testDirectory } from '../support/test-directory';
import { callAs, gpRole, handover, postHandover, wardOfTheDemoUnit } from '../support/transfers';
import { ARTIFACTS, BrowserStack, hasFocus, signIn, startBrowserStack } from './browser-stack';
import { uniquePatientName } from './browser-handovers';

jest.setTimeout(180_000);

const DAY = 86_400_000;

/**
 * "Finn samarbeidspartner" and the revolving-door mark in the web app: the GP types a partner's name with a
 * typo or without æøå and gets its card (phone to call, HER address and message types, opening hours, today's
 * duty) with the keyboard; empty and no-match states say what to do; in English too. A patient 67 or more
 * back acutely within 30 days is marked in the GP's inbox (with "Involvert rundt pasienten", over the list and
 * in the task's panel), on the coordinator's hand-over list (with the prompt to propose a joint consultation),
 * in the planner and on the consultation's card.
 */
describe('collaboration directory and revolving-door patients (browser)', () => {
  let stack: BrowserStack;
  const tag = runTag();
  const refs: Record<string, string> = {};

  const create = (resource: Resource) => createEntry(stack.api, resource);

  /** What the GP does: clicks the box and types, key by key, as fast as a quick typist. */
  async function typeInSearch(page: Page, text: string): Promise<void> {
    const box = page.getByRole('searchbox', { name: 'Finn samarbeidspartner' });
    await box.fill('');
    await box.pressSequentially(text, { delay: 40 });
  }

  const cards = (page: Page) => page.getByRole('region', { name: 'Samarbeidspartnere' }).getByTestId('directory-card');

  beforeAll(async () => {
    stack = await startBrowserStack();
    const hospital = await create(organizationEntry(`Haukeland universitetssjukehus ${tag}`, OrganizationTypeCode.Hospital));
    const her = await create(herEndpoint('8712345', 'Lungeavdelingen, meldinger'));
    refs.unit = await create(
      withOpeningHours(
        organizationEntry(`Lungeavdelingen, Haukeland ${tag}`, OrganizationTypeCode.HospitalUnit, 'Årstad', {
          partOf: { reference: hospital },
          telecom: [{ system: 'phone', value: '+47 55 97 32 00', use: 'work' }],
          endpoint: [{ reference: her }],
        }),
        WEEKDAYS_0800_1530,
      ),
    );
    const dutyDoctor = await create({ resourceType: 'Practitioner', identifier: entryIdentifier(), name: [{ given: ['Ingrid'], family: `Vakthavende ${tag}` }] });
    await create({
      resourceType: 'PractitionerRole',
      identifier: entryIdentifier(),
      active: true,
      practitioner: { reference: dutyDoctor, display: `Ingrid Vakthavende ${tag}` },
      organization: { reference: refs.unit },
      ...onDutyNow(6, '+47 55 97 32 99'),
    });
    refs.homeNursing = await create(homeNursingInAsane(tag));
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('finds a partner as the GP types, with a typo and without æøå, and shows how to reach it', async () => {
    const page = await stack.newPage();
    await signIn(page, stack.web.url, 'gp');
    const box = page.getByRole('searchbox', { name: 'Finn samarbeidspartner' });
    await box.click();
    // Before typing: what to type.
    await page.getByTestId('directory-status').filter({ hasText: /^Skriv navnet på en sykehusavdeling/ }).waitFor();

    // "Haukland" for Haukeland, and "lunge" for the unit.
    const searches: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/directory/search')) searches.push(new URL(request.url()).searchParams.get('q') ?? '');
    });
    const typed = `lunge haukland ${tag}`;
    await typeInSearch(page, typed);
    const unit = cards(page).filter({ has: page.getByRole('heading', { name: `Lungeavdelingen, Haukeland ${tag}` }) });
    await unit.waitFor();
    await page.getByTestId('directory-status').filter({ hasText: /^1 treff$/ }).waitFor();
    expect(await cards(page).count()).toBe(1);
    // Debounced: a quick typist's keystrokes are a few searches, not one each; the last is what was typed.
    expect(searches.length).toBeLessThan(typed.length / 3);
    expect(searches.at(-1)).toBe(typed);
    await unit.getByText('Sykehusavdeling', { exact: true }).first().waitFor();
    expect(await unit.getByRole('link', { name: '+47 55 97 32 00' }).getAttribute('href')).toBe('tel:+4755973200');
    expect(await unit.getByRole('link', { name: `Ring Lungeavdelingen, Haukeland ${tag}` }).getAttribute('href')).toBe('tel:+4755973200');
    await unit.getByText('HER-id 8712345 · Tar imot: Dialogmelding, Epikrise').waitFor();
    await unit.getByText('man–fre 08:00–15:30').waitFor();
    await unit.getByText(`Haukeland universitetssjukehus ${tag}`).waitFor();
    await unit.getByText('Årstad').waitFor();
    const duty = unit.getByTestId('directory-on-duty');
    await duty.getByText(new RegExp(`Ingrid Vakthavende ${tag}`)).waitFor();
    expect(await duty.getByRole('link', { name: `Ring Ingrid Vakthavende ${tag}` }).getAttribute('href')).toBe('tel:+4755973299');
    // Messages go from the GP's own EPJ: the action hands over the HER id (copied when the browser lets it).
    await unit.getByRole('button', { name: `Send melding til Lungeavdelingen, Haukeland ${tag}` }).click();
    await unit.getByRole('status').filter({ hasText: /HER-id 8712345.*journalsystemet \(EPJ\)/ }).waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'directory-search-typo.png'), fullPage: true });

    // "asane" finds Åsane; "hjemesykepleien" (one m) the home nursing.
    await typeInSearch(page, `asane ${tag}`);
    const homeNursing = cards(page).filter({ has: page.getByRole('heading', { name: `Hjemmesykepleien Åsane ${tag}` }) });
    await homeNursing.waitFor();
    await homeNursing.getByText('Kommunal tjeneste', { exact: true }).waitFor();
    await homeNursing.getByText('man–søn hele døgnet').waitFor();
    await homeNursing.getByText('Ingen elektronisk adresse oppgitt: ring, eller send brev.').waitFor();
    await typeInSearch(page, `hjemesykepleien ${tag}`);
    await homeNursing.waitFor();
    await page.getByTestId('directory-status').filter({ hasText: /^1 treff$/ }).waitFor();
    expect(await cards(page).count()).toBe(1);
    await page.screenshot({ path: resolve(ARTIFACTS, 'directory-search-asane.png'), fullPage: true });
  });

  it('is used with the keyboard, says what to do when nothing matches, and speaks English', async () => {
    const page = await stack.newPage();
    await signIn(page, stack.web.url, 'gp');
    const box = page.getByRole('searchbox', { name: 'Finn samarbeidspartner' });
    await box.focus();
    await typeInSearch(page, `lungeavdelingen ${tag}`);
    await page.getByTestId('directory-status').filter({ hasText: /^1 treff$/ }).waitFor();
    // Arrow down: the first card; Esc: back in the box, the results closed.
    await box.press('ArrowDown');
    expect(await hasFocus(page.locator('.directory-card-focus').first())).toBe(true);
    await page.keyboard.press('Tab');
    expect(await hasFocus(cards(page).first().getByRole('link', { name: '+47 55 97 32 00' }))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await hasFocus(box)).toBe(true);
    expect(await page.getByRole('region', { name: 'Samarbeidspartnere' }).isHidden()).toBe(true);

    await typeInSearch(page, `qqzzyx ${tag}`);
    await page.getByTestId('directory-status').filter({ hasText: `Ingen treff på «qqzzyx ${tag}». Sjekk stavingen` }).waitFor();
    expect(await cards(page).count()).toBe(0);
    await page.screenshot({ path: resolve(ARTIFACTS, 'directory-search-no-match.png'), fullPage: true });

    // A slow answer to an older text is aborted, and never replaces the answer to what is typed now.
    await page.route('**/api/directory/search?*', async (route) => {
      if (new URL(route.request().url()).searchParams.get('q')?.startsWith('lunge')) await new Promise((done) => setTimeout(done, 1500));
      await route.continue().catch(() => undefined);
    });
    const aborted: string[] = [];
    page.on('requestfailed', (request) => {
      if (request.url().includes('/api/directory/search')) aborted.push(new URL(request.url()).searchParams.get('q') ?? '');
    });
    const slowSent = page.waitForRequest((request) => request.url().includes('/api/directory/search') && new URL(request.url()).searchParams.get('q') === `lunge ${tag}`);
    await typeInSearch(page, `lunge ${tag}`);
    await slowSent;
    await typeInSearch(page, `asane ${tag}`);
    await page.getByTestId('directory-status').filter({ hasText: /^1 treff$/ }).waitFor();
    await page.waitForTimeout(1800);
    expect(await cards(page).getByRole('heading').allTextContents()).toEqual([`Hjemmesykepleien Åsane ${tag}`]);
    expect(aborted).toContain(`lunge ${tag}`);
    await page.unroute('**/api/directory/search?*');

    await page.getByLabel('Språk').selectOption('en');
    const englishBox = page.getByRole('searchbox', { name: 'Find a collaboration partner' });
    await englishBox.fill('');
    await englishBox.pressSequentially(`asane ${tag}`, { delay: 40 });
    const card = page.getByRole('region', { name: 'Collaboration partners' }).getByTestId('directory-card');
    await card.getByText('Municipal service', { exact: true }).waitFor();
    await card.getByText('Mon–Sun around the clock').waitFor();
    await card.getByRole('link', { name: `Call Hjemmesykepleien Åsane ${tag}` }).waitFor();
    await page.screenshot({ path: resolve(ARTIFACTS, 'directory-search-english.png'), fullPage: true });
  });

  it('fits a phone screen: the results stay inside the viewport', async () => {
    const page = await stack.newPage({ width: 390, height: 844 });
    await signIn(page, stack.web.url, 'gp');
    await page.getByRole('searchbox', { name: 'Finn samarbeidspartner' }).click();
    await typeInSearch(page, `asane ${tag}`);
    await page.getByTestId('directory-status').filter({ hasText: /^1 treff$/ }).waitFor();
    const box = (await page.getByRole('region', { name: 'Samarbeidspartnere' }).boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: resolve(ARTIFACTS, 'directory-search-phone.png') });
  });

  describe('a revolving-door patient', () => {
    let patientId: string;
    let patientName: string;
    let handoverTasks: Resource[];
    /** The two stays (their Encounter ids and discharge times): the first, and the readmission. */
    const stays = {} as Record<'first' | 'readmission', { encounterId: string; dischargedAt: Date }>;

    beforeAll(async () => {
      const ward = await wardOfTheDemoUnit(stack.api);
      // Discharged 12 days ago at 78, back acutely 3 days later: the indicator's readmission.
      const discharged = new Date(Date.now() - 12 * DAY);
      const patient = patientAged(78, discharged, gpRole());
      const name = uniquePatientName();
      patient.name = [{ family: name.family, given: [name.given] }];
      patientName = name.full;
      const ehr = await stack.api.fhirClient('ehr');
      const index = await postHandover(ehr, handover({ patient, requester: ward, admittedAt: new Date(discharged.getTime() - 4 * DAY).toISOString(), dischargedAt: discharged.toISOString() }));
      patientId = patientOf(index.response).id!;
      stays.first = { encounterId: encounterOf(index.response).id!, dischargedAt: discharged };
      const start = new Date(discharged.getTime() + 3 * DAY);
      const readmittedUntil = new Date(start.getTime() + 2 * DAY);
      const readmission = await postHandover(
        ehr,
        handover({ patient, requester: ward, admittedAt: start.toISOString(), dischargedAt: readmittedUntil.toISOString(), admission: 'acute', categories: ['KONTROLL'] }),
      );
      handoverTasks = readmission.tasks;
      stays.readmission = { encounterId: encounterOf(readmission.response).id!, dischargedAt: readmittedUntil };
      expect(stays.readmission.encounterId).toBeDefined();
    });

    it("is marked in the GP's inbox, and the GP sees who is involved around the patient", async () => {
      const page = await stack.newPage();
      await signIn(page, stack.web.url, 'gp', `/inbox?patient=${patientId}`);
      const readmitted = page.locator(`tr[data-task-id="${handoverTasks[0].id}"]`);
      await readmitted.getByTestId('revolving-door-mark').filter({ hasText: 'Svingdørspasient' }).waitFor();
      // The first stay's task is not a readmission: no mark.
      const rows = page.locator('tr[data-task-id]').filter({ hasText: patientName });
      expect(await rows.count()).toBe(2);
      expect(await rows.getByTestId('revolving-door-mark').count()).toBe(1);

      await page.getByRole('button', { name: 'Vis hvem som er involvert rundt pasienten' }).click();
      const involved = page.getByTestId('involved-list');
      const gp = involved.locator(`[data-reference="${gpRole()}"]`);
      await gp.getByText('Fastlege', { exact: true }).first().waitFor();
      await page.screenshot({ path: resolve(ARTIFACTS, 'revolving-door-inbox.png'), fullPage: true });

      // In the task's own panel too, for the task's patient: asked for there only when opened.
      await readmitted.getByRole('button', { name: 'Flere valg' }).click();
      const panel = page.locator(`#panel-${handoverTasks[0].id}`);
      const involvedInPanel = panel.getByRole('region', { name: 'Involvert rundt pasienten' });
      await involvedInPanel.getByRole('heading', { level: 4, name: 'Involvert rundt pasienten' }).waitFor();
      expect(await involvedInPanel.getByTestId('involved-list').count()).toBe(0);
      await involvedInPanel.getByRole('button', { name: 'Vis hvem som er involvert rundt pasienten' }).click();
      await involvedInPanel.getByTestId('involved-list').locator(`[data-reference="${gpRole()}"]`).getByText('Fastlege', { exact: true }).first().waitFor();
      await involvedInPanel.getByRole('button', { name: 'Skjul hvem som er involvert' }).waitFor();
      await panel.screenshot({ path: resolve(ARTIFACTS, 'revolving-door-inbox-task-panel.png') });
    });

    it("is marked on the coordinator's hand-over list with the prompt, and in the consultation planner", async () => {
      const page = await stack.newPage();
      await signIn(page, stack.web.url, 'coordinator', '/handovers');
      const rows = page.locator('tr[data-handover-id]').filter({ hasText: patientName });
      const marked = rows.filter({ has: page.getByTestId('revolving-door-mark') });
      await marked.waitFor();
      expect(await marked.count()).toBe(1);
      const prompt = marked.getByRole('link', { name: `Svingdørspasient: foreslå felleskonsultasjon for ${patientName}` });
      await page.screenshot({ path: resolve(ARTIFACTS, 'revolving-door-handovers.png'), fullPage: true });

      await prompt.click();
      await page.getByTestId('plan-revolving-door').getByTestId('revolving-door-mark').waitFor();
      await page.screenshot({ path: resolve(ARTIFACTS, 'revolving-door-planner.png'), fullPage: true });

      // A consultation proposed about each stay (through the API, as the planner's form sends it): the card of the
      // readmission's carries the mark, the first stay's does not. Their times are the day after each discharge,
      // early enough that the cards are on the list's first page whatever other files have proposed.
      const propose = async ({ encounterId, dischargedAt }: { encounterId: string; dischargedAt: Date }) => {
        const start = new Date(Math.ceil((dischargedAt.getTime() + DAY) / 900_000) * 900_000);
        const proposed = await callAs<{ consultation: ConsultationSummary }>(stack.api, 'coordinator', 'POST', '/api/consultations', {
          encounterId,
          hospitalDoctor: testDirectory().demoPractitionerRoles.coordinator,
          patientAttends: false,
          minutesDuration: 30,
          options: [{ start: start.toISOString(), end: new Date(start.getTime() + 30 * 60_000).toISOString() }],
          description: 'Video: https://video.helse-bergen.example/rom/svingdor',
        });
        expect(proposed.status).toBe(201);
        return page.getByTestId('consultations-awaiting').locator(`article[data-consultation-id="${proposed.body.consultation.id}"]`);
      };
      const readmissionCard = await propose(stays.readmission);
      const firstStayCard = await propose(stays.first);
      await page.goto(`${stack.web.url}/consultations`);
      await readmissionCard.getByRole('heading', { name: patientName }).waitFor();
      await readmissionCard.getByTestId('revolving-door-mark').filter({ hasText: 'Svingdørspasient' }).waitFor();
      await firstStayCard.getByRole('heading', { name: patientName }).waitFor();
      expect(await firstStayCard.getByTestId('revolving-door-mark').count()).toBe(0);
      await readmissionCard.scrollIntoViewIfNeeded();
      await readmissionCard.screenshot({ path: resolve(ARTIFACTS, 'revolving-door-consultation-card.png') });
    });

    it('is counted on the quality dashboard: the share readmitted, the patients with and without a joint consultation, per week and unit', async () => {
      const page = await stack.newPage();
      await signIn(page, stack.web.url, 'quality', '/quality');
      const section = page.getByRole('region', { name: 'Svingdørspasienter (67 år og eldre)' });
      await section.getByRole('group', { name: 'Utskrivninger', exact: true }).waitFor();
      await section.getByRole('group', { name: 'Uten felleskonsultasjon', exact: true }).waitFor();
      // This file's readmission at least: counted, shown as a number or as "<5" when the API hides a small cell.
      const readmitted = (await section.getByRole('group', { name: 'Akutt reinnlagt', exact: true }).locator('.figure-value').textContent())!.replace(/[\s\u00a0\u202f]/g, '');
      expect(readmitted === '<5' || Number(readmitted) >= 1).toBe(true);
      await section.getByRole('region', { name: 'Per uke' }).locator('tbody tr').first().waitFor();
      await section.getByRole('region', { name: 'Per sykehusavdeling (utskrivende avdeling)' }).waitFor();
      await section.screenshot({ path: resolve(ARTIFACTS, 'revolving-door-quality.png') });

      // And on the board's laptop view, the revolving-door panel.
      await page.getByRole('navigation', { name: 'Hovedmeny' }).getByRole('link', { name: 'Tavle' }).click();
      const panel = page.getByRole('region', { name: 'Svingdørspasienter (67 år og eldre)' });
      await panel.getByRole('group', { name: 'Uten felles konsultasjon', exact: true }).waitFor();
      await panel.screenshot({ path: resolve(ARTIFACTS, 'revolving-door-board.png') });
    });
  });
});
