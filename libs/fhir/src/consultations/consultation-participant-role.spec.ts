import { AppointmentParticipant } from './appointment-participant';
import { consultationRoleType, ConsultationRole, isPatientNotAttending, mayAnswerFor, participantRequirementProblem, PATIENT_NOT_ATTENDING } from './consultation-participant-role';

const as = (role: ConsultationRole, required?: AppointmentParticipant['required']): AppointmentParticipant => ({ type: consultationRoleType(role), status: 'needs-action', ...(required ? { required } : {}) });

describe('consultation participant roles', () => {
  it('sends the HL7 v3 participation type beside Bro’s role where one fits', () => {
    expect(consultationRoleType(ConsultationRole.HospitalDoctor)[0].coding?.map((c) => c.code)).toEqual(['hospital-doctor', 'DIS']);
    expect(consultationRoleType(ConsultationRole.GeneralPractitioner)[0].coding?.map((c) => c.code)).toEqual(['gp']);
  });

  it('requires the doctors, lets the patient stay away and home nursing be optional', () => {
    expect(participantRequirementProblem(as(ConsultationRole.GeneralPractitioner))).toBeUndefined();
    expect(participantRequirementProblem(as(ConsultationRole.GeneralPractitioner, 'optional'))).toBe('GP participant.required must be required, not optional');
    expect(participantRequirementProblem(as(ConsultationRole.Patient, PATIENT_NOT_ATTENDING))).toBeUndefined();
    expect(isPatientNotAttending(as(ConsultationRole.Patient, PATIENT_NOT_ATTENDING))).toBe(true);
    expect(participantRequirementProblem(as(ConsultationRole.MunicipalService, 'required'))).toBe('Home nursing / municipal service participant.required must be optional, not required');
    expect(participantRequirementProblem({ status: 'needs-action' })).toMatch(/needs a role/);
  });

  it('lets the coordinator answer for the patient and home nursing, never for a doctor', () => {
    expect(mayAnswerFor(as(ConsultationRole.Patient), 'coordinator')).toBe(true);
    expect(mayAnswerFor(as(ConsultationRole.MunicipalService), 'coordinator')).toBe(true);
    expect(mayAnswerFor(as(ConsultationRole.GeneralPractitioner), 'coordinator')).toBe(false);
    expect(mayAnswerFor(as(ConsultationRole.HospitalDoctor), 'coordinator')).toBe(false);
    expect(mayAnswerFor(as(ConsultationRole.GeneralPractitioner), 'themselves')).toBe(true);
  });
});
