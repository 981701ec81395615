import { io, Socket } from 'socket.io-client';
import { LiveEvent, NotificationKind, Resource } from '@app/fhir';
import type { ConversationEntry } from '@app/fhir/api/api-answers';
import { bell, told } from '../support/notification-ledger';
import { ApiStack, startApiStack } from '../support/api-stack';
import { Ledgers } from '../support/settled';
import { TestApi } from '../support/test-api';
import { demoUnit } from '../support/test-directory';
import { callAs, gpRole, storedTaskConversation } from '../support/transfers';
import { waitFor } from '../support/wait-for';
import { handOver, newHospitalUnit } from '../browser/browser-handovers';

interface Summary {
  id: string;
  version: number;
  status: string;
  awaitingInformation?: boolean;
  nextStatuses: string[];
}
interface Details {
  task: Summary;
  history: Array<{ from: string | null; to: string; at: string; by: string | null }>;
  conversation: ConversationEntry[];
}
interface Question {
  question: ConversationEntry;
  task: { id: string; version: number; status: string; awaitingInformation: boolean };
  patient?: { id: string; name?: string };
  answer?: ConversationEntry;
}
interface LivePush {
  kind: string;
  title: string;
  body?: string;
  resource?: string;
}

jest.setTimeout(60_000);

/**
 * "Be om informasjon" end to end, through the /api as the web app calls it: the GP's question puts the task on
 * hold and reaches the unit that handed it over (with the question, no patient identifiers); the coordinator
 * answers; the task is back in progress and the GP is told; both sides read question and answer in the task's
 * history. And who may not: another GP, another unit's coordinator, the quality team, the GP themselves.
 */
