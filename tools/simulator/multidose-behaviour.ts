/**
 * Multidose in the simulation, as pure decisions over a random source (the spec checks the proportions):
 * which discharged patients of 75 and over are on multidose, that their hand-over changes the medication,
 * how long the responsible GP takes to send the updated complete list (M25.1) — within the 2 working days
 * mostly, late now and then — and which list a pharmacy's dispensing report (M25.3) says it packed from.
 *
 * Simulated time: one working day is two of a GP's mean step delays (`--gp-delay`, 60 s by default: a
 * working day of two minutes), so the 2-working-day due date is four mean delays after the discharge.
 */
import { BundleEntry, TASK_CATEGORIES, TASK_CATEGORY_SYSTEM, TaskCategoryCode } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { describeTask } from './task-descriptions';

/**
 * Of discharged patients 75 and over (on a demo GP's list), this share is on multidose. Fewer in Norway (about
 * 100,000 of some 480,000 aged 75+); more here, so the board's multidose panel moves at the demo's gentle rate.
 */
export const MULTIDOSE_SHARE_75_PLUS = 0.5;
export const MULTIDOSE_MIN_AGE = 75;
/** The hand-over categories that change the medication (Bro's discharge rule reacts to these). */
export const MEDICATION_CHANGE_CATEGORIES: readonly TaskCategoryCode[] = ['RESEPT-NY', 'MED-JUST'];
/** Share of updated lists the GP sends after the due date. */
export const LATE_LIST_SHARE = 0.25;
/** A simulated working day, in mean GP step delays. */
export const WORKING_DAY_IN_DELAYS = 2;
export const UPDATE_DUE_WORKING_DAYS = 2;
/** Share of e-multidose (the rest paper) among the episodes the simulation registers. */
export const E_MULTIDOSE_SHARE = 0.8;

/** Whole years between a birth date (YYYY-MM-DD) and `now`. */
export function ageOn(birthDate: string | undefined, now: Date): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate ?? '');
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const birthdayPassed = now.getUTCMonth() + 1 > month || (now.getUTCMonth() + 1 === month && now.getUTCDate() >= day);
  return now.getUTCFullYear() - year - (birthdayPassed ? 0 : 1);
}

/** Whether a discharged patient with this birth date is on multidose. */
export function isOnMultidose(random: SeededRandom, birthDate: string | undefined, now: Date): boolean {
  const age = ageOn(birthDate, now);
  return age !== undefined && age >= MULTIDOSE_MIN_AGE && random.chance(MULTIDOSE_SHARE_75_PLUS);
}

function categoryOfEntry(entry: BundleEntry): string | undefined {
  const coding = (entry.resource?.businessStatus as { coding?: Array<{ system?: string; code?: string }> } | undefined)?.coding ?? [];
  return coding.find((c) => c.system === TASK_CATEGORY_SYSTEM)?.code;
}

/**
 * The hand-over's entries with a medication change among its Tasks: as they were when one is there, else
 * the first Task turned into a new prescription or an adjustment (a multidose patient's stay nearly always
 * changes something), with a text to match.
 */
export function withMedicationChange(random: SeededRandom, entries: BundleEntry[]): BundleEntry[] {
  const tasks = entries.filter((entry) => entry.resource?.resourceType === 'Task');
  if (tasks.length === 0 || tasks.some((entry) => MEDICATION_CHANGE_CATEGORIES.includes(categoryOfEntry(entry) as TaskCategoryCode))) return entries;
  const category = random.pick(MEDICATION_CHANGE_CATEGORIES);
  const first = tasks[0];
  return entries.map((entry) =>
    entry === first
      ? {
          ...entry,
          resource: {
            ...entry.resource!,
            businessStatus: { coding: [{ system: TASK_CATEGORY_SYSTEM, code: category, display: TASK_CATEGORIES[category].display }] },
            description: describeTask(random, category),
          },
        }
      : entry,
  );
}

/** The 2-working-day due date of an update Task, in simulated milliseconds after the discharge. */
export function updateDueMs(meanDelayMs: number): number {
  return UPDATE_DUE_WORKING_DAYS * WORKING_DAY_IN_DELAYS * meanDelayMs;
}

export interface ListTiming {
  /** How long after the GP first sees the update Task they send the list. */
  delayMs: number;
  /** After the (simulated) due date. */
  late: boolean;
}

/**
 * When the GP sends the updated list: on time (a quarter to nine tenths of the time to the due date, never
 * at the first look), or late (up to one and a half times the due time more).
 */
export function decideListTiming(random: SeededRandom, meanDelayMs: number): ListTiming {
  const due = updateDueMs(meanDelayMs);
  if (random.chance(LATE_LIST_SHARE)) return { delayMs: due * (1.05 + 1.5 * random.next()), late: true };
  return { delayMs: due * (0.25 + 0.65 * random.next()), late: false };
}

/** Mean time between dispensing reports from the simulated pharmacies (all multidose patients together). */
export const MEAN_DISPENSING_REPORT_INTERVAL_MS = 30_000;

/**
 * Which list a dispensing report says was packed: the pharmacy packs the newest list it has received, so
 * after a change it still packs the one from before until the updated list arrives — and now and then
 * (one in ten) a report is slow to catch up with a list sent since.
 */
export function packedFromList(random: SeededRandom, lists: { current: string; previous?: string }): string {
  return lists.previous && random.chance(0.1) ? lists.previous : lists.current;
}
