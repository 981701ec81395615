import Client from 'fhir-kit-client';
import { io, Socket } from 'socket.io-client';
import { Bundle, LiveEvent, NotificationKind, Resource } from '@app/fhir';
import type { BellAnswer, BellNotification } from '@app/fhir/api/api-answers';
import { handoverPatient } from '../../tools/simulator/discharge-handover';
import { syntheticFodselsnummer } from '../support/fixtures';
import { ApiStack, startApiStack } from '../support/api-stack';
import { Ledgers } from '../support/settled';
import { TestApi } from '../support/test-api';
import { callAs, gpRole, handover, postHandover, wardOfTheDemoUnit } from '../support/transfers';

jest.setTimeout(60_000);

type AuditEvent = Resource & { subtype: Array<{ code: string }> };

/** A patient of the demo GP with a name no other test gives, and what would identify them. */
function namedPatient() {
  const fodselsnummer = syntheticFodselsnummer();
  const family = `Bjelle${Math.random().toString(36).slice(2, 8)}`;
  const given = 'Klokkar';
  return {
    patient: handoverPatient(fodselsnummer, { name: [{ family, given: [given] }], generalPractitioner: [{ reference: gpRole('gp') }] }),
    fodselsnummer,
    family,
    given,
    fullName: `${given} ${family}`,
  };
}

function patientOf(task: Resource): { reference: string; id: string } {
  const reference = (task.for as { reference: string }).reference;
  return { reference, id: reference.split('/')[1] };
}

