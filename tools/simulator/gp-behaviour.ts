/**
 * How a GP answers a transferred task, and how fast. Mostly accept, start, complete; contest about
 * one task in ten, more often for the categories GPs call the hospital's job (lab orders, onward
 * referrals, transport, a missing discharge summary); now and then the task went to the wrong GP.
 * Pure decisions over a random source, so the spec can check the proportions.
 */
import { ContestReasonCode, TaskCategoryCode } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';

/** Chance that a GP contests a task of this category instead of accepting it. */
export const CONTEST_CHANCE: Readonly<Record<TaskCategoryCode, number>> = {
  PROVESVAR: 0.06,
  KONTROLL: 0.06,
  'RESEPT-NY': 0.03,
  'MED-JUST': 0.03,
  SYKMELD: 0.08,
  'HENV-VIDERE': 0.3,
  'REKV-UTR': 0.35,
  'PLL-MULTIDOSE': 0.05,
  'LM-UTLEV': 0.2,
  ANNET: 0.1,
  PASREISE: 0.4,
  'INFO-MANGEL': 0.35,
};

/** Chance that the task was for another GP (the patient changed GP): forwarded, not contested. */
export const WRONG_GP_CHANCE = 0.02;

/** Chance that a started task is put on hold (waiting for the patient, a result) before it is done. */
export const HOLD_CHANCE = 0.06;

/** Why GPs contest (the reasons a GP may pick; FEIL-MOTTAKER is what forwarding records). */
export const CONTEST_REASON_WEIGHTS: ReadonlyArray<readonly [Exclude<ContestReasonCode, 'FEIL-MOTTAKER'>, number]> = [
  ['SYKEHUSETS-ANSVAR', 50],
  ['MANGLER-INFO', 25],
  ['IKKE-INDISERT', 15],
  ['ANNET', 10],
];

const CONTEST_TEXTS: Readonly<Record<Exclude<ContestReasonCode, 'FEIL-MOTTAKER'>, readonly string[]>> = {
  'SYKEHUSETS-ANSVAR': [
    'Utredningen er bestilt av sykehuset og hører til sykehusets vurdering, jf. samarbeidsavtalen.',
    'Svaret på prøven sykehuset tok skal følges opp av den som rekvirerte den.',
  ],
  'MANGLER-INFO': ['Epikrisen er ikke mottatt; kan ikke følge opp uten den.', 'Mangler hvilke prøver som skal tas og hvorfor.'],
  'IKKE-INDISERT': ['Pasienten er allerede fulgt opp for dette hos fastlege.', 'Kontrollen er ikke medisinsk indisert etter min vurdering.'],
  ANNET: ['Pasienten har flyttet fra kommunen.', 'Pasienten har takket nei til oppfølgingen.', 'Oppgaven er allerede utført av legevakten.'],
};

const COMPLETION_NOTES: readonly string[] = ['Fulgt opp, ingen videre tiltak.', 'Utført. Ny kontroll avtalt om 3 måneder.', 'Prøvesvar normale.', 'Resept sendt.'];
const HOLD_NOTES: readonly string[] = ['Venter på svar fra pasienten.', 'Venter på prøvesvar.', 'Pasienten har utsatt timen.'];

export const FORWARD_TEXT = 'Feil fastlege: pasienten har byttet fastlege.';

export type FirstResponse =
  | { kind: 'accept' }
  | { kind: 'contest'; reason: Exclude<ContestReasonCode, 'FEIL-MOTTAKER'>; text?: string }
  | { kind: 'forward'; text: string };

/** The GP's answer to a new task: accept, contest with a reason, or forward to the right GP. */
export function decideFirstResponse(random: SeededRandom, category: TaskCategoryCode | undefined): FirstResponse {
  if (random.chance(WRONG_GP_CHANCE)) return { kind: 'forward', text: FORWARD_TEXT };
  if (!random.chance(category ? CONTEST_CHANCE[category] : 0.1)) return { kind: 'accept' };
  const reason = CONTEST_REASON_WEIGHTS[random.weightedIndex(CONTEST_REASON_WEIGHTS.map(([, weight]) => weight))][0];
  // ANNET must say what the other reason is; for the coded reasons a GP writes a line half the time.
  const text = reason === 'ANNET' || random.chance(0.5) ? random.pick(CONTEST_TEXTS[reason]) : undefined;
  return { kind: 'contest', reason, ...(text ? { text } : {}) };
}

export type NextStep = { action: 'start' } | { action: 'complete'; note?: string } | { action: 'hold'; note: string } | { action: 'resume' };

/** What the GP does next with a task already accepted; undefined for statuses the GP does not move. */
export function decideNextStep(random: SeededRandom, status: string): NextStep | undefined {
  switch (status) {
    case 'accepted':
      return { action: 'start' };
    case 'in-progress':
      if (random.chance(HOLD_CHANCE)) return { action: 'hold', note: random.pick(HOLD_NOTES) };
      return random.chance(0.4) ? { action: 'complete', note: random.pick(COMPLETION_NOTES) } : { action: 'complete' };
    case 'on-hold':
      return { action: 'resume' };
    default:
      return undefined;
  }
}

/** How much longer than a first response each step takes on average (completing takes longest). */
export const STEP_DELAY_FACTOR: Readonly<Record<string, number>> = {
  requested: 1,
  received: 1,
  accepted: 0.5,
  'in-progress': 2,
  'on-hold': 3,
};

/**
 * The chance that a step with exponentially distributed delay (mean `meanDelayMs`) happens within the
 * next `intervalMs`: memoryless, so a GP polling the inbox can decide afresh on every look.
 */
export function chanceWithin(intervalMs: number, meanDelayMs: number): number {
  if (meanDelayMs <= 0) return 1;
  return 1 - Math.exp(-intervalMs / meanDelayMs);
}
