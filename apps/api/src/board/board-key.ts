import { BoardScope } from '@app/fhir/board/board-metrics';
import { BoardViewer } from '../access/board-viewer';

const SEEN_BY = '|seen-by:';

/**
 * A board as it is kept and sent: its scope, as everyone reads it, or its scope as read by one viewer
 * who may see some of what it counts (a GP on their own office's board). Each key has its own room,
 * last-sent snapshot and versions; the counting is still done once per scope. Only the server makes
 * keys: a client names a scope, never a viewer.
 */
export type BoardKey = BoardScope | `${BoardScope}${typeof SEEN_BY}${string}`;

export function boardKey(scope: BoardScope, viewer?: BoardViewer): BoardKey {
  return viewer ? `${scope}${SEEN_BY}${[...viewer.actsFor].sort().join(',')}` : scope;
}

export function boardOfKey(key: BoardKey): { scope: BoardScope; viewer?: BoardViewer } {
  const at = key.indexOf(SEEN_BY);
  if (at < 0) return { scope: key as BoardScope };
  return { scope: key.slice(0, at) as BoardScope, viewer: { actsFor: key.slice(at + SEEN_BY.length).split(',') } };
}

export function boardRoom(key: BoardKey): string {
  return `board:${key}`;
}

/** The rooms of one scope: the board as everyone reads it and as each viewer does. */
export function isRoomOfScope(room: string, scope: BoardScope): boolean {
  return room === boardRoom(scope) || room.startsWith(`${boardRoom(scope)}${SEEN_BY}`);
}
