import Client from 'fhir-kit-client';
import { NotificationKind, Resource } from '@app/fhir';
import { ApiStack, startApiStack } from '../support/api-stack';
import { Ledgers } from '../support/settled';
import { TestApi } from '../support/test-api';
import { callAs, gpRole, handover, newPatient, postHandover, wardOfTheDemoUnit } from '../support/transfers';

jest.setTimeout(60_000);

/** A GP cancelling a task not yet taken on hands it back as a contest does, so it needs a contest reason (task-status.rules.ts). */
describe('cancelling a new task from the inbox', () => {
  let stack: ApiStack;
  let api: TestApi;
  let ehr: Client;
  let ledgers: Ledgers;

  beforeAll(async () => {
    stack = await startApiStack();
    ({ api, ehr, ledgers } = stack);
  });
  afterAll(() => stack?.close());

  const cancel = (taskId: string, body: Record<string, unknown>) => callAs<{ task?: { status: string } }>(api, 'gp', 'POST', `/api/tasks/${taskId}/cancel`, { version: 1, ...body });

  it('is refused without a contest reason, and with "wrong recipient" (that one is forwarded); nothing is written', async () => {
    const since = await ledgers.mark();
    const { tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')) }));
    expect((await cancel(tasks[0].id!, {})).status).toBe(422);
    expect((await cancel(tasks[0].id!, { reason: 'FEIL-MOTTAKER' })).status).toBe(422);
    expect((await cancel(tasks[0].id!, { reason: 'ANNET' })).status).toBe(422);
    expect((await cancel(tasks[0].id!, { text: 'uten årsak' })).status).toBe(400);
    const stored = await callAs<Resource>(api, 'gp', 'GET', `/fhir/R4/Task/${tasks[0].id}`);
    expect(stored.body).toMatchObject({ status: 'requested', meta: { versionId: '1' } });
    // The hand-over's notification delivered before the worker stops: nothing of this test is left in flight.
    await ledgers.allSettled({ since });
  });

  it('cancels with the reason on the task, and tells the hospital which reason (not the GP\'s words)', async () => {
    const ward = await wardOfTheDemoUnit(api);
    const { tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')), requester: ward }));
    const since = await ledgers.mark();
    const explanation = 'Pasienten har time hos privat spesialist.';
    const cancelled = await cancel(tasks[0].id!, { reason: 'IKKE-INDISERT', text: explanation });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.task!.status).toBe('cancelled');
    const stored = await callAs<Resource>(api, 'gp', 'GET', `/fhir/R4/Task/${tasks[0].id}`);
    expect(stored.body.statusReason).toEqual({ coding: [{ system: 'urn:bro:contest-reason', code: 'IKKE-INDISERT', display: 'Ikke medisinsk indisert' }], text: explanation });

    await ledgers.allSettled({ since });
    const { rows } = await ledgers.pool.query<{ recipient: string; kind: string; title: string; body: string | null; sender: string | null }>(
      `SELECT recipient, kind, title, body, sender FROM notification WHERE resource = $1 AND kind = $2`,
      [`Task/${tasks[0].id}`, NotificationKind.TaskCancelled],
    );
    expect(rows).toEqual([{ recipient: ward, kind: NotificationKind.TaskCancelled, title: expect.stringMatching(/^Oppgave avbrutt – /), body: 'Årsak: Ikke medisinsk indisert.', sender: gpRole('gp') }]);
  });

  it('needs no reason once the GP has accepted the task', async () => {
    const since = await ledgers.mark();
    const { tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')) }));
    expect((await callAs(api, 'gp', 'POST', `/api/tasks/${tasks[0].id}/accept`, { version: 1 })).status).toBe(200);
    const cancelled = await callAs<{ task: { status: string } }>(api, 'gp', 'POST', `/api/tasks/${tasks[0].id}/cancel`, { version: 2, note: 'Oppfølgingen skjer på sykehjemmet.' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.task.status).toBe('cancelled');
    await ledgers.allSettled({ since });
  });
});
