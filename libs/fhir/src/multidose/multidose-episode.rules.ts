import { MultidoseState } from './multidose-state';

/**
 * Who may move a multidose episode where. Parties:
 * - `doctor`: the multidose-responsible doctor (`careManager`) or the patient's GP office;
 * - `hospital`: the hospital unit during the patient's stay;
 * - `bro`: Bro itself, when what happened decides the move (an admission suspends, a discharge with
 *   medication changes makes a change pending, the doctor's new list (M25.1) makes it active again,
 *   a deregistration (M27.1) ends it).
 * The write rule, the message handlers, the web app and the simulator read this table only.
 */
export type EpisodeParty = 'doctor' | 'hospital' | 'bro';

export interface EpisodeTransition {
  from: MultidoseState | 'any-open';
  to: MultidoseState;
  by: readonly EpisodeParty[];
  /** What makes the move when Bro makes it. */
  when?: string;
}

/** The states an episode may be created in. */
export const INITIAL_MULTIDOSE_STATES: readonly MultidoseState[] = [MultidoseState.Candidate, MultidoseState.StartPending, MultidoseState.Active];

export const EPISODE_TRANSITIONS: readonly EpisodeTransition[] = [
  { from: MultidoseState.Candidate, to: MultidoseState.StartPending, by: ['doctor'] },
  { from: MultidoseState.StartPending, to: MultidoseState.Active, by: ['doctor', 'bro'], when: 'the first complete list (M25.1)' },
  { from: MultidoseState.Active, to: MultidoseState.ChangePending, by: ['doctor', 'bro'], when: 'a discharge with medication changes, or the pharmacy asks for a change (M25.2)' },
  { from: MultidoseState.ChangePending, to: MultidoseState.Active, by: ['doctor', 'bro'], when: 'the updated complete list (M25.1)' },
  { from: MultidoseState.Active, to: MultidoseState.SuspendedAdmitted, by: ['hospital', 'bro'], when: 'an admission (an Encounter starting)' },
  { from: MultidoseState.ChangePending, to: MultidoseState.SuspendedAdmitted, by: ['hospital', 'bro'], when: 'an admission (an Encounter starting)' },
  { from: MultidoseState.SuspendedAdmitted, to: MultidoseState.Active, by: ['hospital', 'doctor', 'bro'], when: 'a discharge without medication changes' },
  { from: MultidoseState.SuspendedAdmitted, to: MultidoseState.ChangePending, by: ['hospital', 'bro'], when: 'a discharge with medication changes' },
  { from: 'any-open', to: MultidoseState.Ended, by: ['doctor', 'bro'], when: 'the responsible doctor or pharmacy deregistered (M27.1)' },
];

export const OPEN_MULTIDOSE_STATES: readonly MultidoseState[] = [
  MultidoseState.Candidate,
  MultidoseState.StartPending,
  MultidoseState.Active,
  MultidoseState.ChangePending,
  MultidoseState.SuspendedAdmitted,
];

/** States in which the pharmacy packs (or will pack on discharge): an admission or a discharge change concerns them. */
export const PACKING_MULTIDOSE_STATES: readonly MultidoseState[] = [MultidoseState.Active, MultidoseState.ChangePending];

function applies(rule: EpisodeTransition, from: MultidoseState): boolean {
  return rule.from === 'any-open' ? OPEN_MULTIDOSE_STATES.includes(from) : rule.from === from;
}

export function episodeTransition(from: MultidoseState, to: MultidoseState): EpisodeTransition | undefined {
  if (from === to) return undefined;
  return EPISODE_TRANSITIONS.find((rule) => rule.to === to && applies(rule, from));
}

export function episodeTransitionsFrom(from: MultidoseState): EpisodeTransition[] {
  return EPISODE_TRANSITIONS.filter((rule) => rule.to !== from && applies(rule, from));
}
