import { BoardDelta, BoardSnapshot, applyBoardDelta } from '@app/fhir/board/board-metrics';

/** What to do with a delta given the snapshot on screen. */
export type DeltaVerdict = { apply: BoardSnapshot } | 'ignore' | 'resubscribe';

/**
 * A delta applies only on top of the version before it (its changes are top-level parts replaced
 * whole, and panels part by part). An older or repeated one is dropped; a gap means frames were
 * missed, so the board asks for a fresh snapshot rather than show a mix.
 */
export function judgeDelta(snapshot: BoardSnapshot | undefined, delta: BoardDelta): DeltaVerdict {
  if (!snapshot || delta.scope !== snapshot.scope || delta.version <= snapshot.version) return 'ignore';
  if (delta.version > snapshot.version + 1) return 'resubscribe';
  return { apply: applyBoardDelta(snapshot, delta) };
}
