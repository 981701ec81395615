/**
 * What a Haukeland discharge hands over to the GP, in realistic proportions: mostly follow-up of
 * test results, check-ups and prescriptions; onward referrals and lab orders (which the GPs say are
 * the hospital's job) now and then; patient transport and a missing discharge summary rarely.
 * The shares are the simulator's assumption, not measured data; they only need to look plausible on
 * the board and in the quality team's trends.
 */
import { TASK_CATEGORY_CODES, TaskCategoryCode } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';

/** Relative weight of each category among transferred tasks (they add up to 100 for readability). */
export const CATEGORY_WEIGHTS: Readonly<Record<TaskCategoryCode, number>> = {
  PROVESVAR: 22,
  KONTROLL: 18,
  'RESEPT-NY': 15,
  'MED-JUST': 10,
  SYKMELD: 8,
  'HENV-VIDERE': 7,
  'REKV-UTR': 6,
  'PLL-MULTIDOSE': 5,
  'LM-UTLEV': 3,
  ANNET: 2,
  PASREISE: 2,
  'INFO-MANGEL': 2,
};

/** How many tasks one hand-over carries: index 0 is one task, index 3 is four. */
export const TASKS_PER_HANDOVER_WEIGHTS: readonly number[] = [40, 32, 18, 10];

/** Share of tasks the hospital marks urgent (a critical result, a prescription needed today). */
export const URGENT_SHARE = 0.04;

const CODES: readonly TaskCategoryCode[] = TASK_CATEGORY_CODES;

export function drawTaskCount(random: SeededRandom): number {
  return 1 + random.weightedIndex(TASKS_PER_HANDOVER_WEIGHTS);
}

/**
 * `count` different categories, drawn by weight without replacement: one hand-over does not hand
 * over two result follow-ups, it describes both in one task.
 */
export function drawCategories(random: SeededRandom, count: number): TaskCategoryCode[] {
  if (!Number.isInteger(count) || count < 1 || count > CODES.length) throw new RangeError(`a hand-over carries 1 to ${CODES.length} tasks, not ${count}`);
  const left = [...CODES];
  const drawn: TaskCategoryCode[] = [];
  while (drawn.length < count) {
    const index = random.weightedIndex(left.map((code) => CATEGORY_WEIGHTS[code]));
    drawn.push(left.splice(index, 1)[0]);
  }
  return drawn;
}

export function drawPriority(random: SeededRandom): 'routine' | 'urgent' {
  return random.chance(URGENT_SHARE) ? 'urgent' : 'routine';
}
