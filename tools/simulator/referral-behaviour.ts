/**
 * Referrals in the simulation: what GPs refer and where, how hospital units answer (Volven 9148; adult
 * mental health in Vestland rejects about one in four, other units fewer), and how the low-threshold
 * service works its queue (earliest deadline first; contact attempts until the patient is reached or
 * three have failed; then an outcome). Pure decisions over a random source, so the spec can check the
 * proportions.
 */
import { ContactAttemptResult, ReferralAnswer, RejectionReason, TRIAGE_OUTCOMES, TriageOutcome } from '@app/fhir';
import type { SendReferralRequest, TriageCaseSummary } from '@app/fhir/api/referral-answers';
import { SeededRandom } from '../seed/seeded-random';

/** A unit's answers, as weights over the Volven 9148 codes (they need not add up to 100). */
export type AnswerWeights = Readonly<Record<ReferralAnswer, number>>;

/** Adult mental health: about a quarter rejected. */
export const MENTAL_HEALTH_ANSWERS: AnswerWeights = {
  [ReferralAnswer.CalledIn]: 30,
  [ReferralAnswer.RightToCare]: 30,
  [ReferralAnswer.Forwarded]: 5,
  [ReferralAnswer.Rejected]: 25,
  [ReferralAnswer.AdviceToReferrer]: 10,
};

/** Somatic units: about one in ten rejected. */
export const OTHER_UNIT_ANSWERS: AnswerWeights = {
  [ReferralAnswer.CalledIn]: 45,
  [ReferralAnswer.RightToCare]: 30,
  [ReferralAnswer.Forwarded]: 7,
  [ReferralAnswer.Rejected]: 10,
  [ReferralAnswer.AdviceToReferrer]: 8,
};

/** Why a rejection, in the hospital's words: belongs to primary care most often. */
export const REJECTION_REASON_WEIGHTS: ReadonlyArray<readonly [RejectionReason, number]> = [
  [RejectionReason.PrimaryCare, 45],
  [RejectionReason.NotPrioritised, 30],
  [RejectionReason.InsufficientInformation, 15],
  [RejectionReason.Other, 10],
];

const OTHER_REASON_TEXTS: readonly string[] = ['Pasienten er allerede i behandling hos privatpraktiserende psykolog.', 'Henvisningen gjelder forhold avdelingen ikke vurderer.'];

/** Whether a unit is mental health (psykisk helsevern), by its name as the directory gives it. */
export function isMentalHealthUnit(name: string): boolean {
  return /psykiatri|psykisk|DPS|rus/i.test(name);
}

export function answerWeightsFor(unitName: string): AnswerWeights {
  return isMentalHealthUnit(unitName) ? MENTAL_HEALTH_ANSWERS : OTHER_UNIT_ANSWERS;
}

export type ReferralDecision = { answer: ReferralAnswer; reason?: RejectionReason; reasonText?: string };

const ANSWER_CODES: readonly ReferralAnswer[] = [ReferralAnswer.CalledIn, ReferralAnswer.RightToCare, ReferralAnswer.Forwarded, ReferralAnswer.Rejected, ReferralAnswer.AdviceToReferrer];

/** The hospital unit's answer to a referral: a 9148 code from the unit's mix; a rejection with its coded reason (and text for ANNET). */
export function decideReferralAnswer(random: SeededRandom, unitName: string): ReferralDecision {
  const weights = answerWeightsFor(unitName);
  const answer = ANSWER_CODES[random.weightedIndex(ANSWER_CODES.map((code) => weights[code]))];
  if (answer !== ReferralAnswer.Rejected) return { answer };
  const reason = REJECTION_REASON_WEIGHTS[random.weightedIndex(REJECTION_REASON_WEIGHTS.map(([, weight]) => weight))][0];
  return { answer, reason, ...(reason === RejectionReason.Other ? { reasonText: random.pick(OTHER_REASON_TEXTS) } : {}) };
}

const MENTAL_HEALTH_REASONS: readonly string[] = [
  'Vedvarende angst og søvnvansker over et halvt år, lite effekt av samtaler hos fastlege.',
  'Moderat til alvorlig depresjon, ønsker vurdering av behandling i spesialisthelsetjenesten.',
  'Mistanke om ADHD hos voksen, ønsker utredning.',
  'Økende alkoholbruk og nedstemthet, pasienten ønsker hjelp.',
];
const SOMATIC_REASONS: readonly string[] = [
  'Uavklarte brystsmerter ved anstrengelse, ønsker vurdering.',
  'Vekttap og nedsatt allmenntilstand, ønsker utredning.',
  'Tungpust ved lett anstrengelse, avvikende spirometri.',
  'Kroniske ryggsmerter med utstråling til bein.',
];

