import { TASK_CATEGORY_CODES } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { CATEGORY_WEIGHTS, drawCategories } from './category-mix';
import { CONTEST_CHANCE, FirstResponse, chanceWithin, decideFirstResponse, decideNextStep } from './gp-behaviour';

describe('GP behaviour', () => {
  it('contests about one task in ten over the category mix', () => {
    const weighted = TASK_CATEGORY_CODES.reduce((sum, code) => sum + CATEGORY_WEIGHTS[code] * CONTEST_CHANCE[code], 0);
    const total = TASK_CATEGORY_CODES.reduce((sum, code) => sum + CATEGORY_WEIGHTS[code], 0);
    expect(weighted / total).toBeGreaterThan(0.08);
    expect(weighted / total).toBeLessThan(0.12);

    const random = new SeededRandom(7);
    const answers: FirstResponse[] = Array.from({ length: 50_000 }, () => decideFirstResponse(random, drawCategories(random, 1)[0]));
    const share = (kind: FirstResponse['kind']) => answers.filter((a) => a.kind === kind).length / answers.length;
    expect(share('contest')).toBeGreaterThan(0.08);
    expect(share('contest')).toBeLessThan(0.12);
    expect(share('forward')).toBeGreaterThan(0.01);
    expect(share('forward')).toBeLessThan(0.03);
    expect(share('accept')).toBeGreaterThan(0.85);
  });

  it('contests what GPs call the hospital’s job more than prescriptions', () => {
    expect(CONTEST_CHANCE['REKV-UTR']).toBeGreaterThan(CONTEST_CHANCE['RESEPT-NY'] * 5);
    expect(CONTEST_CHANCE['INFO-MANGEL']).toBeGreaterThan(CONTEST_CHANCE.PROVESVAR);
  });

  it('gives a text with every ANNET contest, and never picks FEIL-MOTTAKER (that is forwarding)', () => {
    const random = new SeededRandom(8);
    const contests = Array.from({ length: 20_000 }, () => decideFirstResponse(random, 'PASREISE')).filter(
      (a): a is Extract<FirstResponse, { kind: 'contest' }> => a.kind === 'contest',
    );
    const reasons = new Set(contests.map((c) => c.reason));
    expect([...reasons].sort()).toEqual(['ANNET', 'IKKE-INDISERT', 'MANGLER-INFO', 'SYKEHUSETS-ANSVAR']);
    for (const contest of contests.filter((c) => c.reason === 'ANNET')) expect(contest.text?.trim()).toBeTruthy();
    expect(contests.filter((c) => c.reason === 'SYKEHUSETS-ANSVAR').length).toBeGreaterThan(contests.filter((c) => c.reason === 'ANNET').length);
  });

  it('moves accepted tasks on towards completion, sometimes through on-hold', () => {
    const random = new SeededRandom(9);
    expect(decideNextStep(random, 'accepted')).toEqual({ action: 'start' });
    expect(decideNextStep(random, 'on-hold')).toEqual({ action: 'resume' });
    const steps = Array.from({ length: 10_000 }, () => decideNextStep(random, 'in-progress')!.action);
    const holds = steps.filter((s) => s === 'hold').length / steps.length;
    expect(holds).toBeGreaterThan(0.03);
    expect(holds).toBeLessThan(0.1);
    expect(steps.filter((s) => s === 'complete').length).toBeGreaterThan(steps.length * 0.9);
    for (const terminal of ['completed', 'rejected', 'cancelled', 'requested']) expect(decideNextStep(random, terminal)).toBeUndefined();
  });

  it('turns a mean delay into the chance of acting within one look at the inbox', () => {
    expect(chanceWithin(5_000, 60_000)).toBeCloseTo(1 - Math.exp(-1 / 12), 10);
    expect(chanceWithin(60_000, 60_000)).toBeCloseTo(0.632, 3);
    expect(chanceWithin(5_000, 0)).toBe(1);
  });
});
