import { SeededRandom } from '../seed/seeded-random';
import {
  ACCEPT_SHARE,
  BASE_PROPOSAL_CHANCE,
  DECLINE_SHARE,
  GIVE_UP_AFTER_MS,
  InvitationAnswer,
  ageOn,
  decideCancellation,
  decideInvitationAnswer,
  decideProposal,
  decideProposalShape,
  proposalChance,
} from './consultation-behaviour';

const DRAWS = 20_000;

function share(random: SeededRandom, decide: (random: SeededRandom) => boolean): number {
  let yes = 0;
  for (let i = 0; i < DRAWS; i++) if (decide(random)) yes++;
  return yes / DRAWS;
}

describe('joint consultations in the simulation', () => {
  it('proposes for a share of discharges, more for patients 67+ and for many tasks', () => {
    const random = new SeededRandom(3);
    const young = share(random, (r) => decideProposal(r, { age: 40, taskCount: 1 }));
    const elderly = share(random, (r) => decideProposal(r, { age: 80, taskCount: 1 }));
    const manyTasks = share(random, (r) => decideProposal(r, { age: 40, taskCount: 6 }));
    const both = share(random, (r) => decideProposal(r, { age: 80, taskCount: 6 }));
    expect(young).toBeCloseTo(BASE_PROPOSAL_CHANCE, 1);
    expect(elderly).toBeGreaterThan(young + 0.15);
    expect(manyTasks).toBeGreaterThan(young + 0.15);
    expect(both).toBeGreaterThan(Math.max(elderly, manyTasks) + 0.1);
    expect(proposalChance({ age: 80, taskCount: 50 })).toBeLessThan(1);
  });

  it('counts 67 as elderly and never proposes for a discharge without tasks', () => {
    expect(proposalChance({ age: 67, taskCount: 1 })).toBeGreaterThan(proposalChance({ age: 66, taskCount: 1 }));
    expect(proposalChance({ taskCount: 1 })).toBe(BASE_PROPOSAL_CHANCE);
    const random = new SeededRandom(4);
    expect(share(random, (r) => decideProposal(r, { age: 90, taskCount: 0 }))).toBe(0);
  });

  it('reads the age from the birth date, the birthday itself included', () => {
    const now = new Date('2026-03-15T12:00:00Z');
    expect(ageOn('1959-03-15', now)).toBe(67);
    expect(ageOn('1959-03-16', now)).toBe(66);
    expect(ageOn(undefined, now)).toBeUndefined();
    expect(ageOn('1959', now)).toBeUndefined();
  });

  it('offers one to three times, mostly by video', () => {
    const random = new SeededRandom(5);
    const shapes = Array.from({ length: DRAWS }, () => decideProposalShape(random));
    expect(new Set(shapes.map((shape) => shape.options))).toEqual(new Set([1, 2, 3]));
    expect(shapes.filter((shape) => shape.video).length / DRAWS).toBeCloseTo(0.85, 1);
    expect(shapes.filter((shape) => !shape.patientAttends).length / DRAWS).toBeCloseTo(0.25, 1);
  });

  it('has GPs mostly accept (the earliest time most often), some decline with a reason, some propose another time', () => {
    const random = new SeededRandom(6);
    const answers: InvitationAnswer[] = Array.from({ length: DRAWS }, () => decideInvitationAnswer(random, 3));
    const of = (kind: InvitationAnswer['answer']) => answers.filter((answer) => answer.answer === kind);
    expect(of('accept').length / DRAWS).toBeCloseTo(ACCEPT_SHARE, 1);
    expect(of('decline').length / DRAWS).toBeCloseTo(DECLINE_SHARE, 1);
    expect(of('propose').length / DRAWS).toBeCloseTo(1 - ACCEPT_SHARE - DECLINE_SHARE, 1);
    const picks = of('accept').map((answer) => (answer as { optionIndex: number }).optionIndex);
    expect(picks.every((index) => index >= 0 && index < 3)).toBe(true);
    const first = picks.filter((index) => index === 0).length;
    const last = picks.filter((index) => index === 2).length;
    expect(first).toBeGreaterThan(last * 2);
    expect(of('decline').every((answer) => (answer as { reason: string }).reason.length > 0)).toBe(true);
  });

  it('declines when there is no time to accept', () => {
    const random = new SeededRandom(7);
    for (let i = 0; i < 100; i++) expect(decideInvitationAnswer(random, 0).answer).not.toBe('accept');
  });

  it('calls a proposal off nearly always after a decline, sometimes after a counter-proposal or a long wait, never while it is young', () => {
    const random = new SeededRandom(8);
    const cancelled = (state: Parameters<typeof decideCancellation>[1]) => share(random, (r) => decideCancellation(r, state) !== undefined);
    expect(cancelled({ declined: true, counterProposed: false, waitedMs: 0 })).toBeGreaterThan(0.85);
    expect(cancelled({ declined: false, counterProposed: true, waitedMs: 0 })).toBeCloseTo(0.3, 1);
    expect(cancelled({ declined: false, counterProposed: false, waitedMs: GIVE_UP_AFTER_MS })).toBeCloseTo(0.5, 1);
    expect(cancelled({ declined: false, counterProposed: false, waitedMs: GIVE_UP_AFTER_MS - 1 })).toBe(0);
    expect(decideCancellation(new SeededRandom(1), { declined: true, counterProposed: false, waitedMs: 0 })).toBe('AVSLATT');
  });
});
