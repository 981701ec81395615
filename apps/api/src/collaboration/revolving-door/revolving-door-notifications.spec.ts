import { NotificationKind, OutboxTopic } from '@app/fhir';
import { OutboxHandlerRegistry } from '../../outbox/outbox-handler.registry';
import { OutboxRow } from '../../outbox/outbox-row';
import { REVOLVING_DOOR_FACT, RevolvingDoorFacts } from './revolving-door-event';
import { REVOLVING_DOOR_PROMPT, notificationsForRevolvingDoor } from './revolving-door-notifications';
import { RevolvingDoorNotificationsHandler } from './revolving-door-notifications.handler';

const RAISED: RevolvingDoorFacts = {
  raised: [{ flag: 'Flag/f1', readmission: 'Encounter/e2', unit: 'Organization/medisinsk' }],
  lowered: [],
  boards: ['municipality'],
};

function event(resourceType: string, payload: Record<string, unknown>): OutboxRow {
  return { id: '1', topic: OutboxTopic.ResourceChanged, resource_type: resourceType, resource_id: 'e2', version_id: 1, payload: { method: 'create', ...payload }, created_at: new Date() };
}

describe('the revolving-door prompt', () => {
  it('tells the readmitting unit, about the Flag, without patient identifiers', () => {
    const [told] = notificationsForRevolvingDoor(RAISED);
    expect(told.resource).toBe('Flag/f1');
    expect(told.drafts).toEqual([{ recipient: 'Organization/medisinsk', kind: NotificationKind.RevolvingDoor, ...REVOLVING_DOOR_PROMPT }]);
    expect(JSON.stringify(told.drafts)).not.toMatch(/\d{11}|Patient\//);
  });

  it('tells no one of a lowered Flag, nor of a readmission without a unit', () => {
    expect(notificationsForRevolvingDoor({ raised: [], lowered: RAISED.raised, boards: [] })).toEqual([]);
    expect(notificationsForRevolvingDoor({ ...RAISED, raised: [{ ...RAISED.raised[0], unit: null }] })).toEqual([]);
  });

  it('takes only Encounter events carrying raised Flags', () => {
    const registry = new OutboxHandlerRegistry();
    const handler = new RevolvingDoorNotificationsHandler(registry);
    handler.onModuleInit();
    expect(handler.appliesTo(event('Encounter', { [REVOLVING_DOOR_FACT]: RAISED }))).toBe(true);
    expect(handler.appliesTo(event('Encounter', {}))).toBe(false);
    expect(handler.appliesTo(event('Encounter', { [REVOLVING_DOOR_FACT]: { ...RAISED, raised: [] } }))).toBe(false);
    expect(handler.appliesTo(event('Task', { [REVOLVING_DOOR_FACT]: RAISED }))).toBe(false);
  });
});