/** Share of referrals sent to mental health (the low-threshold workflow is about them). */
export const MENTAL_HEALTH_REFERRAL_SHARE = 0.5;
export const URGENT_REFERRAL_SHARE = 0.1;
/** Patients who do not want the low-threshold service to contact them should the referral be rejected. */
export const OBJECTS_TO_CONTACT_SHARE = 0.05;

/** Where a GP refers a patient, and what for: half to mental health, the rest over the other units. */
export function decideReferral(random: SeededRandom, patientId: string, units: ReadonlyArray<{ reference: string; name: string }>): SendReferralRequest | undefined {
  const mentalHealth = units.filter((unit) => isMentalHealthUnit(unit.name));
  const others = units.filter((unit) => !isMentalHealthUnit(unit.name));
  const toMentalHealth = mentalHealth.length > 0 && (others.length === 0 || random.chance(MENTAL_HEALTH_REFERRAL_SHARE));
  const pool = toMentalHealth ? mentalHealth : others;
  if (pool.length === 0) return undefined;
  return {
    patientId,
    hospitalUnit: random.pick(pool).reference,
    reasonText: random.pick(toMentalHealth ? MENTAL_HEALTH_REASONS : SOMATIC_REASONS),
    priority: random.chance(URGENT_REFERRAL_SHARE) ? 'urgent' : 'routine',
    ...(random.chance(OBJECTS_TO_CONTACT_SHARE) ? { patientObjectsToContact: true } : {}),
  };
}

/** The case a low-threshold worker takes next: the first unclaimed one in the queue's order (earliest deadline, urgent first). */
export function pickCaseToClaim(queue: readonly TriageCaseSummary[]): TriageCaseSummary | undefined {
  return queue.find((item) => item.status === 'requested' && !item.claimedBy);
}

export const CONTACT_RESULT_WEIGHTS: ReadonlyArray<readonly [ContactAttemptResult, number]> = [
  [ContactAttemptResult.Reached, 55],
  [ContactAttemptResult.NotReached, 30],
  [ContactAttemptResult.MessageLeft, 15],
];
/** After this many attempts without reaching the patient, the case is closed as not reached. */
export const MAX_CONTACT_ATTEMPTS = 3;

export function decideContactAttempt(random: SeededRandom): ContactAttemptResult {
  return CONTACT_RESULT_WEIGHTS[random.weightedIndex(CONTACT_RESULT_WEIGHTS.map(([, weight]) => weight))][0];
}

/** What became of a reached patient: mostly a municipal service or help with a second assessment. */
export const REACHED_OUTCOME_WEIGHTS: ReadonlyArray<readonly [Exclude<TriageOutcome, TriageOutcome.NotReached>, number]> = [
  [TriageOutcome.MunicipalService, 40],
  [TriageOutcome.SecondAssessment, 15],
  [TriageOutcome.ComplaintGuidance, 10],
  [TriageOutcome.ReferredElsewhere, 15],
  [TriageOutcome.NoNeed, 20],
];

const SERVICE_TEXTS: Readonly<Partial<Record<TriageOutcome, readonly string[]>>> = {
  [TriageOutcome.MunicipalService]: ['Rask psykisk helsehjelp, Bergen kommune', 'Psykisk helse- og rustjenesten i bydelen', 'Mestringskurs (KiD)'],
  [TriageOutcome.ReferredElsewhere]: ['Privatpraktiserende psykolog med driftsavtale', 'Frisklivssentralen', 'Familievernkontoret'],
};

export type TriageStep =
  | { step: 'contact-attempt'; result: ContactAttemptResult }
  | { step: 'outcome'; outcome: TriageOutcome; text?: string };

/**
 * The next step on a claimed case, from its contact log (results, oldest first): an attempt until the
 * patient is reached or {@link MAX_CONTACT_ATTEMPTS} have failed; then the outcome (not reached, or what
 * was agreed, naming the service where the outcome needs it).
 */
export function decideTriageStep(random: SeededRandom, attempts: readonly string[]): TriageStep {
  if (attempts.includes(ContactAttemptResult.Reached)) {
    const outcome = REACHED_OUTCOME_WEIGHTS[random.weightedIndex(REACHED_OUTCOME_WEIGHTS.map(([, weight]) => weight))][0];
    const texts = SERVICE_TEXTS[outcome];
    return { step: 'outcome', outcome, ...(TRIAGE_OUTCOMES[outcome].needsText && texts ? { text: random.pick(texts) } : {}) };
  }
  if (attempts.length >= MAX_CONTACT_ATTEMPTS) return { step: 'outcome', outcome: TriageOutcome.NotReached };
  return { step: 'contact-attempt', result: decideContactAttempt(random) };
}
