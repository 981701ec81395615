import { BoardSnapshot } from '@app/fhir/board/board-metrics';
import { deltaBetween } from './board-state.store';
import { UnversionedSnapshot } from './board-snapshot.service';

const base = {
  scope: 'municipality',
  scopeLabel: 'Bergen kommune',
  generatedAt: '2026-11-23T10:00:00.000Z',
  now: { open: 12, overdue: 0, unassigned: '<5', awaitingHospital: 0 },
  today: { transferred: 7 },
  queues: { depth: 0, oldestWaitingSeconds: 0, deliveryP99Ms: null, failed: 0 },
} as unknown as UnversionedSnapshot;

describe('board deltas', () => {
  it('carries only the parts that changed, with the next version and the new time', () => {
    const previous = { ...base, version: 4 } as BoardSnapshot;
    const next = { ...base, generatedAt: '2026-11-23T10:00:01.000Z', now: { ...base.now, open: 13 } } as UnversionedSnapshot;
    expect(deltaBetween(previous, next, 5)).toEqual({
      scope: 'municipality',
      version: 5,
      changes: { now: { open: 13, overdue: 0, unassigned: '<5', awaitingHospital: 0 }, generatedAt: '2026-11-23T10:00:01.000Z' },
    });
  });

  it('sends nothing when only the time moved', () => {
    expect(deltaBetween({ ...base, version: 4 } as BoardSnapshot, { ...base, generatedAt: '2026-11-23T10:00:09.000Z' }, 5)).toBeUndefined();
  });

  it('sends everything to a board that had nothing', () => {
    expect(Object.keys(deltaBetween(undefined, base, 1)!.changes).sort()).toEqual(['generatedAt', 'now', 'queues', 'scopeLabel', 'today']);
  });
});
