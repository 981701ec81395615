import { consultationRoleType, ConsultationRole, OPTIONS_PROPOSED_AT_EXTENSION, PLANNING_UNIT_EXTENSION, Resource } from '@app/fhir';
import { consultationAnswerFacts, consultationChangeFacts } from './consultation-change.facts';

const HOUR = 3_600_000;
const start = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 7 * 24 * HOUR).toISOString();
const end = new Date(Date.parse(start) + HOUR / 2).toISOString();

function consultation(extra: Record<string, unknown> = {}, proposedAt = '2000-01-01T00:00:00Z'): Resource {
  return {
    resourceType: 'Appointment',
    id: 'c1',
    status: 'proposed',
    requestedPeriod: [{ start, end }],
    extension: [
      { url: PLANNING_UNIT_EXTENSION, valueReference: { reference: 'Organization/unit' } },
      { url: OPTIONS_PROPOSED_AT_EXTENSION, valueInstant: proposedAt },
    ],
    participant: [
      { type: consultationRoleType(ConsultationRole.HospitalDoctor), actor: { reference: 'PractitionerRole/doctor' }, required: 'required', status: 'accepted' },
      { type: consultationRoleType(ConsultationRole.GeneralPractitioner), actor: { reference: 'PractitionerRole/gp' }, required: 'required', status: 'needs-action' },
      { type: consultationRoleType(ConsultationRole.Patient), actor: { reference: 'Patient/p' }, required: 'information-only', status: 'accepted' },
    ],
    ...extra,
  };
}

describe('the facts a consultation change gives its handlers', () => {
  it('a new consultation: proposed, options asked, the planning unit to tell', () => {
    expect(consultationChangeFacts(consultation(), undefined)).toMatchObject({
      from: null,
      to: 'proposed',
      coordinator: 'Organization/unit',
      optionsProposed: true,
      options: [{ start, end }],
      start: null,
      cancellationReason: null,
      participants: [
        { actor: 'PractitionerRole/doctor', role: 'hospital-doctor', status: 'accepted', required: 'required' },
        { actor: 'PractitionerRole/gp', role: 'gp', status: 'needs-action', required: 'required' },
        { actor: 'Patient/p', role: 'patient', status: 'accepted', required: 'information-only' },
      ],
    });
  });

  it('a booking by the answers: no new options, the booked time', () => {
    const booked = consultation({ status: 'booked', start, end });
    expect(consultationChangeFacts(booked, consultation({ status: 'pending' }))).toMatchObject({ from: 'pending', to: 'booked', optionsProposed: false, start, previousStart: null, placeChanged: false });
  });

  it('a rebooking and a new place are news; a cancellation carries its coded reason', () => {
    const rebooked = consultation({}, new Date().toISOString());
    expect(consultationChangeFacts(rebooked, consultation({ status: 'booked', start, end })).optionsProposed).toBe(true);
    const moved = consultation({ status: 'booked', start, end, description: 'Rom 3' });
    expect(consultationChangeFacts(moved, consultation({ status: 'booked', start, end })).placeChanged).toBe(true);
    const cancelled = consultation({ status: 'cancelled', cancelationReason: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason', code: 'other' }], text: 'Tolk uteble' } });
    expect(consultationChangeFacts(cancelled, consultation()).cancellationReason).toEqual({ code: 'other', display: 'Annet', text: 'Tolk uteble' });
  });

  it('an answer: who, in which role, to tell whom', () => {
    const answer = { appointment: { reference: 'Appointment/c1' }, actor: { reference: 'PractitionerRole/gp' }, participantStatus: 'tentative' as const, start, end };
    expect(consultationAnswerFacts(answer, consultation())).toEqual({
      appointment: 'Appointment/c1',
      actor: 'PractitionerRole/gp',
      role: 'gp',
      participantStatus: 'tentative',
      coordinator: 'Organization/unit',
      start,
      end,
    });
  });
});
