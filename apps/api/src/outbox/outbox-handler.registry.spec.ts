import { OutboxTopic } from '@app/fhir';
import { OutboxHandler } from './outbox-handler';
import { ANY_RESOURCE_TYPE, OutboxHandlerRegistry } from './outbox-handler.registry';
import { OutboxRow } from './outbox-row';

function event(id: string, resourceType: string | null, topic: OutboxTopic, payload: Record<string, unknown> = {}): OutboxRow {
  return { id, topic, resource_type: resourceType, resource_id: resourceType ? `r${id}` : null, version_id: 1, payload, created_at: new Date() };
}

function handler(appliesTo?: (event: OutboxRow) => boolean): OutboxHandler {
  return { appliesTo, handle: async () => undefined };
}

/** Which events each handler was given, by handler. */
function seen(registry: OutboxHandlerRegistry, events: OutboxRow[]): Map<OutboxHandler, string[]> {
  return new Map(registry.dispatch(events).map(({ handler: h, events: taken }) => [h, taken.map((e) => e.id)]));
}

describe('outbox handler registry', () => {
  const batch = [
    event('1', 'Task', OutboxTopic.ResourceChanged),
    event('2', 'Task', OutboxTopic.TaskTransition),
    event('3', 'Appointment', OutboxTopic.ResourceChanged),
    event('4', 'Task', OutboxTopic.TaskTransition),
  ];

  it('gives every handler of a resource type and topic its events: two handlers of one topic both get them', () => {
    const registry = new OutboxHandlerRegistry();
    const notifications = handler();
    const reminders = handler();
    registry.register('Task', OutboxTopic.TaskTransition, notifications);
    registry.register('Task', OutboxTopic.TaskTransition, reminders);
    const given = seen(registry, batch);
    expect(given.get(notifications)).toEqual(['2', '4']);
    expect(given.get(reminders)).toEqual(['2', '4']);
  });

  it("does not give a handler of one topic another topic's events", () => {
    const registry = new OutboxHandlerRegistry();
    const transitions = handler();
    const changes = handler();
    registry.register('Task', OutboxTopic.TaskTransition, transitions);
    registry.register('Task', OutboxTopic.ResourceChanged, changes);
    const given = seen(registry, batch);
    expect(given.get(transitions)).toEqual(['2', '4']);
    expect(given.get(changes)).toEqual(['1']);
  });

  it("does not give a handler of one resource type another type's events", () => {
    const registry = new OutboxHandlerRegistry();
    const tasks = handler();
    const appointments = handler();
    registry.register('Task', OutboxTopic.ResourceChanged, tasks);
    registry.register('Appointment', OutboxTopic.ResourceChanged, appointments);
    const given = seen(registry, batch);
    expect(given.get(tasks)).toEqual(['1']);
    expect(given.get(appointments)).toEqual(['3']);
  });

  it("keeps a handler to the events its selector takes (one workflow's Tasks), and leaves out a handler that takes none", () => {
    const registry = new OutboxHandlerRegistry();
    const discharge = handler((e) => e.payload.taskKind === 'discharge-follow-up');
    const referral = handler((e) => e.payload.taskKind === 'referral-fulfilment');
    registry.register('Task', OutboxTopic.TaskTransition, discharge);
    registry.register('Task', OutboxTopic.TaskTransition, referral);
    const given = seen(registry, [event('5', 'Task', OutboxTopic.TaskTransition, { taskKind: 'discharge-follow-up' })]);
    expect(given.get(discharge)).toEqual(['5']);
    expect(given.has(referral)).toBe(false);
  });

  it('gives a handler of every resource type all events of its topic, and one registered for several types each event once, in one call', () => {
    const registry = new OutboxHandlerRegistry();
    const boards = handler();
    const subscriptions = handler();
    registry.register(ANY_RESOURCE_TYPE, OutboxTopic.ResourceChanged, boards);
    registry.register('Task', OutboxTopic.ResourceChanged, subscriptions);
    registry.register('Appointment', OutboxTopic.ResourceChanged, subscriptions);
    registry.register(ANY_RESOURCE_TYPE, OutboxTopic.ResourceChanged, subscriptions);
    const dispatched = registry.dispatch(batch);
    expect(dispatched.map((d) => d.handler)).toEqual([boards, subscriptions]);
    expect(dispatched.map((d) => d.events.map((e) => e.id))).toEqual([
      ['1', '3'],
      ['1', '3'],
    ]);
  });

  it('lets an event no handler takes through with no handler, and refuses a handler registered twice for the same events', () => {
    const registry = new OutboxHandlerRegistry();
    const once = handler();
    registry.register('Task', OutboxTopic.ResourceChanged, once);
    expect(registry.dispatch([event('6', null, OutboxTopic.ResourceChanged)])).toEqual([]);
    expect(() => registry.register('Task', OutboxTopic.ResourceChanged, once)).toThrow('registered twice');
  });
});
