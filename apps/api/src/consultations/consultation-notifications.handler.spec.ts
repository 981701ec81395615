import { OutboxTopic, TaskKind } from '@app/fhir';
import { EventDrafts, NotificationsChannel, OwedNotificationDrafts } from '../outbox/notifications.channel';
import { OutboxHandlerRegistry } from '../outbox/outbox-handler.registry';
import { OutboxRow } from '../outbox/outbox-row';
import { AfterCommit, OwedByBatch } from '../outbox/owed-by-batch';
import { OwedChannels } from '../outbox/owed-channels';
import { ConsultationChangeFacts } from './consultation-event';
import { ConsultationNotificationsHandler } from './consultation-notifications.handler';

const GP = 'PractitionerRole/gp';
const DOCTOR = 'PractitionerRole/doctor';
const HOME_NURSING = 'HealthcareService/home-nursing';
const UNIT = 'Organization/unit';

const PROPOSED: ConsultationChangeFacts = {
  from: null,
  to: 'proposed',
  coordinator: UNIT,
  participants: [
    { actor: DOCTOR, role: 'hospital-doctor', status: 'accepted' },
    { actor: GP, role: 'gp', status: 'needs-action' },
    { actor: 'Patient/p', role: 'patient', status: 'accepted' },
    { actor: HOME_NURSING, role: 'municipal-service', status: 'needs-action' },
  ],
  optionsProposed: true,
  // 14:00 in Bergen, winter time.
  options: [{ start: '2026-03-24T13:00:00Z', end: '2026-03-24T13:30:00Z' }],
  start: null,
  end: null,
  cancellationReason: null,
};

let ids = 0;
function change(facts: Partial<ConsultationChangeFacts>): OutboxRow {
  const id = String(++ids);
  return { id, topic: OutboxTopic.ResourceChanged, resource_type: 'Appointment', resource_id: `a${id}`, version_id: 1, payload: { method: 'update', consultation: { ...PROPOSED, ...facts } }, created_at: new Date() };
}

async function drafted(events: OutboxRow[]): Promise<Array<[string, string[]]>> {
  const drafts: EventDrafts[] = [];
  const inApp: NotificationsChannel = { open: (): OwedNotificationDrafts => ({ after: AfterCommit.First, add: (event) => void drafts.push(event), committed: async () => undefined }) };
  const channels = new OwedChannels();
  channels.provide(NotificationsChannel, inApp);
  const registry = new OutboxHandlerRegistry();
  new ConsultationNotificationsHandler(registry).onModuleInit();
  const owed = new OwedByBatch(channels);
  for (const { handler, events: taken } of registry.dispatch(events)) await handler.handle(taken, owed);
  return drafts.map((event) => [event.resource!, event.drafts.map((draft) => `${draft.kind} → ${draft.recipient}: ${draft.title}${draft.body ? ` | ${draft.body}` : ''}`)]);
}

