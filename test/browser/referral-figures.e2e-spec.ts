import { resolve } from 'node:path';
import { Resource } from '@app/fhir';
import { PRACTITIONER_ROLE_CODE_SYSTEM, PractitionerRoleCode } from '../../tools/seed/directory-codes';
import { addDays, osloDate, weekdayOf } from '../../apps/api/src/common/calendar/oslo-calendar';
import { Database } from '../../apps/api/src/database/sql-client';
import { isoWeekOf } from '../../apps/api/src/referrals/referral-load/referral-figures.query';
import { momentAgoToday } from '../support/clock';
import { callAs } from '../support/transfers';
import { ARTIFACTS, BrowserStack, signIn, startBrowserStack } from './browser-stack';
import { newGpOffice } from './browser-handovers';

jest.setTimeout(120_000);

/**
 * The quality dashboard's referrals section for one GP office: this week's rejections (known rows in
 * `referral_case`, the projection the referral write rules keep) per week, per hospital unit and per reason,
 * "<5" where a count is about 1–4 patients, in bokmål and in English.
 */
describe('referral figures on the quality dashboard (browser)', () => {
  let stack: BrowserStack;
  let office: string;
  const run = `browser-${Date.now()}`;

  beforeAll(async () => {
    stack = await startBrowserStack();
    office = await newGpOffice(stack.api, 'Henvisningsfigurer legesenter');
    const role = await callAs<Resource>(stack.api, 'ehr', 'POST', '/fhir/R4/PractitionerRole', {
      resourceType: 'PractitionerRole',
      active: true,
      organization: { reference: office },
      code: [{ coding: [{ system: PRACTITIONER_ROLE_CODE_SYSTEM, code: PractitionerRoleCode.Gp }] }],
    });
    expect(role.status).toBe(201);
    const unit = await callAs<Resource>(stack.api, 'ehr', 'POST', '/fhir/R4/Organization', { resourceType: 'Organization', name: 'Figurtest psykiatri' });
    expect(unit.status).toBe(201);
    const today = osloDate(new Date());
    const answered = momentAgoToday();
    // Six rejected this week: five routed, one the patient objected to (a different reason).
    for (let i = 0; i < 6; i++) {
      await stack.api.app.get(Database).query(
        `INSERT INTO referral_case (referral_task_id, service_request_id, patient, hospital_unit, referrer, status, answer, rejection_reason, objected, sent_at, received_at,
                                    assessment_deadline, answered_at, triage_task_id, service, routed_at, triage_deadline, triage_status, updated_at)
         VALUES ($1, $1, $2, $3, $4, 'rejected', '4', $5, $6, $7, $7, $8, $7, $9, $10, CASE WHEN $9::text IS NULL THEN NULL ELSE $7::timestamptz END, $11, $12, now())`,
        [
          `${run}-${i}`,
          `Patient/${run}-${i}`,
          `Organization/${unit.body.id}`,
          `PractitionerRole/${role.body.id}`,
          i < 5 ? 'PRIMAERHELSETJENESTE' : 'IKKE-PRIORITERT',
          i === 5,
          answered,
          addDays(today, 10),
          i < 5 ? `triage-${run}-${i}` : null,
          i < 5 ? 'HealthcareService/lavterskel' : null,
          i < 5 ? addDays(today, 7) : null,
          i < 5 ? 'requested' : null,
        ],
      );
    }
  });
  afterAll(async () => {
    await stack?.api.app.get(Database).query(`DELETE FROM referral_case WHERE referral_task_id LIKE $1`, [`${run}-%`]);
    await stack?.close();
  });

  it("shows the office's rejections this week, routed and not, by unit and reason, suppressed", async () => {
    const page = await stack.newPage({ width: 1440, height: 1000 });
    await signIn(page, stack.web.url, 'quality', `/quality?office=${encodeURIComponent(office)}`);
    const section = page.getByRole('region', { name: 'Avslåtte henvisninger og lavterskeltilbud' });
    await section.getByRole('region', { name: 'Per uke' }).getByRole('table').waitFor();
    await section.getByText('De siste tolv ukene, for Henvisningsfigurer legesenter').waitFor();

    const today = osloDate(new Date());
    const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
    const thisWeek = section.getByRole('region', { name: 'Per uke' }).getByRole('table').getByRole('row').filter({ has: page.getByRole('cell', { name: `Uke ${Number(isoWeekOf(monday).slice(-2))}`, exact: true }) });
    // Week, from, rejected, routed, share routed, closed, median hours, assessment and low-threshold deadlines missed.
    const cells = (await thisWeek.getByRole('cell').allTextContents()).map((text) => text.trim());
    expect(cells.slice(2)).toEqual(['6', '<5', '–', '0', '–', '0', '0']);
    expect((await section.getByRole('region', { name: 'Avslått per sykehusavdeling' }).getByRole('table').getByRole('row').allTextContents()).slice(1)).toEqual(['Figurtest psykiatri6<5']);
    expect((await section.getByRole('region', { name: 'Avslått per årsak' }).getByRole('table').getByRole('row').allTextContents()).slice(1)).toEqual([
      // Both hidden (the 1 alone would be 6 − 5): listed by code, not by size.
      'Oppfyller ikke prioriteringskriteriene<5',
      'Hører hjemme i primærhelsetjenesten<5',
    ]);
    await section.screenshot({ path: resolve(ARTIFACTS, 'quality-referrals.png') });

    await page.getByLabel('Språk').selectOption('en');
    const english = page.getByRole('region', { name: 'Rejected referrals and the low-threshold service' });
    await english.getByRole('region', { name: 'By week' }).getByRole('table').waitFor();
    await english.getByText('Rejected by reason').waitFor();
    await english.screenshot({ path: resolve(ARTIFACTS, 'quality-referrals-english.png') });
  });
});
