/**
 * When a coordinator proposes a joint consultation, how GPs answer, and when a proposal is given up.
 * Bergen's GP strategy wants consultations for the discharges that need one most: old patients (67+, the
 * revolving-door group) and discharges that hand over many tasks. Pure decisions over a random source, so
 * the spec can check the proportions.
 */
import { SeededRandom } from '../seed/seeded-random';

export const ELDERLY_AGE = 67;
/** Share of discharges with a consultation proposed: a younger patient with one or two tasks. */
export const BASE_PROPOSAL_CHANCE = 0.1;
/** Added for a patient 67 or older. */
export const ELDERLY_BONUS = 0.25;
/** Added for each task beyond two, up to MANY_TASKS_BONUS_CAP. */
export const PER_EXTRA_TASK_BONUS = 0.07;
export const MANY_TASKS_BONUS_CAP = 0.25;

export interface Discharge {
  /** The patient's age at discharge, when known. */
  age?: number;
  taskCount: number;
}

export function proposalChance(discharge: Discharge): number {
  const elderly = discharge.age !== undefined && discharge.age >= ELDERLY_AGE ? ELDERLY_BONUS : 0;
  const manyTasks = Math.min(MANY_TASKS_BONUS_CAP, Math.max(0, discharge.taskCount - 2) * PER_EXTRA_TASK_BONUS);
  return BASE_PROPOSAL_CHANCE + elderly + manyTasks;
}

export function decideProposal(random: SeededRandom, discharge: Discharge): boolean {
  return discharge.taskCount > 0 && random.chance(proposalChance(discharge));
}

/** Whole years from a birth date (YYYY-MM-DD) to `now`; undefined when the date is missing or unreadable. */
export function ageOn(birthDate: string | undefined, now: Date): number | undefined {
  const match = birthDate?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number);
  const hadBirthday = now.getUTCMonth() + 1 > month || (now.getUTCMonth() + 1 === month && now.getUTCDate() >= day);
  return now.getUTCFullYear() - year - (hadBirthday ? 0 : 1);
}

export interface ProposalShape {
  /** How many of the suggested times to offer (1–3). */
  options: number;
  minutesDuration: 30 | 45;
  video: boolean;
  patientAttends: boolean;
}

/** Mostly two or three times by video for 30 minutes; the patient attends unless too ill (a quarter). */
export function decideProposalShape(random: SeededRandom): ProposalShape {
  return {
    options: 1 + random.weightedIndex([20, 45, 35]),
    minutesDuration: random.chance(0.8) ? 30 : 45,
    video: random.chance(0.85),
    patientAttends: !random.chance(0.25),
  };
}

export const ACCEPT_SHARE = 0.8;
export const DECLINE_SHARE = 0.08;

const DECLINE_REASONS: readonly string[] = [
  'Pasienten er godt kjent for meg; oppfølgingen kan avtales skriftlig.',
  'Har ikke kapasitet de nærmeste ukene; ber om skriftlig epikrise i stedet.',
  'Pasienten har byttet fastlege.',
];

export type InvitationAnswer =
  | { answer: 'accept'; optionIndex: number }
  | { answer: 'decline'; reason: string }
  | { answer: 'propose'; daysLater: number; comment: string };

/** The GP's answer: mostly yes to one of the times (the earliest more often), some no, some another time. */
export function decideInvitationAnswer(random: SeededRandom, optionCount: number): InvitationAnswer {
  const roll = random.next();
  if (roll < ACCEPT_SHARE && optionCount > 0) {
    const weights = Array.from({ length: optionCount }, (_, i) => optionCount - i);
    return { answer: 'accept', optionIndex: random.weightedIndex(weights) };
  }
  if (roll < ACCEPT_SHARE + DECLINE_SHARE || optionCount === 0) return { answer: 'decline', reason: random.pick(DECLINE_REASONS) };
  return { answer: 'propose', daysLater: random.int(1, 3), comment: 'Passer bedre for meg.' };
}

/** How long a coordinator waits for answers before giving up on a proposal that is stuck. */
export const GIVE_UP_AFTER_MS = 10 * 60_000;
export const CANCEL_CHANCE_WHEN_DECLINED = 0.9;

export type CancelReason = 'AVSLATT' | 'INGEN-FELLES-TID' | 'IKKE-BEHOV';

/**
 * Whether the coordinator calls a proposal off, and why: nearly always when a GP declined, sometimes when it
 * has waited long or a counter-proposal came in (they agree in writing instead); otherwise it waits.
 */
export function decideCancellation(random: SeededRandom, state: { declined: boolean; counterProposed: boolean; waitedMs: number }): CancelReason | undefined {
  if (state.declined) return random.chance(CANCEL_CHANCE_WHEN_DECLINED) ? 'AVSLATT' : undefined;
  if (state.counterProposed) return random.chance(0.3) ? 'INGEN-FELLES-TID' : undefined;
  if (state.waitedMs >= GIVE_UP_AFTER_MS) return random.chance(0.5) ? 'IKKE-BEHOV' : undefined;
  return undefined;
}