describe('the bell: whose notification it is is resolved when it is read, never pushed', () => {
  let stack: ApiStack;
  let api: TestApi;
  let ehr: Client;
  let ledgers: Ledgers;
  const sockets: Socket[] = [];

  /** Connects as a demo user and collects every push, from the first frame. */
  async function connect(user: string) {
    const socket = io(`${api.origin}/live`, { auth: { token: await api.token(user) }, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    const received: Array<Record<string, unknown>> = [];
    socket.on(LiveEvent.Notification, (n: Record<string, unknown>) => received.push(n));
    await new Promise<void>((resolve, reject) => {
      socket.once(LiveEvent.Ready, () => resolve());
      socket.once('connect_error', reject);
    });
    return received;
  }

  const bellOf = async (user: string): Promise<BellAnswer> => {
    const answer = await callAs<BellAnswer>(api, user, 'GET', '/api/notifications/bell?pageSize=100');
    expect(answer.status).toBe(200);
    return answer.body;
  };

  const auditOf = async (query: string): Promise<AuditEvent[]> => {
    const answer = await callAs<Bundle>(api, 'privacy', 'GET', `/fhir/R4/AuditEvent?${query}&_count=100`);
    expect(answer.status).toBe(200);
    return (answer.body.entry ?? []).map((entry) => entry.resource as AuditEvent);
  };

  beforeAll(async () => {
    stack = await startApiStack();
    ({ api, ehr, ledgers } = stack);
  });
  afterAll(async () => {
    sockets.forEach((socket) => socket.disconnect());
    await stack?.close();
  });

  it('pushes a new task to the GP without the patient, and the bell names the patient to the GP, audited', async () => {
    // A ward of the test's own sends it, so the GP's bell shows it on its own, not in another test's group.
    const ward = await wardOfTheDemoUnit(api);
    const pushed = await connect('gp');
    const named = namedPatient();
    const since = await ledgers.mark();
    const { tasks } = await postHandover(ehr, handover({ patient: named.patient, requester: ward, categories: ['KONTROLL'] }));
    const patient = patientOf(tasks[0]);
    await ledgers.allSettled({ since });

    const push = pushed.find((n) => n.resource === `Task/${tasks[0].id}`);
    expect(push).toMatchObject({ kind: NotificationKind.NewTask, from: ward });
    const payload = JSON.stringify(push);
    for (const identifying of [named.fodselsnummer, named.family, named.given, patient.reference, patient.id]) expect(payload).not.toContain(identifying);

    const searchesBefore = (await auditOf(`patient=${patient.reference}&agent=gp`)).length;
    const bell = await bellOf('gp');
    const shown = bell.notifications.find((n) => n.resource === `Task/${tasks[0].id}`);
    expect(shown).toMatchObject({ kind: NotificationKind.NewTask, patient: { id: patient.id, name: named.fullName }, status: 'requested', read: false });
    // Naming the patient is an access to patient data: the task and its patient are audited as the GP's search.
    const audited = await auditOf(`patient=${patient.reference}&agent=gp`);
    expect(audited.length).toBe(searchesBefore + 2);
    expect(audited.slice(0, 2).map((event) => event.subtype[0].code)).toEqual(['search-type', 'search-type']);
  });

  it("carries the GP's contest explanation to the coordinator in the bell, never in the push", async () => {
    const ward = await wardOfTheDemoUnit(api);
    const named = namedPatient();
    const { tasks } = await postHandover(ehr, handover({ patient: named.patient, requester: ward, categories: ['REKV-UTR'] }));
    const pushed = await connect('coordinator');
    // Other tests' unread contests from the demo GP would group this one away from the list: read them first.
    expect((await callAs(api, 'coordinator', 'POST', '/api/notifications/read-all', { kind: NotificationKind.TaskContested, from: gpRole('gp') })).status).toBe(200);
    const explanation = 'CT thorax er del av sykehusets utredning, jf. epikrisen.';
    const since = await ledgers.mark();
    const contested = await callAs(api, 'gp', 'POST', `/api/tasks/${tasks[0].id}/contest`, { version: 1, reason: 'SYKEHUSETS-ANSVAR', text: explanation });
    expect(contested.status).toBe(200);
    await ledgers.allSettled({ since });

    const push = pushed.find((n) => n.resource === `Task/${tasks[0].id}` && n.kind === NotificationKind.TaskContested);
    expect(push).toMatchObject({ recipient: ward, from: gpRole('gp'), body: 'Årsak: Sykehusets ansvar.' });
    const payload = JSON.stringify(push);
    for (const secret of [explanation, 'thorax', named.fodselsnummer, named.family, patientOf(tasks[0]).reference]) expect(payload).not.toContain(secret);

    const bell = await bellOf('coordinator');
    expect(bell.notifications.find((n) => n.resource === `Task/${tasks[0].id}` && n.kind === NotificationKind.TaskContested)).toMatchObject<Partial<BellNotification>>({
      body: 'Årsak: Sykehusets ansvar.',
      explanation,
      patient: { id: patientOf(tasks[0]).id, name: named.fullName },
    });
  });

  it('groups many unread alike from one sender, and marks one group read', async () => {
    const ward = await wardOfTheDemoUnit(api);
    const since = await ledgers.mark();
    const { tasks } = await postHandover(ehr, handover({ patient: namedPatient().patient, requester: ward, categories: ['PROVESVAR', 'SYKMELD', 'PASREISE'] }));
    await ledgers.allSettled({ since });

    const bell = await bellOf('gp');
    expect(bell.groups.filter((group) => group.from === ward)).toEqual([{ kind: NotificationKind.NewTask, from: ward, count: 3, latestAt: expect.any(String) }]);
    // Counted in the group, not listed one by one as well.
    const ids = tasks.map((task) => `Task/${task.id}`);
    expect(bell.notifications.filter((n) => ids.includes(n.resource ?? ''))).toEqual([]);

    expect((await callAs(api, 'gp', 'POST', '/api/notifications/read-all', { kind: NotificationKind.NewTask })).status).toBe(400);
    const marked = await callAs<{ marked: number }>(api, 'gp', 'POST', '/api/notifications/read-all', { kind: NotificationKind.NewTask, from: ward });
    expect(marked.body).toEqual({ marked: 3 });
    const after = await bellOf('gp');
    expect(after.groups.filter((group) => group.from === ward)).toEqual([]);
  });

  it('answers every signed-in role with their own bell, naming nobody to a role that sees no patient data; 401 without a token', async () => {
    for (const user of ['gp', 'gp2', 'coordinator', 'lowthreshold', 'quality', 'privacy', 'admin']) {
      const bell = await callAs<BellAnswer>(api, user, 'GET', '/api/notifications/bell');
      expect([user, bell.status]).toEqual([user, 200]);
      if (['quality', 'privacy', 'admin'].includes(user)) expect(bell.body.notifications.filter((n) => n.patient || n.explanation)).toEqual([]);
    }
    expect((await fetch(`${api.origin}/api/notifications/bell`)).status).toBe(401);
    expect((await callAs(api, 'gp', 'GET', '/api/notifications/bell?colour=blue')).status).toBe(400);
  });
});
