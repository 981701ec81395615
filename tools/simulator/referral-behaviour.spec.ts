import { ContactAttemptResult, ReferralAnswer, RejectionReason, TriageOutcome } from '@app/fhir';
import type { TriageCaseSummary } from '@app/fhir/api/referral-answers';
import { SeededRandom } from '../seed/seeded-random';
import {
  MAX_CONTACT_ATTEMPTS,
  MENTAL_HEALTH_REFERRAL_SHARE,
  OBJECTS_TO_CONTACT_SHARE,
  decideReferral,
  decideReferralAnswer,
  decideTriageStep,
  isMentalHealthUnit,
  pickCaseToClaim,
} from './referral-behaviour';

const DRAWS = 20_000;
const UNITS = [
  { reference: 'Organization/psyk', name: 'Psykiatrisk divisjon, Haukeland' },
  { reference: 'Organization/med', name: 'Medisinsk avdeling, Haukeland' },
  { reference: 'Organization/kir', name: 'Kirurgisk avdeling, Haukeland' },
];

function answers(unitName: string, seed: number) {
  const random = new SeededRandom(seed);
  return Array.from({ length: DRAWS }, () => decideReferralAnswer(random, unitName));
}

const shareOf = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length / items.length;

describe('referrals in the simulation', () => {
  it('tells mental-health units by their names', () => {
    expect(isMentalHealthUnit('Psykiatrisk divisjon, Haukeland')).toBe(true);
    expect(isMentalHealthUnit('Bjørgvin DPS')).toBe(true);
    expect(isMentalHealthUnit('Medisinsk avdeling, Haukeland')).toBe(false);
  });

  it('rejects about a quarter in mental health and about one in ten elsewhere, every 9148 code in use', () => {
    const mentalHealth = answers('Psykiatrisk divisjon, Haukeland', 1);
    const somatic = answers('Kirurgisk avdeling, Haukeland', 2);
    expect(shareOf(mentalHealth, (a) => a.answer === ReferralAnswer.Rejected)).toBeCloseTo(0.25, 1);
    expect(shareOf(somatic, (a) => a.answer === ReferralAnswer.Rejected)).toBeCloseTo(0.1, 1);
    expect(new Set(mentalHealth.map((a) => a.answer))).toEqual(new Set(Object.values(ReferralAnswer)));
    expect(shareOf(mentalHealth, (a) => a.answer === ReferralAnswer.CalledIn || a.answer === ReferralAnswer.RightToCare)).toBeGreaterThan(0.5);
  });

  it('gives every rejection a coded reason, primary care the most common, and text with ANNET only', () => {
    const rejections = answers('Psykiatrisk divisjon, Haukeland', 3).filter((a) => a.answer === ReferralAnswer.Rejected);
    expect(rejections.every((a) => a.reason !== undefined)).toBe(true);
    expect(shareOf(rejections, (a) => a.reason === RejectionReason.PrimaryCare)).toBeCloseTo(0.45, 1);
    expect(rejections.filter((a) => a.reason === RejectionReason.Other).every((a) => a.reasonText)).toBe(true);
    expect(rejections.filter((a) => a.reason !== RejectionReason.Other).some((a) => a.reasonText)).toBe(false);
    const accepted = answers('Medisinsk avdeling, Haukeland', 4).filter((a) => a.answer !== ReferralAnswer.Rejected);
    expect(accepted.some((a) => a.reason !== undefined)).toBe(false);
  });

  it('refers half to mental health, a few urgent, a few patients objecting to contact', () => {
    const random = new SeededRandom(5);
    const sent = Array.from({ length: DRAWS }, () => decideReferral(random, 'p1', UNITS)!);
    expect(shareOf(sent, (r) => r.hospitalUnit === 'Organization/psyk')).toBeCloseTo(MENTAL_HEALTH_REFERRAL_SHARE, 1);
    expect(shareOf(sent, (r) => r.patientObjectsToContact === true)).toBeCloseTo(OBJECTS_TO_CONTACT_SHARE, 1);
    expect(shareOf(sent, (r) => r.priority === 'urgent')).toBeGreaterThan(0.05);
    expect(sent.every((r) => r.patientId === 'p1' && r.reasonText.length > 0)).toBe(true);
    expect(new Set(sent.map((r) => r.hospitalUnit))).toEqual(new Set(UNITS.map((u) => u.reference)));
  });

  it('refers where it can when a directory has only one kind of unit, and nowhere without units', () => {
    const random = new SeededRandom(6);
    expect(decideReferral(random, 'p1', [UNITS[1]])?.hospitalUnit).toBe('Organization/med');
    expect(decideReferral(random, 'p1', [UNITS[0]])?.hospitalUnit).toBe('Organization/psyk');
    expect(decideReferral(random, 'p1', [])).toBeUndefined();
  });

  it('claims the first unclaimed case in the queue order (earliest deadline first)', () => {
    const item = (id: string, status: string, claimedBy?: string) => ({ id, status, claimedBy, deadline: '2026-01-05' }) as unknown as TriageCaseSummary;
    expect(pickCaseToClaim([item('a', 'in-progress', 'Liv'), item('b', 'requested'), item('c', 'requested')])?.id).toBe('b');
    expect(pickCaseToClaim([item('a', 'in-progress', 'Liv')])).toBeUndefined();
    expect(pickCaseToClaim([])).toBeUndefined();
  });

  it('tries to reach the patient first, closes as not reached after three failed attempts, and names the service where the outcome needs it', () => {
    const random = new SeededRandom(7);
    expect(decideTriageStep(random, []).step).toBe('contact-attempt');
    expect(decideTriageStep(random, [ContactAttemptResult.NotReached, ContactAttemptResult.MessageLeft]).step).toBe('contact-attempt');
    const failed = Array.from({ length: MAX_CONTACT_ATTEMPTS }, () => ContactAttemptResult.NotReached);
    expect(decideTriageStep(random, failed)).toEqual({ step: 'outcome', outcome: TriageOutcome.NotReached });
    const outcomes = Array.from({ length: DRAWS }, () => decideTriageStep(random, [ContactAttemptResult.NotReached, ContactAttemptResult.Reached]));
    expect(outcomes.every((o) => o.step === 'outcome' && o.outcome !== TriageOutcome.NotReached)).toBe(true);
    const named = outcomes.filter((o) => o.step === 'outcome' && (o.outcome === TriageOutcome.MunicipalService || o.outcome === TriageOutcome.ReferredElsewhere));
    expect(named.length).toBeGreaterThan(0);
    expect(named.every((o) => o.step === 'outcome' && o.text)).toBe(true);
    const attempts = Array.from({ length: DRAWS }, () => decideTriageStep(random, []));
    expect(shareOf(attempts, (a) => a.step === 'contact-attempt' && a.result === ContactAttemptResult.Reached)).toBeCloseTo(0.55, 1);
  });
});
