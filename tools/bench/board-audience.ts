import { BoardScope } from '@app/fhir/board/board-metrics';

/** One board the benchmark opens: what it watches and which API instance (0 or 1) it is connected to. */
export interface PlannedBoard {
  scope: BoardScope;
  instance: number;
  /** Watches the probe office, whose every change the benchmark makes and times. */
  probe: boolean;
}

export interface AudienceScopes {
  hospitals: string[];
  offices: string[];
  /** `Organization/<id>` of the office only the benchmark's probe hand-overs go to. */
  probeOffice: string;
}

/** Share of boards on the municipality and on the hospitals; the rest watch GP offices. */
const MUNICIPALITY_SHARE = 0.2;
const HOSPITAL_SHARE = 0.2;

/**
 * Who watches what: `probePerInstance` boards on the probe office on each instance, a fifth of the rest
 * on the municipality (wall displays), a fifth on the hospitals, the rest spread evenly over the GP
 * offices; each kind alternates between the two instances, so both carry every kind of board.
 */
export function planAudience(clients: number, probePerInstance: number, scopes: AudienceScopes): PlannedBoard[] {
  const probes = Math.min(clients, 2 * probePerInstance);
  const rest = clients - probes;
  const municipality = Math.round(rest * MUNICIPALITY_SHARE);
  const hospitals = scopes.hospitals.length ? Math.round(rest * HOSPITAL_SHARE) : 0;
  const offices = rest - municipality - hospitals;
  if (offices > 0 && scopes.offices.length === 0) throw new Error('no GP offices to watch');
  const boards: PlannedBoard[] = [];
  // Round-robin over the scopes of a kind; the instance alternates from one pass to the next, so the
  // boards of one scope sit on both instances even when the number of scopes is even.
  const add = (count: number, of: BoardScope[], probe = false) => {
    for (let i = 0; i < count; i++) boards.push({ scope: of[i % of.length], instance: ((i % of.length) + Math.floor(i / of.length)) % 2, probe });
  };
  add(probes, [`office:${scopes.probeOffice}` as BoardScope], true);
  add(municipality, ['municipality']);
  add(hospitals, scopes.hospitals.map((h) => `hospital:${h}` as BoardScope));
  add(offices, scopes.offices.map((o) => `office:${o}` as BoardScope));
  return boards;
}
