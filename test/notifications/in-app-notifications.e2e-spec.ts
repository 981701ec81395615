import Client from 'fhir-kit-client';
import { io, Socket } from 'socket.io-client';
import { LiveEvent, NotificationKind } from '@app/fhir';
import { ApiStack, startApiStack } from '../support/api-stack';
import { Ledgers } from '../support/settled';
import { TestApi } from '../support/test-api';
import { callAs, gpRole, handover, newPatient, postHandover } from '../support/transfers';

interface LiveNotification {
  id: string;
  kind: string;
  title: string;
  resource?: string;
  recipient: string;
}

/** Collects what a socket receives, and waits for what a test expects. */
function listen(socket: Socket) {
  const received: LiveNotification[] = [];
  const waiters: Array<{ test: (n: LiveNotification) => boolean; resolve: (n: LiveNotification) => void }> = [];
  socket.on(LiveEvent.Notification, (n: LiveNotification) => {
    received.push(n);
    for (const waiter of waiters.splice(0)) {
      if (waiter.test(n)) waiter.resolve(n);
      else waiters.push(waiter);
    }
  });
  return {
    received,
    next(test: (n: LiveNotification) => boolean, timeoutMs = 10_000): Promise<LiveNotification> {
      const already = received.find(test);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no such notification arrived within ${timeoutMs} ms (${received.length} others did)`)), timeoutMs);
        waiters.push({
          test,
          resolve: (n) => {
            clearTimeout(timer);
            resolve(n);
          },
        });
      });
    },
  };
}

jest.setTimeout(30_000);

describe('in-app notifications', () => {
  let stack: ApiStack;
  let api: TestApi;
  let ehr: Client;
  let ledgers: Ledgers;
  const sockets: Socket[] = [];

  /** Who was notified of what about a resource, as the notification ledger records it. */
  async function notifiedOf(resource: string): Promise<Array<{ recipient: string; kind: string }>> {
    const { rows } = await ledgers.pool.query<{ recipient: string; kind: string }>(`SELECT recipient, kind FROM notification WHERE resource = $1 ORDER BY id`, [resource]);
    return rows;
  }

  /** Connects as a demo user and listens from the first frame (a replay comes before "ready"). */
  async function connect(user: string, lastSeenId?: string): Promise<ReturnType<typeof listen>> {
    const socket = io(`${api.origin}/live`, { auth: { token: await api.token(user), ...(lastSeenId ? { lastSeenId } : {}) }, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    const live = listen(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once(LiveEvent.Ready, () => resolve());
      socket.once('unauthorized', (e: { message: string }) => reject(new Error(e.message)));
      socket.once('connect_error', reject);
    });
    return live;
  }

  beforeAll(async () => {
    stack = await startApiStack();
    ({ api, ehr, ledgers } = stack);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await stack.close();
  });

  it('a new task reaches the GP over the live socket within seconds, and is in the bell', async () => {
    const socket = await connect('gp');
    const patient = newPatient(gpRole('gp'));
    const fodselsnummer = (patient.identifier as Array<{ value: string }>)[0].value;
    const since = await ledgers.mark();
    const { tasks } = await postHandover(ehr, handover({ patient, categories: ['KONTROLL'] }));
    const arrived = await socket.next((n) => n.resource === `Task/${tasks[0].id}`);
    expect(arrived).toMatchObject({ kind: NotificationKind.NewTask, recipient: gpRole('gp'), title: 'Ny oppgave – Kontroll' });
    expect(JSON.stringify(arrived)).not.toContain(fodselsnummer); // no patient identifier in a notification
    // Nothing else is still on its way to the GP's bell, so its unread count only moves when the test reads.
    await ledgers.allSettled({ since });
    expect(await notifiedOf(`Task/${tasks[0].id}`)).toEqual([{ recipient: gpRole('gp'), kind: NotificationKind.NewTask }]);

    const bell = await callAs<{ unread: number; notifications: LiveNotification[] }>(api, 'gp', 'GET', '/api/notifications');
    expect(bell.body.notifications.find((n) => n.id === arrived.id)).toMatchObject({ read: false });
    expect((await callAs(api, 'gp', 'POST', `/api/notifications/${arrived.id}/read`)).status).toBe(200);
    expect((await callAs(api, 'gp2', 'POST', `/api/notifications/${arrived.id}/read`)).status).toBe(404);
    const after = await callAs<{ unread: number }>(api, 'gp', 'GET', '/api/notifications');
    expect(after.body.unread).toBe(bell.body.unread - 1);
  });

  it('a contested task reaches the hospital unit, not another GP', async () => {
    const coordinator = await connect('coordinator');
    const otherGp = await connect('gp2');
    const since = await ledgers.mark();
    const { tasks } = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')) }));
    await callAs(api, 'gp', 'POST', `/api/tasks/${tasks[0].id}/contest`, { version: 1, reason: 'MANGLER-INFO' });
    const contested = await coordinator.next((n) => n.resource === `Task/${tasks[0].id}` && n.kind === NotificationKind.TaskContested);
    expect(contested.title).toMatch(/bestridt/);
    await ledgers.allSettled({ since });
    expect(await notifiedOf(`Task/${tasks[0].id}`)).toEqual([
      { recipient: gpRole('gp'), kind: NotificationKind.NewTask },
      { recipient: contested.recipient, kind: NotificationKind.TaskContested },
    ]);
    // A push to the other GP made after all of those reaches their socket after anything of them would have.
    const fence = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp2')) }));
    await otherGp.next((n) => n.resource === `Task/${fence.tasks[0].id}`);
    expect(otherGp.received.filter((n) => n.resource === `Task/${tasks[0].id}`)).toEqual([]);
  });

  it('a client that reconnects gets what it missed since its last seen id', async () => {
    const first = await connect('gp');
    const one = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')) }));
    const seen = await first.next((n) => n.resource === `Task/${one.tasks[0].id}`);
    sockets.forEach((s) => s.disconnect());
    const since = await ledgers.mark();
    const missed = await postHandover(ehr, handover({ patient: newPatient(gpRole('gp')), categories: ['SYKMELD', 'PASREISE'] }));
    // Stored (and pushed to nobody) before reconnecting: the replay must bring them.
    const ids = missed.tasks.map((t) => `Task/${t.id}`);
    await ledgers.allSettled({ since });
    const bell = await callAs<{ notifications: LiveNotification[] }>(api, 'gp', 'GET', '/api/notifications?pageSize=100');
    expect(ids.filter((id) => bell.body.notifications.some((n) => n.resource === id))).toEqual(ids);
    const again = await connect('gp', seen.id);
    for (const id of ids) await again.next((n) => n.resource === id, 2_000);
    expect(again.received.some((n) => n.id === seen.id)).toBe(false);
  });

  it('refuses a socket without a valid token', async () => {
    const socket = io(`${api.origin}/live`, { auth: { token: 'not-a-token' }, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    const refusal = await new Promise<{ message: string }>((resolve) => socket.once('unauthorized', resolve));
    expect(refusal.message).toBeTruthy();
  });
});
