import { Resource } from '@app/fhir';
import { summarizeConsultation } from './consultation-summary';

const gp = 'PractitionerRole/gp-1';
const option = { start: '2026-03-24T13:00:00Z', end: '2026-03-24T13:30:00Z' };
const role = (code: string) => [{ coding: [{ system: 'urn:bro:consultation-role', code }] }];

const appointment: Resource = {
  resourceType: 'Appointment',
  id: 'c-1',
  meta: { versionId: '3', lastUpdated: '2026-03-01T10:00:00Z' },
  status: 'pending',
  supportingInformation: [{ reference: 'Encounter/stay-1' }, { reference: 'Task/t-1' }, { reference: 'Task/t-2' }],
  requestedPeriod: [option],
  description: 'Video: https://video.example.no/room/abc',
  participant: [
    { type: role('hospital-doctor'), actor: { reference: 'PractitionerRole/doc-1' }, required: 'required', status: 'accepted' },
    { type: role('gp'), actor: { reference: gp }, required: 'required', status: 'tentative' },
    { type: role('patient'), actor: { reference: 'Patient/p-1' }, required: 'information-only', status: 'accepted' },
  ],
};

describe('summarizeConsultation', () => {
  it('shows the stay, the tasks, the options, the caller\'s own status and the answers to read', () => {
    const summary = summarizeConsultation(appointment, {
      actsFor: new Set([gp]),
      responses: [
        { appointment: { reference: 'Appointment/c-1' }, actor: { reference: gp }, participantStatus: 'tentative', start: '2026-03-25T13:00:00Z', end: '2026-03-25T13:30:00Z', comment: 'Onsdag?' },
        { appointment: { reference: 'Appointment/c-1' }, actor: { reference: 'PractitionerRole/doc-1' }, participantStatus: 'accepted', ...option },
      ],
    });
    expect(summary).toMatchObject({ id: 'c-1', version: 3, status: 'pending', encounterId: 'stay-1', taskIds: ['t-1', 't-2'], options: [option], myStatus: 'tentative' });
    // A yes to an option shows as the participant's status; only the other time is listed to read.
    expect(summary.answers).toEqual([{ actor: gp, status: 'tentative', proposed: { start: '2026-03-25T13:00:00Z', end: '2026-03-25T13:30:00Z' }, comment: 'Onsdag?' }]);
    expect(summary.participants.map((p) => [p.role, p.required, p.status])).toEqual([
      ['hospital-doctor', 'required', 'accepted'],
      ['gp', 'required', 'tentative'],
      ['patient', 'information-only', 'accepted'],
    ]);
  });

  it('gives no own status to a caller who does not take part', () => {
    expect(summarizeConsultation(appointment, { actsFor: new Set(['Organization/unit-1']) }).myStatus).toBeUndefined();
  });
});
