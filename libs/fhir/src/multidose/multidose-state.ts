/**
 * Where a patient's multidose (pills machine-packed by a pharmacy, usually every 14 days) stands: Bro's own
 * states, carried on the episode (`EpisodeOfCare`) in {@link MULTIDOSE_STATE_EXTENSION}, with the nearest
 * R4 `EpisodeOfCare.status` beside it so plain FHIR clients read it sensibly. Keep the codes stable.
 */
export const MULTIDOSE_STATE_SYSTEM = 'urn:bro:multidose-state';
export const MULTIDOSE_STATE_EXTENSION = 'urn:bro:extension:multidose-state';

export enum MultidoseState {
  Candidate = 'candidate',
  StartPending = 'start-pending',
  Active = 'active',
  ChangePending = 'change-pending',
  SuspendedAdmitted = 'suspended-admitted',
  Ended = 'ended',
}

export const MULTIDOSE_STATES: Record<MultidoseState, { display: string; displayEn: string; definition: string; episodeStatus: string }> = {
  [MultidoseState.Candidate]: { display: 'Aktuell for multidose', displayEn: 'Candidate', definition: 'Multidose is being considered', episodeStatus: 'planned' },
  [MultidoseState.StartPending]: {
    display: 'Oppstart venter',
    displayEn: 'Start pending',
    definition: 'Decided; the responsible doctor and pharmacy are being registered and the first list sent',
    episodeStatus: 'waitlist',
  },
  [MultidoseState.Active]: { display: 'Aktiv', displayEn: 'Active', definition: 'The pharmacy packs from the current list', episodeStatus: 'active' },
  [MultidoseState.ChangePending]: {
    display: 'Endring venter',
    displayEn: 'Change pending',
    definition: 'The medication changed (at discharge, or the pharmacy asked); the responsible doctor has not yet sent the updated list',
    episodeStatus: 'active',
  },
  [MultidoseState.SuspendedAdmitted]: {
    display: 'Innlagt – pakking stanset',
    displayEn: 'Suspended, admitted',
    definition: 'The patient is in hospital: the pharmacy should pause packing',
    episodeStatus: 'onhold',
  },
  [MultidoseState.Ended]: { display: 'Avsluttet', displayEn: 'Ended', definition: 'The patient no longer has multidose', episodeStatus: 'finished' },
};

export function isMultidoseState(value: unknown): value is MultidoseState {
  return typeof value === 'string' && Object.values(MultidoseState).includes(value as MultidoseState);
}

/** How the multidose is prescribed: through e-prescription (e-multidose) or on paper. */
export const MULTIDOSE_MODE_EXTENSION = 'urn:bro:extension:multidose-mode';
export enum MultidoseMode {
  Electronic = 'e-multidose',
  Paper = 'paper',
}

export function isMultidoseMode(value: unknown): value is MultidoseMode {
  return value === MultidoseMode.Electronic || value === MultidoseMode.Paper;
}

/** `EpisodeOfCare.type` of a multidose episode (Bro's episode types). */
export const EPISODE_TYPE_SYSTEM = 'urn:bro:episode-type';
export const MULTIDOSE_EPISODE_TYPE = 'multidose';

/** On the episode: the dispensing pharmacy (valueReference with its HER id, `urn:oid:2.16.578.1.12.4.1.2`). */
export const DISPENSING_PHARMACY_EXTENSION = 'urn:bro:extension:dispensing-pharmacy';
