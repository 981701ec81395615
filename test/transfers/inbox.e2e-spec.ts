import Client from 'fhir-kit-client';
import { Resource } from '@app/fhir';
import { daysFromNow } from '../support/clock';
import { TestApi, startTestApi } from '../support/test-api';
import { testDirectory } from '../support/test-directory';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

interface Summary {
  id: string;
  version: number;
  status: string;
  category?: { code: string };
  priority: string;
  due?: string;
  overdue: boolean;
  patient?: { id: string; name?: string };
  nextStatuses: string[];
  contest?: { reason?: string; resolution?: string };
  replacesTask?: string;
}
interface Page {
  total: number;
  tasks: Summary[];
}
interface Counts {
  open: number;
  overdue: number;
  dueThisWeek: number;
  byStatus: Record<string, number>;
}

function osloToday(offsetDays = 0): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offsetDays)).toISOString().slice(0, 10);
}

describe('the GP inbox and the hospital side', () => {
  let api: TestApi;
  let fhir: Client;
  let patient: Resource;
  let patientId: string;

  const inbox = (query = '', user = 'gp2') => callAs<Page>(api, user, 'GET', `/api/inbox/tasks${query}`);
  const counts = (user = 'gp2') => callAs<Counts>(api, user, 'GET', '/api/inbox/counts');
  const act = (user: string, task: Summary | Resource, action: string, body: Record<string, unknown> = {}) =>
    callAs<{ task: Summary; successor?: { id: string } }>(api, user, 'POST', `/api/tasks/${task.id}/${action}`, {
      version: 'version' in task && typeof task.version === 'number' ? task.version : Number((task as Resource).meta!.versionId),
      ...body,
    });

  beforeAll(async () => {
    api = await startTestApi();
    fhir = await api.fhirClient('ehr');
    patient = newPatient(gpRole('gp2'));
  });
  afterAll(() => api.close());

  it('lists open tasks by due date then priority, with filters and counts that match', async () => {
    const before = (await counts()).body;
    // Discharged five days ago, so a task due two days ago was due after the discharge, as the API requires.
    const content = handover({ patient, categories: ['KONTROLL', 'PROVESVAR', 'RESEPT-NY'], dischargedAt: daysFromNow(-5) });
    const tasks = content.entries.filter((e) => e.resource?.resourceType === 'Task').map((e) => e.resource as Record<string, unknown>);
    tasks[0].restriction = { period: { end: osloToday(-2) } }; // overdue
    tasks[1].restriction = { period: { end: osloToday(30) } };
    tasks[2].restriction = { period: { end: osloToday(30) } };
    tasks[2].priority = 'urgent';
    const { tasks: created } = await postHandover(fhir, content);
    patientId = (created[0].for as { reference: string }).reference.split('/')[1];

    const mine = await inbox(`?patient=${patientId}`);
    expect(mine.status).toBe(200);
    expect(mine.body.total).toBe(3);
    expect(mine.body.tasks.map((t) => t.category!.code)).toEqual(['KONTROLL', 'RESEPT-NY', 'PROVESVAR']);
    expect(mine.body.tasks[0].overdue).toBe(true);
    expect(mine.body.tasks[0].patient!.name).toBe('Synne Utskrevet');
    expect(mine.body.tasks[0].nextStatuses).toEqual(expect.arrayContaining(['accepted', 'rejected', 'cancelled']));

    expect((await inbox(`?patient=${patientId}&due=overdue`)).body.tasks.map((t) => t.category!.code)).toEqual(['KONTROLL']);
    expect((await inbox(`?patient=${patientId}&category=PROVESVAR,RESEPT-NY`)).body.total).toBe(2);
    expect((await inbox(`?patient=${patientId}&scope=office`)).body.total).toBe(0);
    expect((await inbox(`?patient=${patientId}&pageSize=1&page=2`)).body.tasks.map((t) => t.category!.code)).toEqual(['RESEPT-NY']);

    const after = (await counts()).body;
    expect(after.open - before.open).toBe(3);
    expect(after.overdue - before.overdue).toBe(1);
    expect(after.byStatus.requested - before.byStatus.requested).toBe(3);
  });

  it("counts \"due within 7 days\" (due=this-week) up to the same weekday next week, so a Friday shows Monday's deadlines", async () => {
    const content = handover({ patient: newPatient(gpRole('gp2')), categories: ['KONTROLL', 'PROVESVAR', 'RESEPT-NY', 'SYKMELD'] });
    const tasks = content.entries.filter((e) => e.resource?.resourceType === 'Task').map((e) => e.resource as Record<string, unknown>);
    tasks[0].restriction = { period: { end: osloToday(0) } };
    tasks[1].restriction = { period: { end: osloToday(3) } }; // Monday, seen from a Friday
    tasks[2].restriction = { period: { end: osloToday(7) } }; // the same weekday next week: the last day counted
    tasks[3].restriction = { period: { end: osloToday(8) } }; // after it
    const before = (await counts()).body;
    const { tasks: created } = await postHandover(fhir, content);
    const id = (created[0].for as { reference: string }).reference.split('/')[1];

    expect((await inbox(`?patient=${id}&due=this-week`)).body.tasks.map((t) => t.category!.code)).toEqual(['KONTROLL', 'PROVESVAR', 'RESEPT-NY']);
    expect((await counts()).body.dueThisWeek - before.dueThisWeek).toBe(3);
  });

  it('refuses unknown filters and bad values with 400', async () => {
    expect((await inbox('?colour=red')).status).toBe(400);
    expect((await inbox('?status=almost-done')).status).toBe(400);
    expect((await inbox('?category=NOPE')).status).toBe(400);
    expect((await inbox('?pageSize=5000')).status).toBe(400);
  });

  it('accepts in bulk, each task on its own version', async () => {
    const { tasks } = await postHandover(fhir, handover({ patient, categories: ['SYKMELD', 'PASREISE'] }));
    const stale = { id: tasks[1].id, version: 7 };
    const result = await callAs<{ results: Array<{ id: string; ok: boolean; status?: number }> }>(api, 'gp2', 'POST', '/api/inbox/bulk-accept', {
      tasks: [{ id: tasks[0].id, version: 1 }, stale],
    });
    expect(result.status).toBe(200);
    expect(result.body.results).toEqual([
      { id: tasks[0].id, ok: true, version: 2 },
      expect.objectContaining({ id: tasks[1].id, ok: false, status: 412 }),
    ]);
    expect((await callAs(api, 'gp2', 'POST', '/api/inbox/bulk-accept', { tasks: [{ id: tasks[0].id }] })).status).toBe(400);
    expect((await callAs(api, 'gp2', 'POST', '/api/inbox/bulk-accept', { tasks: [], extra: true })).status).toBe(400);
  });

  it('accept → complete walks through in-progress; put on hold and resume', async () => {
    const { tasks } = await postHandover(fhir, handover({ patient }));
    const accepted = await act('gp2', tasks[0], 'accept');
    expect(accepted.body.task.status).toBe('accepted');
    const held = await act('gp2', accepted.body.task, 'hold', { note: 'Venter på time hos fysioterapeut' });
    expect(held.body.task.status).toBe('on-hold');
    const resumed = await act('gp2', held.body.task, 'resume');
    expect(resumed.body.task.status).toBe('in-progress');
    const completed = await act('gp2', resumed.body.task, 'complete');
    expect(completed.body.task.status).toBe('completed');
    expect(completed.body.task.nextStatuses).toEqual([]);
    expect((await act('gp2', completed.body.task, 'accept')).status).toBe(409);
  });

  it('request more information: a Communication to the hospital, and the task on hold', async () => {
    const { tasks } = await postHandover(fhir, handover({ patient }));
    expect((await act('gp2', tasks[0], 'request-information', { question: 'Hvilken dose?' })).status).toBe(409);
    const accepted = await act('gp2', tasks[0], 'accept');
    const asked = await callAs<{ task: Summary; communication: { id: string } }>(api, 'gp2', 'POST', `/api/tasks/${tasks[0].id}/request-information`, {
      version: accepted.body.task.version,
      question: 'Hvilken dose skal trappes ned, og over hvor lang tid?',
    });
    expect(asked.status).toBe(200);
    expect(asked.body.task.status).toBe('on-hold');
    const communication = (await fhir.read({ resourceType: 'Communication', id: asked.body.communication.id } as never)) as unknown as Resource;
    expect(communication.recipient).toEqual([tasks[0].requester]);
    expect(communication.about).toEqual([{ reference: `Task/${tasks[0].id}` }]);
  });

  it('contest → back to the hospital → taken back; contest → re-assigned to another GP', async () => {
    const { tasks } = await postHandover(fhir, handover({ patient, categories: ['REKV-UTR', 'HENV-VIDERE'] }));
    const contested = await act('gp2', tasks[0], 'contest', { reason: 'SYKEHUSETS-ANSVAR', text: 'MR ble bestilt av sykehuset' });
    expect(contested.body.task.status).toBe('rejected');
    expect(contested.body.task.contest).toMatchObject({ reason: 'SYKEHUSETS-ANSVAR', resolution: 'awaiting-hospital' });
    await act('gp2', tasks[1], 'contest', { reason: 'IKKE-INDISERT' });

    const queue = await callAs<Page>(api, 'coordinator', 'GET', `/api/handovers/tasks?status=rejected&awaiting=hospital&patient=${patientId}`);
    expect(queue.body.tasks.map((t) => t.id).sort()).toEqual([tasks[0].id, tasks[1].id].sort());

    const takenBack = await act('coordinator', queue.body.tasks.find((t) => t.id === tasks[0].id)!, 'take-back');
    expect(takenBack.body.task.contest!.resolution).toBe('taken-back');
    const second = queue.body.tasks.find((t) => t.id === tasks[1].id)!;
    const reassigned = await act('coordinator', second, 'reassign', { owner: gpRole('gp') });
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.task.contest!.resolution).toBe('reassigned');
    const successor = await callAs<{ task: Summary }>(api, 'gp', 'GET', `/api/tasks/${reassigned.body.successor!.id}`);
    expect(successor.body.task).toMatchObject({ status: 'requested', replacesTask: `Task/${tasks[1].id}`, category: { code: 'HENV-VIDERE' } });

    const stillWaiting = await callAs<Page>(api, 'coordinator', 'GET', `/api/handovers/tasks?status=rejected&awaiting=hospital&patient=${patientId}`);
    expect(stillWaiting.body.total).toBe(0);
    expect((await act('coordinator', takenBack.body.task, 'take-back')).status).toBe(409);
  });

  it('forwards a task sent to the wrong GP (FEIL-MOTTAKER) to the right one', async () => {
    const { tasks } = await postHandover(fhir, handover({ patient }));
    expect((await act('gp2', tasks[0], 'contest', { reason: 'FEIL-MOTTAKER' })).status).toBe(422);
    const forwarded = await act('gp2', tasks[0], 'forward', { owner: gpRole('gp'), text: 'Pasienten har byttet fastlege' });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body.task.contest).toMatchObject({ reason: 'FEIL-MOTTAKER', resolution: 'forwarded' });
    const inGpInbox = await inbox(`?patient=${patientId}`, 'gp');
    expect(inGpInbox.body.tasks.map((t) => t.id)).toContain(forwarded.body.successor!.id);
    expect((await act('gp2', tasks[0], 'forward', { owner: 'PractitionerRole/does-not-exist', version: 2 })).status).toBe(422);
    expect((await act('gp2', tasks[0], 'forward', { owner: gpRole('gp'), version: 2 })).status).toBe(409);
  });

  it('files a collaboration deviation on a hand-over, with the fields the area agreement requires', async () => {
    const { tasks } = await postHandover(fhir, handover({ patient }));
    const handoverId = (tasks[0].groupIdentifier as { value: string }).value;
    const missing = await callAs(api, 'gp2', 'POST', `/api/handovers/${handoverId}/deviations`, { whatHappened: 'Epikrise manglet' });
    expect(missing.status).toBe(400);
    const filed = await callAs<{ id: string; hospitalUnit: string; reporter: { name: string } }>(api, 'gp2', 'POST', `/api/handovers/${handoverId}/deviations`, {
      whatHappened: 'Pasienten ble utskrevet uten epikrise og uten resept på nye legemidler.',
      agreementPoint: 'Delavtale 3, punkt 6.2',
      immediateMeasures: 'Ringte avdelingen og fikk legemiddelliste på telefon.',
      reporterPhone: '55 00 00 00',
      taskId: tasks[0].id,
    });
    expect(filed.status).toBe(201);
    expect(filed.body.hospitalUnit).toBe(testDirectory().demoOrganizations.haukelandMedisinsk);
    expect(filed.body.reporter.name).toBe('Ola Allmennlege');
    const listed = await callAs<{ deviations: unknown[] }>(api, 'coordinator', 'GET', `/api/handovers/${handoverId}/deviations`);
    expect(listed.body.deviations).toHaveLength(1);
    expect((await callAs(api, 'gp', 'GET', `/api/handovers/${handoverId}/deviations`)).status).toBe(404);
  });

  it("shows the coordinator their unit's hand-overs with how the tasks stand", async () => {
    const { tasks } = await postHandover(fhir, handover({ patient, categories: ['PROVESVAR', 'KONTROLL'] }));
    await act('gp2', tasks[0], 'accept');
    const list = await callAs<{ handovers: Array<{ id: string; tasks: { total: number; accepted: number; withGp: number } }> }>(api, 'coordinator', 'GET', '/api/handovers?pageSize=5');
    const mine = list.body.handovers.find((h) => h.id === (tasks[0].groupIdentifier as { value: string }).value)!;
    // Each task in one column: one accepted, one sent and not yet answered.
    expect(mine.tasks).toMatchObject({ total: 2, accepted: 1, withGp: 1 });
  });

  describe('scoping', () => {
    let task: Resource;
    beforeAll(async () => {
      task = (await postHandover(fhir, handover({ patient }))).tasks[0];
    });

    it("another GP neither sees nor changes the task: 404, as if it did not exist", async () => {
      expect((await callAs(api, 'gp', 'GET', `/api/tasks/${task.id}`)).status).toBe(404);
      expect((await act('gp', task, 'accept')).status).toBe(404);
      expect((await inbox(`?patient=${patientId}`, 'gp')).body.tasks.map((t) => t.id)).not.toContain(task.id);
    });

    it('the hospital cannot act for the GP, and other roles have no inbox', async () => {
      expect((await act('coordinator', task, 'accept')).status).toBe(403);
      for (const user of ['coordinator', 'quality', 'lowthreshold', 'admin']) expect((await inbox('', user)).status).toBe(403);
      for (const user of ['gp', 'quality']) expect((await callAs(api, user, 'GET', '/api/handovers')).status).toBe(403);
      expect((await callAs(api, 'quality', 'GET', `/api/tasks/${task.id}`)).status).toBe(404);
    });

    it('refuses requests without a token', async () => {
      expect((await fetch(`${api.origin}/api/inbox/tasks`)).status).toBe(401);
    });
  });
});
