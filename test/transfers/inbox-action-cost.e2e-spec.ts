import Client from 'fhir-kit-client';
import { Resource } from '@app/fhir';
import { RequestCost, RequestTally, rowReadsOf } from '../support/request-sql-tally';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

interface Summary {
  id: string;
  version: number;
  status: string;
  nextStatuses: string[];
}

/** The most an action may cost: SQL statements (directory lookups aside) and reads of the task's row. */
interface Bound {
  statements: number;
  taskReads: number;
}

/**
 * What one inbox action costs the database, counted on the request itself. An action looks the caller
 * up once, reads and locks the task once, and writes each status it walks through once (with its
 * transition, audit entry and outbox event); a walk of two statuses checks the caller may still see
 * the version it wrote in between. The bounds are today's figures (docs/benchmarks.md): a change that
 * reads the task or resolves the caller again fails here.
 */
describe('the cost of one inbox action', () => {
  let api: TestApi;
  let fhir: Client;
  let tally: RequestTally;
  const costs: Array<{ action: string; cost: RequestCost }> = [];

  const handedOver = async (count = 1): Promise<Resource[]> => {
    const categories = (['PROVESVAR', 'KONTROLL', 'RESEPT-NY'] as const).slice(0, count);
    const { tasks } = await postHandover(fhir, handover({ patient: newPatient(gpRole('gp')), categories: [...categories] }));
    expect(tasks).toHaveLength(count);
    return tasks;
  };
  const versionOf = (task: Resource) => ({ id: task.id!, version: Number(task.meta!.versionId) });

  const expectWithin = (action: string, cost: RequestCost, bound: Bound, requests = 1) => {
    costs.push({ action, cost });
    expect({ action, resolutions: cost.scopeResolutions }).toEqual({ action, resolutions: requests });
    expect(rowReadsOf(cost, 'fhir_task').length).toBeLessThanOrEqual(bound.taskReads);
    expect(cost.statements.length - cost.lookupStatements).toBeLessThanOrEqual(bound.statements);
  };

  const act = async (user: string, action: string, task: { id?: string; version: number }, bound: Bound, body: Record<string, unknown> = {}) => {
    const { answer, cost } = await tally.measure((headers) =>
      callAs<{ task: Summary }>(api, user, 'POST', `/api/tasks/${task.id}/${action}`, { version: task.version, ...body }, headers),
    );
    expect(answer.status).toBe(200);
    expectWithin(action, cost, bound);
    return answer.body.task;
  };

  beforeAll(async () => {
    api = await startTestApi();
    fhir = await api.fhirClient('ehr');
    tally = new RequestTally(api.app);
  });
  afterAll(async () => {
    tally.restore();
    if (process.env.PRINT_ACTION_COSTS) {
      const rows = costs.map(({ action, cost }) =>
        [action, cost.statements.length - cost.lookupStatements, rowReadsOf(cost, 'fhir_task').length, cost.scopeResolutions, cost.scopeLookups].join('\t'),
      );
      console.log(['action\tstatements\ttask row reads\tscope resolutions\tdirectory lookups', ...rows].join('\n'));
    }
    await api.close();
  });

  it('accepts a freshly handed-over task: one read, one scope resolution', async () => {
    const [task] = await handedOver();
    const accepted = await act('gp', 'accept', versionOf(task), { statements: 9, taskReads: 1 });
    expect(accepted).toMatchObject({ id: task.id, status: 'accepted', version: versionOf(task).version + 1 });
    expect(accepted.nextStatuses).toContain('in-progress');
  });

  it('walks a task through start, hold and complete, two statuses at once costing one more read', async () => {
    const [task] = await handedOver();
    const accepted = await act('gp', 'accept', versionOf(task), { statements: 9, taskReads: 1 });
    const started = await act('gp', 'start', accepted, { statements: 9, taskReads: 1 });
    const held = await act('gp', 'hold', started, { statements: 9, taskReads: 1 }, { note: 'Venter på prøvesvar' });
    // on-hold → in-progress → completed: two versions, the second checked against the first.
    const completed = await act('gp', 'complete', held, { statements: 13, taskReads: 2 }, { note: 'Fulgt opp' });
    expect(completed).toMatchObject({ status: 'completed', version: held.version + 2 });
  });

  it('contests, takes back, re-assigns, forwards and asks for information', async () => {
    const tasks = await handedOver(3);
    const first = await act('gp', 'contest', versionOf(tasks[0]), { statements: 9, taskReads: 1 }, { reason: 'SYKEHUSETS-ANSVAR' });
    const second = await act('gp', 'contest', versionOf(tasks[1]), { statements: 9, taskReads: 1 }, { reason: 'IKKE-INDISERT' });
    expect((await act('coordinator', 'take-back', first, { statements: 8, taskReads: 1 })).status).toBe('rejected');
    // The contested task and its successor for another GP: a version, a new task, and the link checks of both; the
    // successor brings the unit and the other GP together, noted once for the directory's "recently collaborated".
    await act('coordinator', 'reassign', second, { statements: 14, taskReads: 1 }, { owner: gpRole('gp2') });
    const accepted = await act('gp', 'accept', versionOf(tasks[2]), { statements: 9, taskReads: 1 });
    // accepted → in-progress → on-hold, and the Communication to the hospital.
    const asked = await act('gp', 'request-information', accepted, { statements: 16, taskReads: 2 }, { question: 'Hvilken dose?' });
    expect(asked).toMatchObject({ status: 'on-hold', version: accepted.version + 2 });
    const [other] = await handedOver();
    await act('gp', 'forward', versionOf(other), { statements: 15, taskReads: 1 }, { owner: gpRole('gp2'), text: 'Pasienten har byttet fastlege' });
  });

  it('accepts three tasks at once with one scope resolution for them all', async () => {
    const tasks = await handedOver(3);
    const { answer, cost } = await tally.measure((headers) =>
      callAs<{ results: Array<{ ok: boolean }> }>(api, 'gp', 'POST', '/api/inbox/bulk-accept', { tasks: tasks.map(versionOf) }, headers),
    );
    expect(answer.body.results.map((r) => r.ok)).toEqual([true, true, true]);
    expectWithin('bulk-accept (3 tasks)', cost, { statements: 27, taskReads: 3 });
  });
});
