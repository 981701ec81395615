import { AWAITING_INFORMATION_REASON, informationMessageOf, isAwaitingInformation, questionAnsweredBy, taskConditionsOf, taskOfInformationMessage } from './information-request';
import { nextStatusesFor, partiesAllowedToTransition, transitionsFrom } from './task-status.rules';

const heldForAnswer = { resourceType: 'Task', status: 'on-hold', statusReason: AWAITING_INFORMATION_REASON };
const plainHold = { resourceType: 'Task', status: 'on-hold' };

describe("the hospital's answer in the Task status table", () => {
  it('lets the requester resume a task only while it waits for their answer', () => {
    expect(partiesAllowedToTransition('on-hold', 'in-progress')).toEqual(['owner']);
    expect(partiesAllowedToTransition('on-hold', 'in-progress', taskConditionsOf(heldForAnswer))).toEqual(['owner', 'requester']);
    expect(nextStatusesFor('on-hold', ['requester'], taskConditionsOf(plainHold))).toEqual(['cancelled', 'entered-in-error']);
    expect(nextStatusesFor('on-hold', ['requester'], taskConditionsOf(heldForAnswer))).toEqual(['in-progress', 'cancelled', 'entered-in-error']);
    // One line per target, whoever may make it.
    expect(transitionsFrom('on-hold', ['awaiting-requester-information']).filter((t) => t.to === 'in-progress')).toEqual([{ to: 'in-progress', by: ['owner', 'requester'] }]);
  });

  it('tells a hold for an answer from a plain hold, and only while on hold', () => {
    expect(isAwaitingInformation(heldForAnswer)).toBe(true);
    expect(isAwaitingInformation(plainHold)).toBe(false);
    expect(isAwaitingInformation({ ...heldForAnswer, status: 'in-progress' })).toBe(false);
    expect(taskConditionsOf({ ...heldForAnswer, status: 'in-progress' })).toEqual([]);
  });

  it('reads what a question or answer is about', () => {
    const answer = {
      resourceType: 'Communication',
      category: [{ coding: [{ system: 'urn:bro:communication-category', code: 'information-answer' }] }],
      basedOn: [{ reference: 'Task/t1' }],
      inResponseTo: [{ reference: 'Communication/q1' }],
    };
    expect(informationMessageOf(answer)).toBe('information-answer');
    expect(taskOfInformationMessage(answer)).toBe('Task/t1');
    expect(questionAnsweredBy(answer)).toBe('Communication/q1');
    // A question written before `basedOn` names its task in `about`.
    expect(taskOfInformationMessage({ resourceType: 'Communication', about: [{ reference: 'Task/t2' }] })).toBe('Task/t2');
    expect(informationMessageOf({ resourceType: 'Communication', category: [{ coding: [{ system: 'urn:bro:eresept-message', code: 'M25.1' }] }] })).toBeUndefined();
  });
});
