import { Resource } from '@app/fhir';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit } from '../support/test-directory';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

/** PRODUCT.md's status table, written out again here so the test checks the code against the brief, not against itself. */
const ALLOWED: Record<string, Record<string, 'owner' | 'requester' | 'either'>> = {
  draft: { requested: 'requester', cancelled: 'either', 'entered-in-error': 'requester' },
  requested: { received: 'owner', accepted: 'owner', rejected: 'owner', cancelled: 'either', 'entered-in-error': 'requester' },
  received: { accepted: 'owner', rejected: 'owner', cancelled: 'either', 'entered-in-error': 'requester' },
  accepted: { 'in-progress': 'owner', cancelled: 'either', 'entered-in-error': 'requester' },
  'in-progress': { 'on-hold': 'owner', completed: 'owner', failed: 'owner', cancelled: 'either', 'entered-in-error': 'requester' },
  'on-hold': { 'in-progress': 'owner', cancelled: 'either', 'entered-in-error': 'requester' },
  rejected: { 'entered-in-error': 'requester' },
  cancelled: { 'entered-in-error': 'requester' },
  failed: { 'entered-in-error': 'requester' },
  completed: { 'entered-in-error': 'requester' },
  'entered-in-error': {},
};
const ALL = ['draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error'];
/** How each starting status is reached, and by whom. */
const PATH: Record<string, Array<[string, 'gp' | 'coordinator']>> = {
  draft: [],
  requested: [],
  received: [['received', 'gp']],
  accepted: [['accepted', 'gp']],
  'in-progress': [['accepted', 'gp'], ['in-progress', 'gp']],
  'on-hold': [['accepted', 'gp'], ['in-progress', 'gp'], ['on-hold', 'gp']],
  completed: [['accepted', 'gp'], ['in-progress', 'gp'], ['completed', 'gp']],
  failed: [['accepted', 'gp'], ['in-progress', 'gp'], ['failed', 'gp']],
  rejected: [['rejected', 'gp']],
  cancelled: [['cancelled', 'coordinator']],
  'entered-in-error': [['entered-in-error', 'coordinator']],
};
const USER = { owner: 'gp', requester: 'coordinator' } as const;

