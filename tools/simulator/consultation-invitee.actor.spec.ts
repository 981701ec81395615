import { answerRequest } from './consultation-invitee.actor';

describe('a demo GP answering an invitation', () => {
  const options = [
    { start: '2026-03-24T13:00:00Z', end: '2026-03-24T13:30:00Z' },
    { start: '2026-03-31T12:00:00Z', end: '2026-03-31T12:30:00Z' },
  ];

  it('accepts exactly one of the proposed times', () => {
    expect(answerRequest({ options }, { answer: 'accept', optionIndex: 1 })).toEqual({ answer: 'accept', option: options[1] });
    expect(answerRequest({ options }, { answer: 'accept', optionIndex: 2 })).toBeUndefined();
  });

  it('proposes the first time moved by whole days, keeping its length', () => {
    expect(answerRequest({ options }, { answer: 'propose', daysLater: 2, comment: 'Passer bedre.' })).toEqual({
      answer: 'propose',
      time: { start: '2026-03-26T13:00:00.000Z', end: '2026-03-26T13:30:00.000Z' },
      comment: 'Passer bedre.',
    });
    expect(answerRequest({ options: [] }, { answer: 'propose', daysLater: 1, comment: '' })).toBeUndefined();
  });

  it('declines with the reason', () => {
    expect(answerRequest({ options }, { answer: 'decline', reason: 'Pasienten har byttet fastlege.' })).toEqual({ answer: 'decline', reason: 'Pasienten har byttet fastlege.' });
  });
});
