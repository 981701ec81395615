import Client from 'fhir-kit-client';
import { Resource, TaskCategoryCode } from '@app/fhir';
import { BoardSnapshot, QualityReport } from '@app/fhir/board/board-metrics';
import { HandoverPage, TaskPage, TaskSummary } from '@app/fhir/api/api-answers';
import { handoverPatient } from '../../tools/simulator/discharge-handover';
import { newHospitalUnit } from '../browser/browser-handovers';
import { syntheticFodselsnummer } from '../support/fixtures';
import { bell } from '../support/notification-ledger';
import { TestApi, startTestApi } from '../support/test-api';
import { startTestWorker } from '../support/test-worker';
import { testDirectory } from '../support/test-directory';
import { waitFor } from '../support/wait-for';
import { callAs, gpRole, handover, postHandover, wardOfTheDemoUnit } from '../support/transfers';

jest.setTimeout(60_000);

const handoverIdOf = (task: Resource) => (task.groupIdentifier as { value: string }).value;

/**
 * The unassigned queue ("Uten fastlege"): tasks for a patient Bro found no GP for are the sending unit's
 * until it gives them a GP. Asked as the unit's coordinator, another unit's coordinator, a GP and `quality`.
 */
describe('the unassigned queue', () => {
  let api: TestApi;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let ehr: Client;
  let ward: string;
  let otherUnit: string;
  let patientId: string;
  let tasks: Resource[];
  let otherUnitsTask: Resource;

  const queueOf = (user: string, patient: string) => callAs<TaskPage>(api, user, 'GET', `/api/handovers/tasks?owner=none&patient=${patient}`);
  const withoutGp = (name: string) => handoverPatient(syntheticFodselsnummer(), { name: [{ family: name, given: ['Uten'] }] });

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    ehr = await api.fhirClient('ehr');
    // A ward of the demo coordinator's unit (theirs), and a unit of the same hospital that is not theirs.
    ward = await wardOfTheDemoUnit(api);
    otherUnit = await newHospitalUnit(api, `Annen avdeling ${Math.random().toString(36).slice(2, 8)}`);
    const categories: TaskCategoryCode[] = ['KONTROLL', 'PROVESVAR'];
    tasks = (await postHandover(ehr, handover({ patient: withoutGp(`Kølos${Date.now().toString(36)}`), categories, requester: ward }))).tasks;
    patientId = (tasks[0].for as { reference: string }).reference.split('/')[1];
    otherUnitsTask = (await postHandover(ehr, handover({ patient: withoutGp('Annenenhet'), requester: otherUnit }))).tasks[0];
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it("lists the unit's open tasks nobody owns, for its coordinator", async () => {
    expect(tasks.map((task) => task.owner)).toEqual([undefined, undefined]);
    const queue = await queueOf('coordinator', patientId);
    expect(queue.status).toBe(200);
    expect(queue.body.total).toBe(2);
    expect(queue.body.tasks.map((task) => [task.category?.code, task.status, task.owner, task.handoverId])).toEqual(
      expect.arrayContaining([
        ['KONTROLL', 'requested', undefined, handoverIdOf(tasks[0])],
        ['PROVESVAR', 'requested', undefined, handoverIdOf(tasks[0])],
      ]),
    );
    // The hospital's system sees its hospital's queue too.
    expect((await queueOf('ehr', patientId)).body.total).toBe(2);
  });

  it("is not another unit's: the demo coordinator neither lists nor assigns that unit's unassigned task", async () => {
    const otherPatient = (otherUnitsTask.for as { reference: string }).reference.split('/')[1];
    expect((await queueOf('coordinator', otherPatient)).body.total).toBe(0);
    expect((await queueOf('ehr', otherPatient)).body.total).toBe(1);
    expect((await callAs(api, 'coordinator', 'GET', `/api/tasks/${otherUnitsTask.id}`)).status).toBe(404);
    const assign = await callAs(api, 'coordinator', 'POST', `/api/tasks/${otherUnitsTask.id}/reassign`, { version: 1, owner: gpRole('gp') });
    expect(assign.status).toBe(404);
    const stored = (await ehr.read({ resourceType: 'Task', id: otherUnitsTask.id! } as never)) as unknown as Resource;
    expect(stored.owner).toBeUndefined();
    expect(stored.meta?.versionId).toBe('1');
  });

  it('is no GP\'s and no aggregate reader\'s: a GP asking for it gets 400, quality 403, and neither can assign', async () => {
    const asGp = await callAs<{ message: string }>(api, 'gp', 'GET', '/api/inbox/tasks?owner=none');
    expect(asGp.status).toBe(400);
    expect(asGp.body.message).toMatch(/requesting unit/);
    expect((await callAs(api, 'gp', 'GET', `/api/handovers/tasks?owner=none`)).status).toBe(403);
    expect((await callAs(api, 'quality', 'GET', `/api/handovers/tasks?owner=none`)).status).toBe(403);
    expect((await callAs(api, 'gp', 'GET', `/api/tasks/${tasks[0].id}`)).status).toBe(404);
    expect((await callAs(api, 'gp', 'POST', `/api/tasks/${tasks[0].id}/reassign`, { version: 1, owner: gpRole('gp') })).status).toBe(404);
    expect((await callAs(api, 'quality', 'POST', `/api/tasks/${tasks[0].id}/reassign`, { version: 1, owner: gpRole('gp') })).status).toBe(404);
    expect((await callAs(api, 'coordinator', 'GET', '/api/handovers/tasks?owner=someone')).status).toBe(400);
  });

  it('shows the unit the group on the board and in the quality report as "Uten fastlege", never an office named null', async () => {
    // Five patients of the other unit without a GP and five with one, so neither group is "<5".
    for (let i = 0; i < 5; i++) await postHandover(ehr, handover({ patient: withoutGp(`Kvalitet${i}`), requester: otherUnit }));
    for (let i = 0; i < 5; i++) await postHandover(ehr, handover({ requester: otherUnit }));
    // The default period: the last twelve weeks to today in Bergen, which holds these hand-overs of an hour ago.
    const query = `unit=${encodeURIComponent(otherUnit)}`;
    const report = await callAs<QualityReport>(api, 'quality', 'GET', `/api/quality/report?${query}`);
    expect(report.status).toBe(200);
    expect(report.body.byOffice).toEqual([
      { key: 'unassigned', label: 'Uten fastlege', transferred: 6, contested: 0 },
      { key: testDirectory().demoOrganizations.gpOfficeSentrum, label: 'Sentrum legesenter', transferred: 5, contested: 0 },
    ]);
    // The offices table as a file for BI tools: the same two groups, the unassigned one named, no "null" anywhere.
    const csv = await fetch(`${api.origin}/api/quality/report.csv?${query}&table=byOffice&format=standard`, { headers: { Authorization: `Bearer ${await api.token('quality')}` } });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines.join('\n')).not.toMatch(/null/);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 4).join(','))).toEqual([
      'unassigned,Uten fastlege,6,0',
      `${testDirectory().demoOrganizations.gpOfficeSentrum},Sentrum legesenter,5,0`,
    ]);

    const board = await callAs<BoardSnapshot>(api, 'quality', 'GET', `/api/board?scope=${encodeURIComponent(`hospital:${testDirectory().demoOrganizations.haukeland}`)}`);
    expect(board.status).toBe(200);
    const discharge = board.body.panels.discharge!;
    expect(discharge.now.unassigned).not.toBe(0);
    expect(discharge.officeLoad.filter((office) => office.office === 'null' || office.name === 'null' || !office.office)).toEqual([]);
  });

  it('is worked by giving a task its GP: the same task, still requested, now in the GP\'s inbox, and the GP is told', async () => {
    const [kontroll] = (await queueOf('coordinator', patientId)).body.tasks.filter((task) => task.category?.code === 'KONTROLL');
    const stale = await callAs(api, 'coordinator', 'POST', `/api/tasks/${kontroll.id}/reassign`, { version: kontroll.version + 1, owner: gpRole('gp2') });
    expect(stale.status).toBe(412);
    const nobody = await callAs(api, 'coordinator', 'POST', `/api/tasks/${kontroll.id}/reassign`, { version: kontroll.version, owner: 'PractitionerRole/finnes-ikke' });
    expect(nobody.status).toBe(422);

    const assigned = await callAs<{ task: TaskSummary; successor?: unknown }>(api, 'coordinator', 'POST', `/api/tasks/${kontroll.id}/reassign`, {
      version: kontroll.version,
      owner: gpRole('gp2'),
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body.task).toMatchObject({ id: kontroll.id, status: 'requested', owner: { reference: gpRole('gp2') } });
    // Nothing was contested, so no new task replaces it.
    expect(assigned.body.successor).toBeUndefined();

    const queue = await queueOf('coordinator', patientId);
    expect(queue.body.tasks.map((task) => task.category?.code)).toEqual(['PROVESVAR']);
    const inbox = await callAs<TaskPage>(api, 'gp2', 'GET', `/api/inbox/tasks?patient=${patientId}`);
    expect(inbox.body.tasks.map((task) => task.id)).toEqual([kontroll.id]);
    const news = await waitFor(async () => (await bell(api, 'gp2', `Task/${kontroll.id}`)).find((n) => n.title === 'Ny oppgave – Kontroll'), "gp2's new-task notification");
    expect(news.body).toContain('Overført fra sykehuset');

    // Once it has its GP it is no longer the queue's: a second assignment is a re-assignment, which needs a contest first.
    const again = await callAs(api, 'coordinator', 'POST', `/api/tasks/${kontroll.id}/reassign`, { version: assigned.body.task.version, owner: gpRole('gp') });
    expect(again.status).toBe(409);
  });

  it("counts the hand-over's tasks where they now stand: one with no GP, one with the GP", async () => {
    const list = await callAs<HandoverPage>(api, 'coordinator', 'GET', `/api/handovers?q=${encodeURIComponent(`Uten Kølos`)}`);
    const mine = list.body.handovers.find((h) => h.id === handoverIdOf(tasks[0]))!;
    expect(mine.tasks).toMatchObject({ total: 2, noGp: 1, withGp: 1, accepted: 0, contested: 0, completed: 0, cancelled: 0 });
    expect(mine.receivingGps).toEqual([{ reference: gpRole('gp2'), name: 'Ola Allmennlege', office: 'Åsane legesenter' }]);
  });
});
