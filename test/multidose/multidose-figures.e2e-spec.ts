import { randomUUID } from 'node:crypto';
import {
  Bundle,
  EPISODE_TYPE_SYSTEM,
  ERESEPT_MESSAGE_SYSTEM,
  GP_OFFICE_CAPABILITY_EXTENSION,
  IdentifierSystem,
  MULTIDOSE_MODE_EXTENSION,
  MULTIDOSE_STATE_EXTENSION,
  Resource,
  TASK_KIND_SYSTEM,
  generateOrganisasjonsnummer,
} from '@app/fhir';
import { BoardSnapshot, SUPPRESSED } from '@app/fhir/board/board-metrics';
import { MultidoseFigures } from '@app/fhir/multidose/multidose-board-panel';
import { addDays, osloDate } from '../../apps/api/src/common/calendar/oslo-calendar';
import { workingDaysBetween } from '../../apps/api/src/common/calendar/working-days';
import { Database } from '../../apps/api/src/database/sql-client';
import { StoredResource } from '../support/referrals';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

jest.setTimeout(120_000);

const HOUR = 3_600_000;

/**
 * Multidose patients of two GP offices of this file's own, made through real writes (episodes by the GP,
 * discharges with medication changes over FHIR, the doctor's complete lists): the board's multidose panel and
 * the quality figures must give exactly these numbers, with "<5" for 1–4 patients and where a total beside
 * them would give one away.
 */