describe('joint consultation notifications', () => {
  it('invite every participant Bro can reach (not the patient), with the times in Bergen', async () => {
    const event = change({});
    expect(await drafted([event])).toEqual([
      [
        `Appointment/${event.resource_id}`,
        [
          `consultation-invitation → ${DOCTOR}: Invitasjon til felleskonsultasjon | Foreslåtte tidspunkt: 24.03.2026 kl. 14:00. Svar i Bro.`,
          `consultation-invitation → ${GP}: Invitasjon til felleskonsultasjon | Foreslåtte tidspunkt: 24.03.2026 kl. 14:00. Svar i Bro.`,
          `consultation-invitation → ${HOME_NURSING}: Invitasjon til felleskonsultasjon | Foreslåtte tidspunkt: 24.03.2026 kl. 14:00. Svar i Bro.`,
        ],
      ],
    ]);
  });

  it("tell the planning unit of each answer, about the consultation it answers", async () => {
    const answer: OutboxRow = {
      id: '900',
      topic: OutboxTopic.ResourceChanged,
      resource_type: 'AppointmentResponse',
      resource_id: 'r1',
      version_id: 1,
      payload: { method: 'create', consultation: { appointment: 'Appointment/a1', actor: GP, role: 'gp', participantStatus: 'declined', coordinator: UNIT } },
      created_at: new Date(),
    };
    const tentative = { ...answer, id: '901', payload: { method: 'create', consultation: { appointment: 'Appointment/a1', actor: GP, role: 'gp', participantStatus: 'tentative', coordinator: UNIT, start: '2026-07-01T12:00:00Z' } } };
    expect(await drafted([answer, tentative])).toEqual([
      ['Appointment/a1', [`consultation-answered → ${UNIT}: Svar på felleskonsultasjon – Fastlege har avslått`]],
      // Summer time: 12:00Z is 14:00 in Bergen.
      ['Appointment/a1', [`consultation-answered → ${UNIT}: Svar på felleskonsultasjon – Fastlege foreslår et annet tidspunkt | Foreslått: 01.07.2026 kl. 14:00.`]],
    ]);
  });

  it('tell all who have not declined that it is booked, moved or no longer booked', async () => {
    const booked = { from: 'pending', to: 'booked', optionsProposed: false, start: '2026-03-24T13:00:00Z', end: '2026-03-24T13:30:00Z' };
    const declinedNursing = PROPOSED.participants.map((participant) => (participant.actor === HOME_NURSING ? { ...participant, status: 'declined' } : participant));
    const [bookedDrafts, moved, withdrawn, rebooked, unchanged] = await drafted([
      change({ ...booked, participants: declinedNursing }),
      change({ ...booked, from: 'booked', previousStart: '2026-03-23T13:00:00Z', participants: declinedNursing }),
      change({ from: 'booked', to: 'pending', optionsProposed: false, participants: declinedNursing }),
      change({ from: 'booked', to: 'proposed', participants: declinedNursing, options: [{ start: '2026-03-31T12:00:00Z', end: '2026-03-31T12:30:00Z' }] }),
      // Saved again with nothing a participant needs to know: no news.
      change({ ...booked, from: 'booked', previousStart: booked.start }),
    ]).then((all) => [...all.map(([, lines]) => lines), undefined]);
    expect(bookedDrafts).toEqual([
      `consultation-booked → ${DOCTOR}: Felleskonsultasjon avtalt 24.03.2026 kl. 14:00 | Alle påkrevde deltakere har godtatt tidspunktet.`,
      `consultation-booked → ${GP}: Felleskonsultasjon avtalt 24.03.2026 kl. 14:00 | Alle påkrevde deltakere har godtatt tidspunktet.`,
    ]);
    expect(moved).toEqual([`consultation-changed → ${DOCTOR}: Felleskonsultasjon endret – 24.03.2026 kl. 14:00`, `consultation-changed → ${GP}: Felleskonsultasjon endret – 24.03.2026 kl. 14:00`]);
    expect(withdrawn).toEqual([
      `consultation-changed → ${DOCTOR}: Felleskonsultasjon ikke lenger avtalt | En deltaker trakk svaret sitt. Tidspunktet er ikke lenger avtalt.`,
      `consultation-changed → ${GP}: Felleskonsultasjon ikke lenger avtalt | En deltaker trakk svaret sitt. Tidspunktet er ikke lenger avtalt.`,
    ]);
    expect(rebooked).toEqual([
      `consultation-changed → ${DOCTOR}: Felleskonsultasjon flyttes – nye tidspunkt | Foreslåtte tidspunkt: 31.03.2026 kl. 14:00. Svar i Bro.`,
      `consultation-changed → ${GP}: Felleskonsultasjon flyttes – nye tidspunkt | Foreslåtte tidspunkt: 31.03.2026 kl. 14:00. Svar i Bro.`,
    ]);
    expect(unchanged).toBeUndefined();
  });

  it('tell everyone, also those who declined, that it is called off and why', async () => {
    const participants = PROPOSED.participants.map((participant) => (participant.actor === GP ? { ...participant, status: 'declined' } : participant));
    const [[, lines]] = await drafted([change({ from: 'pending', to: 'cancelled', optionsProposed: false, participants, cancellationReason: { code: 'INGEN-FELLES-TID', display: 'Ingen felles tid' } })]);
    expect(lines).toEqual([
      `consultation-cancelled → ${DOCTOR}: Felleskonsultasjon avlyst | Årsak: Ingen felles tid.`,
      `consultation-cancelled → ${GP}: Felleskonsultasjon avlyst | Årsak: Ingen felles tid.`,
      `consultation-cancelled → ${HOME_NURSING}: Felleskonsultasjon avlyst | Årsak: Ingen felles tid.`,
    ]);
  });

  it("give another workflow's events none of their texts", async () => {
    const otherAppointment: OutboxRow = { id: '950', topic: OutboxTopic.ResourceChanged, resource_type: 'Appointment', resource_id: 'x', version_id: 1, payload: { method: 'create' }, created_at: new Date() };
    const dischargeTask: OutboxRow = {
      id: '951',
      topic: OutboxTopic.ResourceChanged,
      resource_type: 'Task',
      resource_id: 't',
      version_id: 1,
      payload: { method: 'create', transition: { taskKind: TaskKind.DischargeFollowUp, from: null, to: 'requested', owner: GP }, consultation: PROPOSED },
      created_at: new Date(),
    };
    const oldTopic: OutboxRow = { ...change({}), topic: OutboxTopic.TaskTransition };
    expect(await drafted([otherAppointment, dischargeTask, oldTopic])).toEqual([]);
  });
});