describe('the question loop between GP and hospital', () => {
  let stack: ApiStack;
  let api: TestApi;
  let ledgers: Ledgers;
  let otherUnit: string;
  const sockets: Socket[] = [];

  /** A task handed over from `requester` (the demo unit unless given) to the demo GP, accepted by the GP. */
  async function acceptedTask(requester?: string): Promise<{ task: Summary; patientName: string; fodselsnummer: string }> {
    const { tasks, patientName, fodselsnummer } = await handOver(api, { categories: ['RESEPT-NY'], requester });
    const accepted = await callAs<{ task: Summary }>(api, 'gp', 'POST', `/api/tasks/${tasks[0].id}/accept`, { version: Number((tasks[0] as Resource).meta!.versionId) });
    expect(accepted.status).toBe(200);
    return { task: accepted.body.task, patientName, fodselsnummer };
  }

  async function ask(task: Summary, question: string): Promise<{ task: Summary; communication: { id: string } }> {
    const asked = await callAs<{ task: Summary; communication: { id: string } }>(api, 'gp', 'POST', `/api/tasks/${task.id}/request-information`, { version: task.version, question });
    expect(asked.status).toBe(200);
    return asked.body;
  }

  async function openQuestions(user = 'coordinator', state = 'open'): Promise<Question[]> {
    const answer = await callAs<{ questions: Question[] }>(api, user, 'GET', `/api/questions?state=${state}`);
    expect(answer.status).toBe(200);
    return answer.body.questions;
  }

  const storedAbout = (taskId: string) => storedTaskConversation(ledgers.pool, taskId);

  /** What the ledger says the question loop told whom about a task (the hand-over's own "new task" aside). */
  async function toldOfQuestions(taskId: string): Promise<string[]> {
    return (await told(ledgers, `Task/${taskId}`)).filter((line) => line.startsWith('information-'));
  }

  async function connect(user: string): Promise<LivePush[]> {
    const socket = io(`${api.origin}/live`, { auth: { token: await api.token(user) }, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    const received: LivePush[] = [];
    socket.on(LiveEvent.Notification, (push: LivePush) => received.push(push));
    await new Promise<void>((resolve, reject) => {
      socket.once(LiveEvent.Ready, () => resolve());
      socket.once('connect_error', reject);
    });
    return received;
  }

  beforeAll(async () => {
    stack = await startApiStack();
    ({ api, ledgers } = stack);
    otherUnit = await newHospitalUnit(api, 'Spørsmålsløkka, annen avdeling (test)');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await stack?.close();
  });

  it('carries the question to the unit, the answer back to the GP, and the task back in progress', async () => {
    const pushed = await connect('coordinator');
    // Other tests' unread questions from the demo GP would group this one away from the bell's list: read them first.
    await callAs(api, 'coordinator', 'POST', '/api/notifications/read-all', { kind: NotificationKind.InformationRequested, from: gpRole() });
    const { task, patientName, fodselsnummer } = await acceptedTask();
    const question = `Hvilken dose skal pasienten ha? (gjelder ${fodselsnummer})`;
    const asked = await ask(task, question);
    expect(asked.task).toMatchObject({ status: 'on-hold', awaitingInformation: true });
    // The hospital's answer is what resumes it; the GP may resume it too, as ever.
    expect(asked.task.nextStatuses).toContain('in-progress');

    // The coordinator's "Spørsmål fra fastlege": patient, task, question, who asked.
    const listed = (await openQuestions()).find((item) => item.question.id === asked.communication.id);
    expect(listed).toMatchObject({
      question: { message: 'question', text: question, by: 'Kari Fastlege' },
      task: { id: task.id, status: 'on-hold', awaitingInformation: true },
      patient: { name: patientName },
    });

    // The unit is told; neither the stored notification nor the push carries the GP's words (they may name the
    // patient), the bell shows them to the unit's coordinator, read as the coordinator through the access policy.
    await ledgers.allSettled();
    expect(await toldOfQuestions(task.id)).toEqual([`${NotificationKind.InformationRequested} → ${demoUnit()}`]);
    const [notification] = (await bell(api, 'coordinator', `Task/${task.id}`)).filter((n) => n.kind === NotificationKind.InformationRequested);
    expect(notification).toMatchObject({ kind: NotificationKind.InformationRequested, title: 'Fastlegen venter på informasjon – Ny resept eller doseendring', body: 'Les spørsmålet og svar i Bro.' });
    const push = await waitFor(() => pushed.find((p) => p.resource === `Task/${task.id}` && p.kind === NotificationKind.InformationRequested), 'the push to the coordinator');
    for (const secret of [fodselsnummer, patientName, ...patientName.split(' '), 'Hvilken dose']) {
      expect(JSON.stringify(push)).not.toContain(secret);
      expect(JSON.stringify(notification)).not.toContain(secret);
    }
    const bellShown = await callAs<{ notifications: Array<{ id: string; resource?: string; kind: string; question?: string; patient?: { name?: string } }> }>(
      api,
      'coordinator',
      'GET',
      '/api/notifications/bell?pageSize=100',
    );
    expect(bellShown.body.notifications.find((n) => n.id === notification.id)).toMatchObject({ question, patient: { name: patientName } });

    // The coordinator answers: the task is in progress again, moved by the hospital.
    const answered = await callAs<{ answer: { id: string }; task: Summary }>(api, 'coordinator', 'POST', `/api/questions/${asked.communication.id}/answer`, {
      answer: '5 mg morgen, trappes ned over to uker.',
    });
    expect(answered.status).toBe(200);
    expect(answered.body.task.status).toBe('in-progress');
    expect(answered.body.task.awaitingInformation).toBeUndefined();

    // The GP reads question, answer and who acted in the task's history.
    const details = (await callAs<Details>(api, 'gp', 'GET', `/api/tasks/${task.id}`)).body;
    expect(details.task).toMatchObject({ status: 'in-progress', version: asked.task.version + 1 });
    expect(details.history.slice(-3)).toEqual([
      expect.objectContaining({ from: 'accepted', to: 'in-progress', by: 'gp' }),
      expect.objectContaining({ from: 'in-progress', to: 'on-hold', by: 'gp' }),
      expect.objectContaining({ from: 'on-hold', to: 'in-progress', by: 'coordinator' }),
    ]);
    expect(details.conversation).toEqual([
      expect.objectContaining({ id: asked.communication.id, message: 'question', text: question, by: 'Kari Fastlege' }),
      expect.objectContaining({ id: answered.body.answer.id, message: 'answer', text: '5 mg morgen, trappes ned over to uker.', by: 'Siri Koordinator', answers: asked.communication.id }),
    ]);
    // The answer came before the resume it made, the question after the hold it made.
    expect(Date.parse(details.conversation[1].at)).toBeLessThanOrEqual(Date.parse(details.history.at(-1)!.at));
    // The hospital sees the same.
    const hospitalSide = (await callAs<Details>(api, 'coordinator', 'GET', `/api/tasks/${task.id}`)).body;
    expect(hospitalSide.conversation.map((entry) => entry.message)).toEqual(['question', 'answer']);

    // The GP is told; the question leaves the open list and shows as answered.
    await ledgers.allSettled();
    expect(await toldOfQuestions(task.id)).toEqual([`${NotificationKind.InformationRequested} → ${demoUnit()}`, `${NotificationKind.InformationAnswered} → ${gpRole()}`]);
    expect((await bell(api, 'gp', `Task/${task.id}`)).map((n) => n.title)).toContain('Sykehuset har svart – Ny resept eller doseendring');
    expect((await openQuestions()).some((item) => item.question.id === asked.communication.id)).toBe(false);
    expect((await openQuestions('coordinator', 'answered')).find((item) => item.question.id === asked.communication.id)?.answer).toMatchObject({ by: 'Siri Koordinator' });

    // A question is answered once.
    const again = await callAs(api, 'coordinator', 'POST', `/api/questions/${asked.communication.id}/answer`, { answer: 'Igjen.' });
    expect(again.status).toBe(409);
    expect((await storedAbout(task.id)).communications).toBe(2);
  });

  it('keeps a plain hold with a note from the hospital: no notification, no question, and the hospital cannot resume it', async () => {
    const { task } = await acceptedTask();
    const held = await callAs<{ task: Summary }>(api, 'gp', 'POST', `/api/tasks/${task.id}/hold`, { version: task.version, note: 'Venter på egen time hos pasienten' });
    expect(held.status).toBe(200);
    expect(held.body.task.status).toBe('on-hold');
    expect(held.body.task.awaitingInformation).toBeUndefined();

    await ledgers.allSettled();
    expect(await toldOfQuestions(task.id)).toEqual([]);
    expect(await told(ledgers, `Task/${task.id}`)).toEqual([`${NotificationKind.NewTask} → ${gpRole()}`]);
    expect((await openQuestions()).some((item) => item.task.id === task.id)).toBe(false);

    // The status table opens on-hold → in-progress to the hospital only while the task waits for its answer.
    const stored = (await callAs<Resource>(api, 'coordinator', 'GET', `/fhir/R4/Task/${task.id}`)).body;
    const resumed = await callAs(api, 'coordinator', 'PUT', `/fhir/R4/Task/${task.id}`, { ...stored, status: 'in-progress' }, { 'If-Match': `W/"${stored.meta!.versionId}"` });
    expect(resumed.status).toBe(403);
    expect(await storedAbout(task.id)).toMatchObject({ status: 'on-hold', version: held.body.task.version });
  });

  it("lets only the unit that handed the task over see and answer the question, and only the task's GP read the answer", async () => {
    // A hand-over from another unit: the demo coordinator is that unit's neighbour, not its coordinator.
    const { task } = await acceptedTask(otherUnit);
    const asked = await ask(task, 'Er det tatt blodprøver før utskrivning?');
    const before = await storedAbout(task.id);
    expect(before).toMatchObject({ communications: 1, status: 'on-hold' });

    expect((await openQuestions()).some((item) => item.question.id === asked.communication.id)).toBe(false);
    expect((await openQuestions('coordinator', 'answered')).some((item) => item.question.id === asked.communication.id)).toBe(false);

    const answerAs = (user: string) => callAs(api, user, 'POST', `/api/questions/${asked.communication.id}/answer`, { answer: 'Ja.' });
    expect((await answerAs('coordinator')).status).toBe(404);
    for (const user of ['gp', 'gp2', 'quality', 'lowthreshold']) expect({ user, status: (await answerAs(user)).status }).toEqual({ user, status: 403 });
    for (const user of ['gp', 'gp2', 'quality']) expect({ user, status: (await callAs(api, user, 'GET', '/api/questions')).status }).toEqual({ user, status: 403 });
    expect((await callAs(api, 'coordinator', 'POST', `/api/questions/${asked.communication.id}-x/answer`, { answer: 'Ja.' })).status).toBe(404);

    // Straight to FHIR: the answer's rule and the access policy refuse it the same.
    const overFhir = await callAs(api, 'coordinator', 'POST', '/fhir/R4/Communication', {
      resourceType: 'Communication',
      status: 'completed',
      category: [{ coding: [{ system: 'urn:bro:communication-category', code: 'information-answer' }] }],
      basedOn: [{ reference: `Task/${task.id}` }],
      inResponseTo: [{ reference: `Communication/${asked.communication.id}` }],
      payload: [{ contentString: 'Ja.' }],
    });
    expect([403, 404, 422]).toContain(overFhir.status);

    // The task's history (with the question) is its GP's and its unit's alone.
    for (const user of ['gp2', 'quality', 'coordinator']) expect({ user, status: (await callAs(api, user, 'GET', `/api/tasks/${task.id}`)).status }).toEqual({ user, status: 404 });
    expect(await storedAbout(task.id)).toEqual(before);
  });
});
