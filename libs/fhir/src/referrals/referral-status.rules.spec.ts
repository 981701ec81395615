import { REFERRAL_ANSWERS, ReferralAnswer } from './referral-answer';
import { REFERRAL_TRANSITIONS, referralTransition, referralTransitionsFrom } from './referral-status.rules';

describe('referral moves', () => {
  it('lets the hospital unit answer an unanswered referral, the answer deciding the status', () => {
    for (const from of ['requested', 'received'] as const) {
      expect(referralTransition(from, 'rejected')).toMatchObject({ by: ['owner'], answers: [ReferralAnswer.Rejected] });
      expect(referralTransition(from, 'accepted')?.answers).toEqual([ReferralAnswer.CalledIn, ReferralAnswer.RightToCare]);
      expect(referralTransition(from, 'completed')?.answers).toEqual([ReferralAnswer.Forwarded, ReferralAnswer.AdviceToReferrer]);
    }
  });

  it('pairs every Volven 9148 answer with exactly one answering move', () => {
    for (const answer of Object.values(ReferralAnswer)) {
      const moves = REFERRAL_TRANSITIONS.filter((move) => move.from === 'requested' && move.answers?.includes(answer));
      expect(moves.map((move) => move.to)).toEqual([REFERRAL_ANSWERS[answer].taskStatus]);
    }
  });

  it('lets the GP withdraw an open referral, and nobody reopen a closed one', () => {
    expect(referralTransition('requested', 'cancelled')?.by).toEqual(['requester']);
    expect(referralTransition('accepted', 'cancelled')?.by).toEqual(['requester']);
    expect(referralTransition('rejected', 'cancelled')).toBeUndefined();
    expect(referralTransition('rejected', 'requested')).toBeUndefined();
    expect(referralTransitionsFrom('rejected').map((move) => move.to)).toEqual(['entered-in-error']);
  });

  it('has no move a GP makes on the hospital’s behalf', () => {
    const gpMoves = REFERRAL_TRANSITIONS.filter((move) => move.by.includes('requester')).map((move) => move.to);
    expect(gpMoves.sort()).toEqual(['cancelled', 'entered-in-error']);
  });
});
