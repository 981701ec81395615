import { BoardSnapshot, applyBoardDelta } from '@app/fhir/board/board-metrics';
import { deltaBetween } from './board-state.store';
import { UnversionedSnapshot } from './board-snapshot.service';

const now = { open: 12, overdue: 0, unassigned: '<5', awaitingHospital: 0 };
const base = {
  scope: 'municipality',
  scopeLabel: 'Bergen kommune',
  generatedAt: '2026-11-23T10:00:00.000Z',
  panels: { discharge: { now, today: { transferred: 7 } } },
  queues: { depth: 0, oldestWaitingSeconds: 0, deliveryP99Ms: null, failed: 0 },
} as unknown as UnversionedSnapshot;

/** The same snapshot with the discharge panel's `now` changed. */
const withNow = (changed: object, at = '2026-11-23T10:00:01.000Z') =>
  ({ ...base, generatedAt: at, panels: { discharge: { ...base.panels.discharge!, now: { ...now, ...changed } } } }) as UnversionedSnapshot;

describe('board deltas', () => {
  it('carries only the parts that changed, with the next version and the new time', () => {
    const previous = { ...base, version: 4 } as BoardSnapshot;
    expect(deltaBetween(previous, withNow({ open: 13 }), 5)).toEqual({
      scope: 'municipality',
      version: 5,
      changes: { panels: { discharge: { now: { open: 13, overdue: 0, unassigned: '<5', awaitingHospital: 0 } } }, generatedAt: '2026-11-23T10:00:01.000Z' },
    });
  });

  it('sends nothing when only the time moved', () => {
    expect(deltaBetween({ ...base, version: 4 } as BoardSnapshot, { ...base, generatedAt: '2026-11-23T10:00:09.000Z' }, 5)).toBeUndefined();
  });

  it('sends everything to a board that had nothing', () => {
    const delta = deltaBetween(undefined, base, 1)!;
    expect(Object.keys(delta.changes).sort()).toEqual(['generatedAt', 'panels', 'queues', 'scopeLabel']);
    expect(Object.keys(delta.changes.panels!.discharge!).sort()).toEqual(['now', 'today']);
  });

  it('says when a panel is gone, and a board applying the deltas ends up with the new snapshot', () => {
    const previous = { ...base, version: 4 } as BoardSnapshot;
    const gone = { ...base, panels: {} } as UnversionedSnapshot;
    expect(deltaBetween(previous, gone, 5)!.changes.panels).toEqual({ discharge: null });
    for (const next of [gone, withNow({ open: 13, overdue: 2 })]) {
      expect(applyBoardDelta(previous, deltaBetween(previous, next, 5)!)).toEqual({ ...next, version: 5 });
    }
  });
});
