import { AppointmentResponseAnswer, AppointmentParticipant } from './appointment-participant';
import { derivedStatus, foldAnswers, withAnswers } from './appointment-answers';
import { consultationRoleType, ConsultationRole, PATIENT_NOT_ATTENDING } from './consultation-participant-role';
import { OPTIONS_PROPOSED_AT_EXTENSION } from './consultation-options';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** Two options next week and the week after, relative to the test's clock. */
const base = Math.ceil(Date.now() / HOUR) * HOUR + 7 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const optionA = { start: iso(base), end: iso(base + HOUR / 2) };
const optionB = { start: iso(base + 7 * DAY), end: iso(base + 7 * DAY + HOUR / 2) };

function participant(role: ConsultationRole, reference: string, extra: Partial<AppointmentParticipant> = {}): AppointmentParticipant {
  return { type: consultationRoleType(role), actor: { reference }, required: role === ConsultationRole.MunicipalService ? 'optional' : 'required', status: 'needs-action', ...extra };
}

function consultation(participants: AppointmentParticipant[], extra: Record<string, unknown> = {}) {
  return { resourceType: 'Appointment', id: 'a1', status: 'proposed', requestedPeriod: [optionB, optionA], participant: participants, ...extra };
}

const doctor = participant(ConsultationRole.HospitalDoctor, 'PractitionerRole/doctor', { status: 'accepted' });
const gp = participant(ConsultationRole.GeneralPractitioner, 'PractitionerRole/gp');
const patient = participant(ConsultationRole.Patient, 'Patient/p1');
const absentPatient = participant(ConsultationRole.Patient, 'Patient/p1', { required: PATIENT_NOT_ATTENDING });
const homeNursing = participant(ConsultationRole.MunicipalService, 'HealthcareService/home-nursing');

let minute = 0;
function answer(actor: string, participantStatus: AppointmentResponseAnswer['participantStatus'], period?: { start: string; end: string }, comment?: string): AppointmentResponseAnswer {
  minute += 1;
  return {
    appointment: { reference: 'Appointment/a1' },
    actor: { reference: actor },
    participantStatus,
    ...(period ?? {}),
    ...(comment ? { comment } : {}),
    meta: { lastUpdated: iso(Date.now() + minute * 60_000) },
  };
}

