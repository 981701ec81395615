import Client from 'fhir-kit-client';
import { asTransaction } from '../../tools/simulator/discharge-handover';
import { TaskReminderScheduler } from '../../apps/api/src/notifications/task-reminder.scheduler';
import { TestApi, startTestApi } from '../support/test-api';
import { waitFor } from '../support/wait-for';
import { startTestWorker } from '../support/test-worker';
import { callAs, gpRole, handover, newPatient } from '../support/transfers';
import { Bundle, Resource } from '@app/fhir';

jest.setTimeout(30_000);

function osloDay(offset: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + offset)).toISOString().slice(0, 10);
}

describe('task reminders', () => {
  let api: TestApi;
  let ehr: Client;
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  let scheduler: TaskReminderScheduler;

  async function handOverDue(due: string): Promise<Resource> {
    const content = handover({ patient: newPatient(gpRole('gp2')), categories: ['PROVESVAR'] });
    (content.entries[2].resource as Record<string, unknown>).restriction = { period: { end: due } };
    const response = (await ehr.transaction({ body: asTransaction(content) } as never)) as unknown as Bundle;
    return response.entry!.map((e) => e.resource!).find((r) => r.resourceType === 'Task')!;
  }

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    worker = await startTestWorker();
    scheduler = worker.app.get(TaskReminderScheduler);
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  it('plans the reminders of a handed-over task and cancels them when the task is completed', async () => {
    const task = await handOverDue(osloDay(10));
    await waitFor(async () => ((await scheduler.pending(task.id!)).length === 2 ? true : undefined), 'two planned reminders');
    expect(await scheduler.pending(task.id!)).toEqual(['due-soon', 'overdue']);
    const accepted = await callAs<{ task: { version: number } }>(api, 'gp2', 'POST', `/api/tasks/${task.id}/accept`, { version: 1 });
    await callAs(api, 'gp2', 'POST', `/api/tasks/${task.id}/complete`, { version: accepted.body.task.version });
    await waitFor(async () => ((await scheduler.pending(task.id!)).length === 0 ? true : undefined), 'the reminders to be cancelled');
  });

  it('reminds the GP of an overdue task, once', async () => {
    const task = await handOverDue(osloDay(-3));
    const reminder = await waitFor(async () => {
      const bell = await callAs<{ notifications: Array<{ kind: string; resource?: string; title: string }> }>(api, 'gp2', 'GET', '/api/notifications?pageSize=100');
      return bell.body.notifications.find((n) => n.resource === `Task/${task.id}` && n.kind === 'task-overdue');
    }, 'the overdue reminder');
    expect(reminder.title).toBe('Frist passert – Oppfølging av prøvesvar');
    const bell = await callAs<{ notifications: Array<{ kind: string; resource?: string }> }>(api, 'gp2', 'GET', '/api/notifications?pageSize=100');
    expect(bell.body.notifications.filter((n) => n.resource === `Task/${task.id}` && n.kind === 'task-overdue')).toHaveLength(1);
  });
});
