import { collaborationParties } from './collaboration-parties';

describe('collaboration parties', () => {
  it('takes a Task’s requester and owner, a ServiceRequest’s requester and performers, an Appointment’s participants', () => {
    expect(collaborationParties({ resourceType: 'Task', requester: { reference: 'Organization/unit' }, owner: { reference: 'PractitionerRole/gp' } })).toEqual([
      'Organization/unit',
      'PractitionerRole/gp',
    ]);
    expect(
      collaborationParties({
        resourceType: 'ServiceRequest',
        requester: { reference: 'PractitionerRole/gp' },
        performer: [{ reference: 'Organization/unit' }, { reference: 'HealthcareService/lavterskel' }],
      }),
    ).toEqual(['PractitionerRole/gp', 'Organization/unit', 'HealthcareService/lavterskel']);
    expect(
      collaborationParties({
        resourceType: 'Appointment',
        participant: [{ actor: { reference: 'Patient/p' } }, { actor: { reference: 'PractitionerRole/gp' } }, { actor: { reference: 'PractitionerRole/doctor' } }, {}],
      }),
    ).toEqual(['PractitionerRole/gp', 'PractitionerRole/doctor']);
  });

  it('is no collaboration with fewer than two parties, or with patients, devices, absolute or odd references', () => {
    expect(collaborationParties({ resourceType: 'Task', requester: { reference: 'Organization/unit' } })).toEqual([]);
    expect(collaborationParties({ resourceType: 'Task', requester: { reference: 'Organization/unit' }, owner: { reference: 'Organization/unit' } })).toEqual([]);
    expect(collaborationParties({ resourceType: 'Task', requester: { reference: 'Device/ehr' }, owner: { reference: 'Patient/p' } })).toEqual([]);
    expect(
      collaborationParties({ resourceType: 'Task', requester: { reference: 'https://elsewhere/fhir/Organization/x' }, owner: { reference: 'Organization/a b' } }),
    ).toEqual([]);
    expect(collaborationParties({ resourceType: 'Encounter', serviceProvider: { reference: 'Organization/unit' } })).toEqual([]);
  });
});
