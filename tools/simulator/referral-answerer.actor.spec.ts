import { REFERRAL_ANSWER_SYSTEM, REJECTION_REASON_SYSTEM, ReferralAnswer, RejectionReason, Resource } from '@app/fhir';
import { answeredTask } from './referral-answerer.actor';
import { patientsOf } from './referral-sender.actor';

describe('the hospital answering a referral by FHIR', () => {
  const task: Resource = { resourceType: 'Task', id: 't1', status: 'requested', owner: { reference: 'Organization/psyk' }, meta: { versionId: '1' } };

  it('sets the status the 9148 code means and the code in businessStatus', () => {
    const answered = answeredTask(task, { answer: ReferralAnswer.RightToCare });
    expect(answered.status).toBe('accepted');
    expect(answered.businessStatus).toMatchObject({ coding: [{ system: REFERRAL_ANSWER_SYSTEM, code: '2' }] });
    expect(answered.statusReason).toBeUndefined();
    expect(answered.owner).toEqual(task.owner);
  });

  it('rejects with the coded reason and its text', () => {
    const answered = answeredTask(task, { answer: ReferralAnswer.Rejected, reason: RejectionReason.Other, reasonText: 'Annen grunn.' });
    expect(answered.status).toBe('rejected');
    expect(answered.statusReason).toMatchObject({ coding: [{ system: REJECTION_REASON_SYSTEM, code: 'ANNET' }], text: 'Annen grunn.' });
  });
});

describe('a GP choosing whom to refer', () => {
  it('refers only patients on their own list', () => {
    const patients: Resource[] = [
      { resourceType: 'Patient', id: 'a', generalPractitioner: [{ reference: 'PractitionerRole/gp1' }] },
      { resourceType: 'Patient', id: 'b', generalPractitioner: [{ reference: 'PractitionerRole/gp2' }] },
      { resourceType: 'Patient', id: 'c' },
    ];
    expect(patientsOf({ user: 'gp', role: 'PractitionerRole/gp1' }, patients).map((p) => p.id)).toEqual(['a']);
  });
});