describe('the Task state machine, through the FHIR REST API', () => {
  let api: TestApi;
  let patientId: string;

  beforeAll(async () => {
    api = await startTestApi();
    // The patient comes with a hand-over from the coordinator's unit: that stay is their prior right to add tasks for them.
    const { tasks } = await postHandover(await api.fhirClient('ehr'), handover({ patient: newPatient(gpRole()) }));
    patientId = (tasks[0].for as { reference: string }).reference.split('/')[1];
  });
  afterAll(() => api.close());

  const withStatus = (task: Resource, status: string): Resource => ({
    ...task,
    status,
    // Contesting needs a reason, and so does a GP cancelling a task not yet taken on (task-status.rules.ts).
    ...(status === 'rejected' || status === 'cancelled' ? { statusReason: { coding: [{ system: 'urn:bro:contest-reason', code: 'SYKEHUSETS-ANSVAR' }] } } : {}),
  });

  async function put(user: string, task: Resource, status: string) {
    return callAs<Resource & { issue?: Array<{ diagnostics: string }> }>(api, user, 'PUT', `/fhir/R4/Task/${task.id}`, withStatus(task, status), {
      'If-Match': `W/"${task.meta!.versionId}"`,
    });
  }

  async function taskIn(status: string): Promise<Resource> {
    const created = await callAs<Resource>(api, 'coordinator', 'POST', '/fhir/R4/Task', {
      resourceType: 'Task',
      status: status === 'draft' ? 'draft' : 'requested',
      intent: 'order',
      businessStatus: { coding: [{ system: 'urn:bro:task-category', code: 'PROVESVAR' }] },
      for: { reference: `Patient/${patientId}` },
      requester: { reference: demoUnit() },
      owner: { reference: gpRole() },
    });
    expect(created.status).toBe(201);
    let task = created.body;
    for (const [next, user] of PATH[status]) {
      const moved = await put(user, task, next);
      expect(moved.status).toBe(200);
      task = moved.body;
    }
    return task;
  }

  const cases = Object.keys(ALLOWED).flatMap((from) => ALL.filter((to) => to !== from).map((to) => [from, to] as const));

  it.each(cases)('%s → %s', async (from, to) => {
    const task = await taskIn(from);
    const allowedBy = ALLOWED[from][to];
    if (!allowedBy) {
      const refused = await put('gp', task, to);
      expect(refused.status).toBe(409);
      expect(refused.body.resourceType).toBe('OperationOutcome');
      expect(refused.body.issue![0].diagnostics).toMatch(new RegExp(`from ${from}`));
      return;
    }
    if (allowedBy !== 'either') {
      const wrongActor = await put(allowedBy === 'owner' ? 'coordinator' : 'gp', task, to);
      expect(wrongActor.status).toBe(403);
    }
    const done = await put(USER[allowedBy === 'either' ? 'owner' : allowedBy], task, to);
    expect(done.status).toBe(200);
    expect(done.body.status).toBe(to);
  });

  it('needs If-Match for a status change (428) and refuses a stale one (412)', async () => {
    const task = await taskIn('requested');
    const withoutIfMatch = await callAs<Resource>(api, 'gp', 'PUT', `/fhir/R4/Task/${task.id}`, withStatus(task, 'accepted'));
    expect(withoutIfMatch.status).toBe(428);
    const accepted = await put('gp', task, 'accepted');
    expect(accepted.status).toBe(200);
    const stale = await put('gp', task, 'accepted');
    expect(stale.status).toBe(412);
  });

  it('sets executionPeriod.start on in-progress and .end on a terminal status, and keeps every transition', async () => {
    const task = await taskIn('in-progress');
    expect((task.executionPeriod as { start?: string }).start).toBeDefined();
    const completed = await put('gp', task, 'completed');
    expect((completed.body.executionPeriod as { end?: string }).end).toBeDefined();
    const detail = await callAs<{ history: Array<{ from: string | null; to: string; by: string }> }>(api, 'gp', 'GET', `/api/tasks/${task.id}`);
    expect(detail.body.history.map((h) => `${h.from ?? '∅'}→${h.to}:${h.by}`)).toEqual([
      '∅→requested:coordinator',
      'requested→accepted:gp',
      'accepted→in-progress:gp',
      'in-progress→completed:gp',
    ]);
  });

  it('a GP cancelling a task not yet accepted needs a contest reason; the hospital withdrawing it does not', async () => {
    const byGp = await taskIn('requested');
    const withoutReason = await callAs<Resource & { issue?: Array<{ diagnostics: string }> }>(
      api,
      'gp',
      'PUT',
      `/fhir/R4/Task/${byGp.id}`,
      { ...byGp, status: 'cancelled' },
      { 'If-Match': `W/"${byGp.meta!.versionId}"` },
    );
    expect(withoutReason.status).toBe(422);
    expect(withoutReason.body.issue![0].diagnostics).toMatch(/contest-reason/);
    const withReason = await put('gp', byGp, 'cancelled');
    expect(withReason.status).toBe(200);

    const byHospital = await taskIn('requested');
    const withdrawn = await callAs<Resource>(api, 'coordinator', 'PUT', `/fhir/R4/Task/${byHospital.id}`, { ...byHospital, status: 'cancelled' }, {
      'If-Match': `W/"${byHospital.meta!.versionId}"`,
    });
    expect(withdrawn.status).toBe(200);
    const accepted = (await put('gp', await taskIn('requested'), 'accepted')).body;
    const afterAccepting = await callAs<Resource>(api, 'gp', 'PUT', `/fhir/R4/Task/${accepted.id}`, { ...accepted, status: 'cancelled' }, {
      'If-Match': `W/"${accepted.meta!.versionId}"`,
    });
    expect(afterAccepting.status).toBe(200);
  });

  it('contesting needs a coded reason, and ANNET needs free text', async () => {
    const task = await taskIn('requested');
    const uncoded = await callAs<Resource>(api, 'gp', 'PUT', `/fhir/R4/Task/${task.id}`, { ...task, status: 'rejected' }, { 'If-Match': `W/"${task.meta!.versionId}"` });
    expect(uncoded.status).toBe(422);
    const annet = await callAs<Resource>(
      api,
      'gp',
      'PUT',
      `/fhir/R4/Task/${task.id}`,
      { ...task, status: 'rejected', statusReason: { coding: [{ system: 'urn:bro:contest-reason', code: 'ANNET' }] } },
      { 'If-Match': `W/"${task.meta!.versionId}"` },
    );
    expect(annet.status).toBe(422);
  });

  it('applies the same rules to JSON Patch and to transaction entries', async () => {
    const task = await taskIn('requested');
    const patch = await fetch(`${api.baseUrl}/Task/${task.id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${await api.token('gp')}`, 'Content-Type': 'application/json-patch+json', 'If-Match': 'W/"1"' },
      body: JSON.stringify([{ op: 'replace', path: '/status', value: 'completed' }]),
    });
    expect(patch.status).toBe(409);
    const transaction = await callAs<Resource>(api, 'coordinator', 'POST', '/fhir/R4', {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [{ resource: withStatus(task, 'accepted'), request: { method: 'PUT', url: `Task/${task.id}`, ifMatch: 'W/"1"' } }],
    });
    expect(transaction.status).toBe(403);
    const unchanged = await callAs<Resource>(api, 'gp', 'GET', `/fhir/R4/Task/${task.id}`);
    expect(unchanged.body.status).toBe('requested');
    expect(unchanged.body.meta!.versionId).toBe('1');
  });

  it('refuses to create a task in a later status or on behalf of another unit, and to delete a handed-over task', async () => {
    const body = {
      resourceType: 'Task',
      status: 'accepted',
      intent: 'order',
      for: { reference: `Patient/${patientId}` },
      requester: { reference: demoUnit() },
      owner: { reference: gpRole() },
    };
    expect((await callAs(api, 'coordinator', 'POST', '/fhir/R4/Task', body)).status).toBe(409);
    expect((await callAs(api, 'gp', 'POST', '/fhir/R4/Task', { ...body, status: 'requested' })).status).toBe(403);
    const task = await taskIn('requested');
    expect((await callAs(api, 'coordinator', 'DELETE', `/fhir/R4/Task/${task.id}`)).status).toBe(409);
  });
});
