import Client from 'fhir-kit-client';
import { asTransaction } from '../../tools/simulator/discharge-handover';
import { ReminderScheduler } from '../../apps/api/src/notifications/reminder.scheduler';
import { OneStatement } from '../../apps/api/src/database/one-statement';
import { Database } from '../../apps/api/src/database/sql-client';
import { TaskRemindersPlanner } from '../../apps/api/src/transfers/task-reminders.planner';
import { daysFromNow } from '../support/clock';
import { Ledgers, openLedgers } from '../support/settled';
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
  let scheduler: ReminderScheduler;
  let ledgers: Ledgers;
  let database: Database;
  let planner: TaskRemindersPlanner;

  async function handOverDue(due: string): Promise<Resource> {
    // Discharged a week before an overdue task's due day: Bro refuses a task due before its discharge day.
    const content = handover({ patient: newPatient(gpRole('gp2')), categories: ['PROVESVAR'], dischargedAt: daysFromNow(-7) });
    (content.entries[2].resource as Record<string, unknown>).restriction = { period: { end: due } };
    const response = (await ehr.transaction({ body: asTransaction(content) } as never)) as unknown as Bundle;
    return response.entry!.map((e) => e.resource!).find((r) => r.resourceType === 'Task')!;
  }

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    worker = await startTestWorker();
    scheduler = worker.app.get(ReminderScheduler);
    database = worker.app.get(Database);
    planner = worker.app.get(TaskRemindersPlanner);
    ledgers = openLedgers(api.config);
  });
  afterAll(async () => {
    await ledgers.close();
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
    const since = await ledgers.mark();
    const task = await handOverDue(osloDay(-3));
    // The hand-over matched, the reminder that was due sent and pushed, the next weekly one days away.
    await ledgers.allSettled({ since });
    const bell = await callAs<{ notifications: Array<{ kind: string; resource?: string; title: string }> }>(api, 'gp2', 'GET', '/api/notifications?pageSize=100');
    const forTask = bell.body.notifications.filter((n) => n.resource === `Task/${task.id}`);
    expect(forTask.map((n) => [n.kind, n.title])).toEqual([
      ['task-overdue', 'Frist passert – Oppfølging av prøvesvar'],
      ['new-task', 'Ny oppgave – Oppfølging av prøvesvar'],
    ]);
    expect(await scheduler.pending(task.id!)).toEqual([]);
  });

  it('keeps the weekly overdue reminder when the task changes after the first one was sent', async () => {
    const since = await ledgers.mark();
    const task = await handOverDue(osloDay(-3));
    await ledgers.allSettled({ since });
    const owed = async () =>
      (await database.query<{ job_id: string }>(`SELECT job_id FROM owed_reminder WHERE subject = $1 ORDER BY job_id`, [`Task/${task.id}`])).rows.map((row) => row.job_id);
    expect(await owed()).toEqual([`reminder-task-${task.id}-overdue-1`]);
    // The acceptance re-plans from the task as it is: its first overdue reminder again, already sent.
    // Recorded however late it is matched, the series goes on where it was and the first is not owed again.
    const current = (await ehr.read({ resourceType: 'Task', id: task.id! } as never)) as Resource;
    const plan = planner.plan(task.id!, { ...current, status: 'accepted', meta: { versionId: '2' } }, new Date())!;
    expect(plan.planned.map((planned) => planned.jobId)).toEqual([`reminder-task-${task.id}-overdue-0`]);
    const statement = new OneStatement();
    scheduler.recordClause(statement, [plan]);
    await database.query(statement.sql('SELECT 1'), statement.params);
    expect(await owed()).toEqual([`reminder-task-${task.id}-overdue-1`]);
    // Completed, the series ends.
    const none = planner.plan(task.id!, { ...current, status: 'completed', meta: { versionId: '3' } }, new Date())!;
    const closing = new OneStatement();
    scheduler.recordClause(closing, [none]);
    await database.query(closing.sql('SELECT 1'), closing.params);
    expect(await owed()).toEqual([]);
  });

  describe('joint consultations', () => {
    async function bookConsultation(startsInMinutes: number): Promise<Resource> {
      const patient = (await ehr.create({ resourceType: 'Patient', body: newPatient(gpRole('gp2')) } as never)) as Resource;
      const body = {
        resourceType: 'Appointment',
        status: 'booked',
        description: 'Felleskonsultasjon ved utskrivning',
        start: new Date(Date.now() + startsInMinutes * 60_000).toISOString(),
        end: new Date(Date.now() + (startsInMinutes + 30) * 60_000).toISOString(),
        participant: [
          { actor: { reference: gpRole('gp2') }, status: 'accepted' },
          { actor: { reference: `Patient/${patient.id}` }, status: 'accepted' },
        ],
      };
      return (await ehr.create({ resourceType: 'Appointment', body } as never)) as Resource;
    }

    async function consultationReminders(appointment: Resource): Promise<Array<{ kind: string; title: string }>> {
      const bell = await callAs<{ notifications: Array<{ kind: string; resource?: string; title: string }> }>(api, 'gp2', 'GET', '/api/notifications?pageSize=100');
      return bell.body.notifications.filter((n) => n.resource === `Appointment/${appointment.id}`);
    }

    it('plans a booked consultation a day and an hour ahead, and takes the reminders back when it is cancelled', async () => {
      const appointment = await bookConsultation(30 * 60);
      await waitFor(async () => ((await scheduler.pendingForAppointment(appointment.id!)).length === 2 ? true : undefined), 'two planned consultation reminders');
      expect(await scheduler.pendingForAppointment(appointment.id!)).toEqual(['consultation-24h', 'consultation-1h']);
      await ehr.update({ resourceType: 'Appointment', id: appointment.id!, body: { ...appointment, status: 'cancelled' } } as never);
      await waitFor(async () => ((await scheduler.pendingForAppointment(appointment.id!)).length === 0 ? true : undefined), 'the consultation reminders to be taken back');
    });

    it('reminds the GP at once of a consultation booked to start within the hour, and only once', async () => {
      const appointment = await bookConsultation(40);
      const reminders = await waitFor(async () => {
        const found = await consultationReminders(appointment);
        return found.length > 0 ? found : undefined;
      }, 'the consultation reminder');
      expect(reminders).toEqual([expect.objectContaining({ kind: 'consultation-soon', title: expect.stringMatching(/^Felleskonsultasjon snart – kl\. \d\d:\d\d$/) })]);
      // Booked again (an update of the same consultation at the same time) does not remind twice.
      const since = await ledgers.mark();
      await ehr.update({ resourceType: 'Appointment', id: appointment.id!, body: { ...appointment, comment: 'Rom 3' } } as never);
      // The update matched, the hour's reminder it planned again fired and was settled: still one.
      await ledgers.allSettled({ since });
      expect(await consultationReminders(appointment)).toHaveLength(1);
    });
  });
});
