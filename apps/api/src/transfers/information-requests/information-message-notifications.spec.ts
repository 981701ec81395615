import { InformationMessage, NotificationKind, OutboxTopic, TaskKind } from '@app/fhir';
import { OutboxRow } from '../../outbox/outbox-row';
import { INFORMATION_MESSAGE_FACT, informationMessageEventOf } from './information-message-event';
import { notificationsForInformationMessage } from './information-message-notifications';

const task = { owner: 'PractitionerRole/gp', requester: 'Organization/unit', category: 'MED-JUST' };

function event(payload: Record<string, unknown>, resourceType = 'Communication'): OutboxRow {
  return { id: '1', topic: OutboxTopic.ResourceChanged, resource_type: resourceType, resource_id: 'c1', version_id: 1, payload, created_at: new Date() };
}

describe('what a question and an answer tell whom', () => {
  it('tells the unit of the question, and the GP of the answer, in words of Bro only', () => {
    const question = notificationsForInformationMessage({ taskKind: TaskKind.DischargeFollowUp, message: InformationMessage.Question, task: 'Task/t1' }, task);
    expect(question).toEqual([
      {
        recipient: 'Organization/unit',
        kind: NotificationKind.InformationRequested,
        title: 'Fastlegen venter på informasjon – Dosejustering eller nedtrapping',
        body: 'Les spørsmålet og svar i Bro.',
        from: 'PractitionerRole/gp',
      },
    ]);
    const answer = notificationsForInformationMessage({ taskKind: TaskKind.DischargeFollowUp, message: InformationMessage.Answer, task: 'Task/t1' }, task);
    expect(answer).toEqual([expect.objectContaining({ recipient: 'PractitionerRole/gp', kind: NotificationKind.InformationAnswered, title: 'Sykehuset har svart – Dosejustering eller nedtrapping' })]);
    expect(answer[0].body).not.toContain('«');
  });

  it("takes only created questions and answers of discharge tasks, nothing else's", () => {
    const facts = { taskKind: TaskKind.DischargeFollowUp, message: InformationMessage.Question, task: 'Task/t1' };
    expect(informationMessageEventOf(event({ method: 'create', [INFORMATION_MESSAGE_FACT]: facts }))).toEqual(facts);
    expect(informationMessageEventOf(event({ method: 'update', [INFORMATION_MESSAGE_FACT]: facts }))).toBeUndefined();
    expect(informationMessageEventOf(event({ method: 'create', [INFORMATION_MESSAGE_FACT]: { ...facts, taskKind: TaskKind.ReferralFulfilment } }))).toBeUndefined();
    expect(informationMessageEventOf(event({ method: 'create' }))).toBeUndefined();
    expect(informationMessageEventOf(event({ method: 'create', [INFORMATION_MESSAGE_FACT]: facts }, 'Task'))).toBeUndefined();
  });
});