describe('multidose figures: known patients in, exact numbers out', () => {
  let api: TestApi;
  let database: Database;
  const tag = randomUUID().slice(0, 8);
  let paperOffice: string;
  let connectedOffice: string;
  const pendingAtPaperOffice: Array<{ patientRef: string; episodeId: string; updateId: string; waitedHours: number }> = [];
  const now = new Date();
  const today = osloDate(now);

  const fhir = <T = StoredResource>(user: string, method: string, path: string, body?: unknown) => callAs<T>(api, user, method, `/fhir/R4/${path}`, body);
  const board = async (office: string) => {
    const answer = await callAs<BoardSnapshot>(api, 'quality', 'GET', `/api/board?scope=${encodeURIComponent(`office:${office}`)}`);
    expect(answer.status).toBe(200);
    return answer.body.panels.multidose!;
  };
  const figures = (query: string) => callAs<MultidoseFigures>(api, 'quality', 'GET', `/api/quality/multidose?${query}`);

  async function office(name: string, capability?: { pll: string; emd: string }): Promise<string> {
    const created = await fhir('ehr', 'POST', 'Organization', {
      resourceType: 'Organization',
      identifier: [{ system: IdentifierSystem.Organisasjonsnummer, value: generateOrganisasjonsnummer() }],
      active: true,
      type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'gp-office' }] }],
      name: `${name} ${tag}`,
      ...(capability
        ? {
            extension: [
              {
                url: GP_OFFICE_CAPABILITY_EXTENSION,
                extension: [
                  { url: 'pll-in-use-since', valueDate: capability.pll },
                  { url: 'e-multidose-connected-since', valueDate: capability.emd },
                ],
              },
            ],
          }
        : {}),
    });
    expect(created.status).toBe(201);
    return `Organization/${created.body.id}`;
  }

  async function multidosePatient(at: string, mode: 'paper' | 'e-multidose'): Promise<{ patient: Resource; patientRef: string; episodeId: string }> {
    const patient = newPatient(gpRole());
    const patientRef = `Patient/${(await fhir('ehr', 'POST', 'Patient', patient)).body.id}`;
    const episode = await fhir('gp', 'POST', 'EpisodeOfCare', {
      resourceType: 'EpisodeOfCare',
      status: 'active',
      type: [{ coding: [{ system: EPISODE_TYPE_SYSTEM, code: 'multidose' }] }],
      patient: { reference: patientRef },
      careManager: { reference: gpRole(), identifier: { system: IdentifierSystem.Hpr, value: '9144901' } },
      managingOrganization: { reference: at },
      extension: [
        { url: MULTIDOSE_STATE_EXTENSION, valueCode: 'active' },
        { url: MULTIDOSE_MODE_EXTENSION, valueCode: mode },
      ],
    });
    expect(episode.status).toBe(201);
    return { patient, patientRef, episodeId: episode.body.id };
  }

  const completeList = (patientRef: string) =>
    fhir('gp', 'POST', 'Communication', {
      resourceType: 'Communication',
      status: 'completed',
      category: [{ coding: [{ system: ERESEPT_MESSAGE_SYSTEM, code: 'M25.1' }] }],
      subject: { reference: patientRef },
      sent: new Date().toISOString(),
    });

  beforeAll(async () => {
    api = await startTestApi();
    database = api.app.get(Database);
    paperOffice = await office('Papirkontoret');
    connectedOffice = await office('Koblet kontor', { pll: addDays(today, -60), emd: addDays(today, -30) });
    const ehr = await api.fhirClient('ehr');
    // The paper office: five paper patients discharged with medication changes, two on e-multidose left alone.
    for (let i = 0; i < 5; i++) {
      const { patient, patientRef, episodeId } = await multidosePatient(paperOffice, 'paper');
      await postHandover(ehr, handover({ patient, categories: ['RESEPT-NY'] }));
      const update = (await fhir<Bundle>('ehr', 'GET', `Task?focus=EpisodeOfCare/${episodeId}&code=${TASK_KIND_SYSTEM}|multidose-update`)).body.entry![0].resource as StoredResource;
      // Created 10, 20, 30, 40 and 50 hours ago (as if the discharges had been then).
      const waitedHours = 10 * (i + 1);
      const authored = new Date(now.getTime() - waitedHours * HOUR).toISOString();
      await database.query(
        `UPDATE fhir_task SET sp_authored_on_start = $2::timestamptz, sp_authored_on_end = $2::timestamptz, resource = jsonb_set(resource, '{authoredOn}', to_jsonb($3::text)) WHERE id = $1`,
        [update.id, authored, authored],
      );
      pendingAtPaperOffice.push({ patientRef, episodeId, updateId: update.id, waitedHours });
    }
    // One update is past its due date (its search columns set as a write would set them: a date is its UTC day).
    await database.query(
      `UPDATE fhir_task SET resource = jsonb_set(resource, '{restriction,period,end}', to_jsonb($2::text)),
              sp_due_start = $2::date::timestamp AT TIME ZONE 'UTC', sp_due_end = ($2::date + 1)::timestamp AT TIME ZONE 'UTC' WHERE id = $1`,
      [pendingAtPaperOffice[0].updateId, addDays(today, -3)],
    );
    for (let i = 0; i < 2; i++) await multidosePatient(paperOffice, 'e-multidose');
    // The connected office: five on paper (its office is connected: no flag).
    for (let i = 0; i < 5; i++) await multidosePatient(connectedOffice, 'paper');
  });
  afterAll(() => api?.close());

  it("shows an office's pending changes, how long they have waited, overdue updates and paper vs e-multidose on its board, suppressed", async () => {
    const panel = await board(paperOffice);
    // Seven open: five on paper, two on e-multidose. The 2 is hidden, and the 5 with it (7 − 5 would give it back).
    expect(panel.patients).toEqual({
      pendingChanges: 5,
      waited: expect.any(Object),
      overdueUpdates: SUPPRESSED,
      oldListDeviations: 0,
      open: 7,
      eMultidose: SUPPRESSED,
      paper: SUPPRESSED,
      paperOfficeNotConnected: 5,
    });
    // Waited 10–50 hours: the median is the 30 hours' update, the longest the 50 hours' (to within the test's own minutes).
    const elapsed = (Date.now() - now.getTime()) / HOUR;
    expect(panel.patients.waited.medianHours).toBeGreaterThanOrEqual(29.9);
    expect(panel.patients.waited.medianHours).toBeLessThanOrEqual(30.1 + elapsed);
    expect(panel.patients.waited.longestHours).toBeGreaterThanOrEqual(49.9);
    expect(panel.patients.waited.longestHours).toBeLessThanOrEqual(50.1 + elapsed);
    const days = pendingAtPaperOffice.map(({ waitedHours }) => workingDaysBetween(osloDate(new Date(now.getTime() - waitedHours * HOUR)), today)).sort((a, b) => a - b);
    expect(panel.patients.waited.medianWorkingDays).toBe(days[2]);
    expect(panel.patients.waited.longestWorkingDays).toBe(days[4]);
    // The coverage beside it: the office is not connected.
    expect(panel.coverage.offices.eMultidose).toEqual({ count: 0, of: 1, share: 0 });
  });

  it('flags no paper patient at a connected office, and hides waits with a hidden count', async () => {
    const { status, body } = await figures(`scope=${encodeURIComponent(`office:${connectedOffice}`)}`);
    expect(status).toBe(200);
    expect(body.now).toEqual({
      pendingChanges: 0,
      waited: { medianHours: null, longestHours: null, medianWorkingDays: null, longestWorkingDays: null },
      overdueUpdates: 0,
      oldListDeviations: 0,
      open: 5,
      eMultidose: 0,
      paper: 5,
      paperOfficeNotConnected: 0,
    });
  });

  it('gives the quality team the weeks: changes created, time to the updated list, overdue share, suppressed', async () => {
    const scope = `scope=${encodeURIComponent(`office:${paperOffice}`)}`;
    let { status, body } = await figures(scope);
    expect(status).toBe(200);
    expect(body.weeks).toHaveLength(12);
    expect(body.totals).toEqual({
      created: 5,
      completed: 0,
      medianHoursToList: null,
      medianWorkingDaysToList: null,
      due: SUPPRESSED,
      overdue: SUPPRESSED,
      overdueShare: null,
      deviations: 0,
    });
    expect(body.weeks.reduce((sum, week) => sum + (typeof week.created === 'number' ? week.created : 0), 0)).toBeLessThanOrEqual(5);

    // The doctor sends every list: all five completed, after 10–50 hours (median 30).
    for (const { patientRef } of pendingAtPaperOffice) {
      const sent = await completeList(patientRef);
      expect(`${sent.status} ${JSON.stringify(sent.body)}`).toMatch(/^201 /);
    }
    ({ status, body } = await figures(scope));
    expect(status).toBe(200);
    expect(body.totals.completed).toBe(5);
    expect(body.totals.medianHoursToList).toBeGreaterThanOrEqual(29.9);
    expect(body.totals.medianHoursToList).toBeLessThan(31);
    expect(body.now.pendingChanges).toBe(0);
    expect(body.now.overdueUpdates).toBe(0);
    // The overdue one was completed after its due date: still counted overdue for its week.
    expect(body.totals.overdue).toBe(SUPPRESSED);

    expect((await figures(`${scope}&weeks=4`)).body.weeks).toHaveLength(4);
    for (const user of ['gp', 'coordinator', 'ehr']) expect((await callAs(api, user, 'GET', '/api/quality/multidose')).status).toBe(403);
    expect((await figures('scope=office:nope')).status).toBe(400);
    expect((await figures('weeks=0')).status).toBe(400);
    expect((await figures('foo=1')).status).toBe(400);
  });
});
