import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { BroApiClient } from './bro-api.client';
import { LATE_LIST_SHARE, updateDueMs } from './multidose-behaviour';
import { MultidoseGpActor } from './multidose-gp.actor';
import { MultidoseRoster } from './multidose-roster';
import { SimulationStats } from './simulation-stats';
import { SimulatorLog } from './simulator-log';

const GP = { user: 'gp', role: 'PractitionerRole/gp-1', office: 'Organization/office-1' };
const MEAN_DELAY = 60_000;

/** A GP's Bro: `tasks` open update Tasks, each closed by the list for its patient. */
function fakeBro(taskCount: number, routeMissing = false) {
  const open = new Map(Array.from({ length: taskCount }, (_, i) => [`task-${i}`, `patient-${i}`]));
  const lists: Array<{ path: string; body: unknown }> = [];
  const api = {
    get: jest.fn(async () => ({ resourceType: 'Bundle', entry: [...open].map(([id, patient]) => ({ resource: { resourceType: 'Task', id, for: { reference: `Patient/${patient}` } } })) })),
    post: jest.fn(async (path: string, body: unknown) => {
      if (routeMissing && path.startsWith('/api/')) {
        const { RequestFailure } = await import('./request-failure');
        throw new RequestFailure(404, `POST ${path}: Cannot POST ${path}`);
      }
      lists.push({ path, body });
      const patient = /patients\/([^/]+)\/complete-list/.exec(path)?.[1] ?? /Patient\/(.+)$/.exec((body as { subject?: { reference: string } }).subject?.reference ?? '')?.[1];
      for (const [id, p] of open) if (p === patient) open.delete(id);
      return {};
    }),
  };
  return { api: api as unknown as BroApiClient, lists, open };
}

function actorOn(api: BroApiClient, clock: { now: number }, seed = 1) {
  const stats = new SimulationStats(new SeededRandom(9).next);
  const log = { info: jest.fn(), warn: jest.fn(), debug: jest.fn() } as unknown as SimulatorLog;
  const roster = new MultidoseRoster();
  const actor = new MultidoseGpActor(GP, api, { meanDelayMs: MEAN_DELAY }, roster, new SeededRandom(seed), stats, new ActorActions(stats, log), () => clock.now);
  return { actor, stats, roster };
}

describe('the multidose GP actor', () => {
  it('never sends the list at the first look, and sends every one in the end, some after the due date', async () => {
    const bro = fakeBro(400);
    const clock = { now: 0 };
    const { actor, stats, roster } = actorOn(bro.api, clock);
    await actor.tick();
    expect(bro.lists).toHaveLength(0);
    expect(stats.multidoseEvents['update task seen']).toBe(400);
    expect(roster.isUpdateTask({ id: 'task-3', category: { code: 'X' } })).toBe(true);
    // Look every 5 s over three due dates' time.
    const sentAt = new Map<number, number>();
    for (clock.now = 5_000; clock.now <= 3 * updateDueMs(MEAN_DELAY); clock.now += 5_000) {
      const before = bro.lists.length;
      await actor.tick();
      for (let i = before; i < bro.lists.length; i++) sentAt.set(i, clock.now);
    }
    expect(bro.open.size).toBe(0);
    expect(bro.lists.every((list) => list.path.startsWith('/api/multidose/patients/'))).toBe(true);
    const late = [...sentAt.values()].filter((at) => at > updateDueMs(MEAN_DELAY)).length;
    expect(late / 400).toBeCloseTo(LATE_LIST_SHARE, 1);
    expect(stats.multidoseEvents['list sent (M25.1), late']).toBe(late);
    expect(stats.multidoseEvents['list sent (M25.1), on time']).toBe(400 - late);
    expect(Math.min(...sentAt.values())).toBeGreaterThanOrEqual(MEAN_DELAY);
  });

  it('records the list as an M25.1 Communication on /fhir/R4 where the API has no complete-list route', async () => {
    const bro = fakeBro(3, true);
    const clock = { now: 0 };
    const { actor } = actorOn(bro.api, clock, 2);
    await actor.tick();
    for (clock.now = 5_000; bro.open.size > 0 && clock.now < 20 * MEAN_DELAY; clock.now += 5_000) await actor.tick();
    expect(bro.open.size).toBe(0);
    expect(bro.lists.map((list) => list.path)).toEqual(['/fhir/R4/Communication', '/fhir/R4/Communication', '/fhir/R4/Communication']);
    expect(bro.lists[0].body).toEqual(
      expect.objectContaining({ resourceType: 'Communication', category: [{ coding: [{ system: 'urn:bro:eresept-message', code: 'M25.1' }] }], sender: { reference: GP.role } }),
    );
  });
});
