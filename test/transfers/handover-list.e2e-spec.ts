import Client from 'fhir-kit-client';
import { HANDOVER_TASK_STANDINGS, Resource, TaskCategoryCode } from '@app/fhir';
import { HandoverDetails, HandoverPage } from '@app/fhir/api/api-answers';
import { handoverPatient } from '../../tools/simulator/discharge-handover';
import { newHospitalUnit } from '../browser/browser-handovers';
import { syntheticFodselsnummer } from '../support/fixtures';
import { RequestTally } from '../support/request-sql-tally';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs, gpRole, handover, postHandover, wardOfTheDemoUnit } from '../support/transfers';

jest.setTimeout(60_000);

const handoverIdOf = (task: Resource) => (task.groupIdentifier as { value: string }).value;

/**
 * The coordinator's hand-over list: searched by patient name or fødselsnummer on the server, among the unit's
 * hand-overs and the patients the caller may see; each row with its receiving GP and its tasks counted once
 * each; a row opens the hand-over with its tasks. Asked as the unit's coordinator, another unit's, a GP, quality.
 */
describe("the coordinator's hand-over list", () => {
  let api: TestApi;
  let ehr: Client;
  let ward: string;
  let otherUnit: string;
  const family = `Søkeby${Date.now().toString(36)}`;
  const fodselsnummer = syntheticFodselsnummer();
  let sixTasks: Resource[];
  let secondStay: Resource[];
  let otherUnitsHandover: Resource[];

  const list = (query: string, user = 'coordinator') => callAs<HandoverPage>(api, user, 'GET', `/api/handovers?${query}`);
  const act = async (user: string, task: Resource, action: string, body: Record<string, unknown> = {}) => {
    const current = await callAs<{ task: { version: number } }>(api, 'coordinator', 'GET', `/api/tasks/${task.id}`);
    const answer = await callAs(api, user, 'POST', `/api/tasks/${task.id}/${action}`, { version: current.body.task.version, ...body });
    expect(answer.status).toBe(200);
  };

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    ward = await wardOfTheDemoUnit(api);
    otherUnit = await newHospitalUnit(api, `Annen avdeling ${Math.random().toString(36).slice(2, 8)}`);
    const patient = handoverPatient(fodselsnummer, { name: [{ family, given: ['Åse', 'Marie'] }] });
    // One hand-over whose six tasks end up one in each column: the patient has no GP, so all start in the queue.
    const categories: TaskCategoryCode[] = ['KONTROLL', 'PROVESVAR', 'RESEPT-NY', 'SYKMELD', 'MED-JUST', 'PASREISE'];
    sixTasks = (await postHandover(ehr, handover({ patient, categories, requester: ward }))).tasks;
    const [, withGp, accepted, contested, completed, cancelled] = sixTasks;
    for (const task of [withGp, accepted, contested, completed]) await act('coordinator', task, 'reassign', { owner: gpRole('gp') });
    await act('gp', accepted, 'accept');
    await act('gp', contested, 'contest', { reason: 'SYKEHUSETS-ANSVAR' });
    await act('gp', completed, 'accept');
    await act('gp', completed, 'complete');
    await act('coordinator', cancelled, 'cancel');
    // The same patient's second stay, later, handed over to a GP the unit named.
    secondStay = (await postHandover(ehr, handover({ patient, requester: ward, owner: gpRole('gp2') }))).tasks;
    // Another unit's hand-over for a patient of the same family name.
    otherUnitsHandover = (await postHandover(ehr, handover({ patient: handoverPatient(syntheticFodselsnummer(), { name: [{ family, given: ['Annen'] }] }), requester: otherUnit }))).tasks;
  });
  afterAll(() => api?.close());

  it('finds the patient by the start of each name, accents and case aside, and by fødselsnummer, newest first', async () => {
    const expected = [handoverIdOf(secondStay[0]), handoverIdOf(sixTasks[0])];
    for (const q of [`${family} Åse`, `ase ${family.slice(0, 5).toLowerCase()}`, family.toUpperCase(), 'marie SØKEBY', fodselsnummer, `${fodselsnummer.slice(0, 6)} ${fodselsnummer.slice(6)}`]) {
      const found = await list(`q=${encodeURIComponent(q)}`);
      expect([q, found.status]).toEqual([q, 200]);
      // Other test files' hand-overs may share "Åse" or "Marie", never this family name or number.
      expect([q, found.body.handovers.map((h) => h.id)]).toEqual([q, expected]);
      expect(found.body.total).toBe(2);
    }
    expect((await list(`q=${encodeURIComponent(`${family} Annen`)}`)).body.total).toBe(0);
    expect((await list(`q=${encodeURIComponent('Nobody' + family)}`)).body.handovers).toEqual([]);
  });

  it('counts every task in exactly one column, so the columns add up; a contested task is not "with the GP"', async () => {
    const found = await list(`q=${fodselsnummer}`);
    const [second, first] = found.body.handovers;
    expect(first.tasks).toEqual({ total: 6, noGp: 1, withGp: 1, accepted: 1, contested: 1, completed: 1, cancelled: 1, overdue: 0, awaitingHospital: 1 });
    expect(second.tasks).toEqual({ total: 1, noGp: 0, withGp: 1, accepted: 0, contested: 0, completed: 0, cancelled: 0, overdue: 0, awaitingHospital: 0 });
    for (const row of found.body.handovers) expect(HANDOVER_TASK_STANDINGS.reduce((sum, standing) => sum + row.tasks[standing], 0)).toBe(row.tasks.total);
  });

  it('shows the receiving GP with the office', async () => {
    const [second, first] = (await list(`q=${fodselsnummer}`)).body.handovers;
    expect(first.receivingGps).toEqual([{ reference: gpRole('gp'), name: 'Kari Fastlege', office: 'Sentrum legesenter' }]);
    expect(second.receivingGps).toEqual([{ reference: gpRole('gp2'), name: 'Ola Allmennlege', office: 'Åsane legesenter' }]);
    expect(first.patient.name).toBe(`Åse Marie ${family}`);
  });

  it('opens a hand-over with its tasks and their states', async () => {
    const opened = await callAs<HandoverDetails>(api, 'coordinator', 'GET', `/api/handovers/${handoverIdOf(sixTasks[0])}`);
    expect(opened.status).toBe(200);
    expect(opened.body.handover.tasks.total).toBe(6);
    expect(opened.body.handover.patient).toMatchObject({ name: `Åse Marie ${family}` });
    expect(opened.body.tasks.map((task) => [task.category?.code, task.status, task.owner?.reference])).toEqual([
      ['KONTROLL', 'requested', undefined],
      ['PROVESVAR', 'requested', gpRole('gp')],
      ['RESEPT-NY', 'accepted', gpRole('gp')],
      ['SYKMELD', 'rejected', gpRole('gp')],
      ['MED-JUST', 'completed', gpRole('gp')],
      ['PASREISE', 'cancelled', undefined],
    ]);
    // What the unit may do next: take back or re-assign the contested task, cancel the open ones.
    expect(opened.body.tasks[3].contest).toMatchObject({ reason: 'SYKEHUSETS-ANSVAR', resolution: 'awaiting-hospital' });
    expect(opened.body.tasks[0].nextStatuses).toContain('cancelled');
  });

  it("keeps another unit's hand-overs from the coordinator: not listed, not found by search, 404 when opened", async () => {
    const theirs = handoverIdOf(otherUnitsHandover[0]);
    expect((await callAs(api, 'coordinator', 'GET', `/api/handovers/${theirs}`)).status).toBe(404);
    expect((await callAs(api, 'coordinator', 'GET', '/api/handovers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await callAs(api, 'coordinator', 'GET', '/api/handovers/not-a-handover')).status).toBe(404);
    const search = await list(`q=${encodeURIComponent(`Annen ${family}`)}`);
    expect(search.body.total).toBe(0);
    // Their hospital's system sees it.
    expect((await list(`q=${encodeURIComponent(`Annen ${family}`)}`, 'ehr')).body.handovers.map((h) => h.id)).toEqual([theirs]);
    expect((await callAs(api, 'ehr', 'GET', `/api/handovers/${theirs}`)).status).toBe(200);
  });

  it('is for the hospital side only: a GP and quality get 403 for the list, the search and a hand-over', async () => {
    for (const user of ['gp', 'quality', 'lowthreshold']) {
      expect([user, (await list(`q=${fodselsnummer}`, user)).status]).toEqual([user, 403]);
      expect([user, (await callAs(api, user, 'GET', `/api/handovers/${handoverIdOf(sixTasks[0])}`)).status]).toEqual([user, 403]);
    }
  });

  it('refuses a search that would match everyone or cannot be a number', async () => {
    for (const q of ['a', ' ', '1234', '123456789012', 'en to tre fire fem']) {
      const answer = await callAs<{ field?: string }>(api, 'coordinator', 'GET', `/api/handovers?q=${encodeURIComponent(q)}`);
      if (q.trim() === '') expect(answer.status).toBe(200);
      else expect([q, answer.status, answer.body.field]).toEqual([q, 400, 'q']);
    }
  });

  it('answers a page in the same few statements whatever its length: no query per row', async () => {
    const tally = new RequestTally(api.app);
    try {
      const small = await tally.measure((headers) => callAs<HandoverPage>(api, 'coordinator', 'GET', '/api/handovers?pageSize=1', undefined, headers));
      const large = await tally.measure((headers) => callAs<HandoverPage>(api, 'coordinator', 'GET', '/api/handovers?pageSize=50', undefined, headers));
      const searched = await tally.measure((headers) => callAs<HandoverPage>(api, 'coordinator', 'GET', `/api/handovers?q=${fodselsnummer}`, undefined, headers));
      expect(large.answer.body.handovers.length).toBeGreaterThan(1);
      const statements = (cost: typeof small.cost) => cost.statements.length - cost.lookupStatements;
      // At most one more for a page with revolving-door stays (their joint consultations, asked once for the page).
      expect(statements(large.cost)).toBeLessThanOrEqual(statements(small.cost) + 1);
      expect(statements(searched.cost)).toBeLessThanOrEqual(statements(small.cost) + 1);
      // The search reaches the patients through their indexes: the identifier's primary key, not a scan of every hand-over's patient.
      expect(searched.cost.statements.some((sql) => sql.includes('fhir_identifier') && sql.includes('discharge_handover'))).toBe(true);
    } finally {
      tally.restore();
    }
  });
});
