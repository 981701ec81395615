import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { LiveEvent, NotificationKind } from '@app/fhir';
import { loadAppConfig } from '../../apps/api/src/config/app-config';
import { socketEmitter } from '../../apps/api/src/live/socket-io-redis.adapter';
import { LivePush } from '../../apps/api/src/notifications/live-push';
import { LIVE_NAMESPACE } from '../../apps/api/src/notifications/live.gateway';
import { NotificationStore } from '../../apps/api/src/notifications/notification.store';
import { startTestWorker } from '../support/test-worker';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

/**
 * A worker that stops (a deploy, a scale-down) while it still pushes notifications: nothing it was pushing is lost,
 * and nothing fails the process. Jest fails the test that is running when a promise rejects unhandled, as a stopping
 * worker's emitter once did, and as its queues did when closed while still connecting (this worker stops within a
 * second of starting: 3 runs in 5 failed so before the queues waited for their connections to settle).
 */
describe('a worker stopping while it pushes notifications', () => {
  let pool: Pool;

  beforeAll(() => {
    pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  });
  afterAll(async () => {
    await pool?.end();
  });

  it("an event emitted after the emitter's connection closed is logged, not an unhandled rejection", async () => {
    const { emitter, redis } = socketEmitter(loadAppConfig({ ...process.env, LOG_LEVEL: 'error' }));
    await redis.quit();
    emitter.of(LIVE_NAMESPACE).to('nobody').emit(LiveEvent.Notification, { id: 'after-close' });
    // The publish fails at once; give its rejection the turns it would take to surface.
    await new Promise((done) => setTimeout(done, 200));
  });

  it('refuses pushes once it stops; what it refused stays owed and the next worker sends it', async () => {
    const stopping = await startTestWorker();
    // A recipient of its own: no one else's bell shows this notification.
    const recipient = `PractitionerRole/stopping-${randomUUID()}`;
    const notification = (await stopping.app.get(NotificationStore).insertReminder(`stopping-${randomUUID()}`, 'Task/stopping', {
      recipient,
      kind: NotificationKind.TaskOverdue,
      title: 'Frist passert',
    }))!;
    const live = stopping.app.get(LivePush);
    await stopping.close();

    await expect(live.push([notification])).rejects.toThrow(/stopping/);
    const owed = () => pool.query<{ pushed: boolean }>('SELECT pushed_at IS NOT NULL AS pushed FROM notification WHERE id = $1::bigint', [notification.id]);
    expect((await owed()).rows[0].pushed).toBe(false);

    const next = await startTestWorker({ RECONCILE_AFTER_MS: '300' });
    try {
      await waitFor(async () => (await owed()).rows[0].pushed, 'the next worker to push the refused notification', 20_000);
    } finally {
      await next.close();
    }
  });
});
