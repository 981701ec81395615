import { ReferralAnswer } from '@app/fhir';
import { referralPlan } from './referral-bulk-loader';

const YEAR = 365 * 86_400_000;

describe('the referrals benchmark world', () => {
  const plans = Array.from({ length: 50_000 }, (_, i) => referralPlan(i + 1, YEAR / 2));
  const answered = plans.filter((plan) => plan.answer && plan.answer !== 'cancelled');
  const rejectedShare = (unit?: number) => {
    const of = answered.filter((plan) => unit === undefined || plan.unit === unit);
    return of.filter((plan) => plan.answer === ReferralAnswer.Rejected).length / of.length;
  };

  it('rejects about a fifth of the answered referrals, about a quarter in psychiatry (unit 1)', () => {
    expect(rejectedShare()).toBeCloseTo(0.2, 1);
    expect(rejectedShare(1)).toBeGreaterThan(0.25);
    expect(rejectedShare(0)).toBeLessThan(rejectedShare(1));
  });

  it('gives every rejection a reason and leaves recent referrals mostly unanswered', () => {
    expect(plans.filter((plan) => plan.answer === ReferralAnswer.Rejected).every((plan) => plan.reason)).toBe(true);
    const recent = Array.from({ length: 5_000 }, (_, i) => referralPlan(i + 1, 60_000));
    expect(recent.filter((plan) => plan.answer === null).length / recent.length).toBeGreaterThan(0.9);
  });

  it('is the same world every time it is loaded (the plan depends on the referral number alone)', () => {
    expect(referralPlan(4242, YEAR / 3)).toEqual(referralPlan(4242, YEAR / 3));
  });
});
