/**
 * Kiosk mode (`/board?kiosk=1`): the board on a wall screen that nobody sits at. The board alone, in type
 * readable from across the room, without the tools and the monitoring figures that are for the people who
 * run Bro; it stays signed in by renewing its session.
 */
export function isKioskBoard(query: URLSearchParams): boolean {
  return query.get('kiosk') === '1';
}
