import { TaskStatus } from '../transfers/task-status.rules';

/**
 * The hospital's answer to a referral, coded from Volven 9148 (svar på henvisning), carried in the
 * referral Task's `businessStatus`. Each answer moves the Task to one status, so the status and the
 * answer can never disagree: the table below is the only place that pairing is written.
 */
export const REFERRAL_ANSWER_SYSTEM = 'urn:oid:2.16.578.1.12.4.1.1.9148';

export enum ReferralAnswer {
  CalledIn = '1',
  RightToCare = '2',
  Forwarded = '3',
  Rejected = '4',
  AdviceToReferrer = '11',
}

export const REFERRAL_ANSWERS: Record<ReferralAnswer, { display: string; displayEn: string; taskStatus: TaskStatus }> = {
  [ReferralAnswer.CalledIn]: { display: 'Innkalt til helsehjelp', displayEn: 'Called in for care', taskStatus: 'accepted' },
  [ReferralAnswer.RightToCare]: { display: 'Rett til helsehjelp, med frist', displayEn: 'Right to care, with a time limit', taskStatus: 'accepted' },
  [ReferralAnswer.Forwarded]: { display: 'Videresendt', displayEn: 'Forwarded', taskStatus: 'completed' },
  [ReferralAnswer.Rejected]: { display: 'Avslått', displayEn: 'Rejected', taskStatus: 'rejected' },
  [ReferralAnswer.AdviceToReferrer]: { display: 'Råd til henviser', displayEn: 'Advice to the referrer', taskStatus: 'completed' },
};

export function isReferralAnswer(value: unknown): value is ReferralAnswer {
  return typeof value === 'string' && Object.values(ReferralAnswer).includes(value as ReferralAnswer);
}

/** The answer coding for `Task.businessStatus`. */
export function referralAnswerConcept(answer: ReferralAnswer): { coding: Array<{ system: string; code: string; display: string }>; text: string } {
  return { coding: [{ system: REFERRAL_ANSWER_SYSTEM, code: answer, display: REFERRAL_ANSWERS[answer].display }], text: REFERRAL_ANSWERS[answer].display };
}