describe('answers to a joint consultation', () => {
  it('stays proposed until someone answers, then pending while no time is agreed', () => {
    const appointment = consultation([doctor, gp, patient]);
    expect(derivedStatus(appointment, [])).toBe('proposed');
    expect(derivedStatus(appointment, [answer('PractitionerRole/gp', 'accepted', optionA)])).toBe('pending');
  });

  it('books the option every required participant accepted, and releases the others', () => {
    const appointment = consultation([doctor, gp, patient, homeNursing]);
    const responses = [answer('PractitionerRole/gp', 'accepted', optionA), answer('Patient/p1', 'accepted', optionA)];
    const next = withAnswers(appointment, responses);
    expect(next).toMatchObject({ status: 'booked', start: optionA.start, end: optionA.end, minutesDuration: 30, requestedPeriod: [optionA] });
    expect(next.participant.map((p) => p.status)).toEqual(['accepted', 'accepted', 'accepted', 'needs-action']);
  });

  it('does not wait for a patient marked as not attending, nor for optional home nursing', () => {
    const appointment = consultation([doctor, gp, absentPatient, homeNursing]);
    expect(foldAnswers(appointment, [answer('PractitionerRole/gp', 'accepted', optionB)]).booking).toMatchObject({ option: 0, start: optionB.start });
  });

  it('books the earliest agreed option when several suit everyone', () => {
    const appointment = consultation([doctor, gp, absentPatient]);
    // The GP accepts without naming a time: any option suits them.
    expect(foldAnswers(appointment, [answer('PractitionerRole/gp', 'accepted')]).booking).toMatchObject({ option: 1, start: optionA.start });
  });

  it('does not book when required participants accept different options', () => {
    const appointment = consultation([participant(ConsultationRole.HospitalDoctor, 'PractitionerRole/doctor'), gp, absentPatient]);
    const responses = [answer('PractitionerRole/doctor', 'accepted', optionA), answer('PractitionerRole/gp', 'accepted', optionB)];
    expect(foldAnswers(appointment, responses).booking).toBeUndefined();
    expect(derivedStatus(appointment, responses)).toBe('pending');
  });

  it('keeps a decline with its reason, and a counter-proposal as tentative', () => {
    const appointment = consultation([doctor, gp, patient]);
    const elsewhen = { start: iso(base + DAY), end: iso(base + DAY + HOUR / 2) };
    const { answers } = foldAnswers(appointment, [answer('PractitionerRole/gp', 'tentative', elsewhen, 'Onsdag passer bedre'), answer('Patient/p1', 'declined', undefined, 'Innlagt på sykehjem')]);
    expect(answers).toEqual([
      { actor: 'PractitionerRole/doctor', status: 'accepted', acceptedOptions: [0, 1] },
      { actor: 'PractitionerRole/gp', status: 'tentative', acceptedOptions: [], counterProposal: elsewhen, comment: 'Onsdag passer bedre' },
      { actor: 'Patient/p1', status: 'declined', acceptedOptions: [], comment: 'Innlagt på sykehjem' },
    ]);
  });

  it('treats accepting a time that is no option as proposing it', () => {
    const elsewhen = { start: iso(base + 2 * DAY), end: iso(base + 2 * DAY + HOUR) };
    const { answers, booking } = foldAnswers(consultation([doctor, gp, absentPatient]), [answer('PractitionerRole/gp', 'accepted', elsewhen)]);
    expect(answers[1]).toMatchObject({ status: 'tentative', counterProposal: elsewhen });
    expect(booking).toBeUndefined();
  });

  it("counts each participant's latest answer: a change of mind after booking takes it back to pending", () => {
    const appointment = consultation([doctor, gp, absentPatient]);
    const accepted = answer('PractitionerRole/gp', 'accepted', optionA);
    const booked = withAnswers(appointment, [accepted]);
    expect(booked.status).toBe('booked');
    const withdrawn = withAnswers(booked, [accepted, answer('PractitionerRole/gp', 'declined', undefined, 'Syk')]);
    expect(withdrawn.status).toBe('pending');
    expect(withdrawn).not.toHaveProperty('start');
    expect(withdrawn.participant[1].status).toBe('declined');
  });

  it('matches an option by instant, whatever offset the answer was written with', () => {
    const inOslo = { start: new Date(optionA.start).toISOString().replace('Z', '+00:00'), end: optionA.end };
    expect(foldAnswers(consultation([doctor, gp, absentPatient]), [answer('PractitionerRole/gp', 'accepted', inOslo)]).booking?.option).toBe(1);
  });

  it('ignores answers to earlier options after a rebooking, and answers to other consultations', () => {
    const old = answer('PractitionerRole/gp', 'accepted', optionA);
    const rebooked = consultation([doctor, gp, absentPatient], { extension: [{ url: OPTIONS_PROPOSED_AT_EXTENSION, valueInstant: iso(Date.parse(old.meta!.lastUpdated!) + 1000) }] });
    expect(derivedStatus(rebooked, [old])).toBe('proposed');
    const other = { ...answer('PractitionerRole/gp', 'accepted', optionA), appointment: { reference: 'Appointment/other' } };
    expect(derivedStatus(consultation([doctor, gp, absentPatient]), [other])).toBe('proposed');
  });

  it('changes nothing once the consultation is held or cancelled', () => {
    const held = consultation([doctor, gp, absentPatient], { status: 'fulfilled' });
    const responses = [answer('PractitionerRole/gp', 'declined')];
    expect(derivedStatus(held, responses)).toBe('fulfilled');
    expect(withAnswers(held, responses)).toBe(held);
  });
});
