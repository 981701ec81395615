import { ReferralRow, summarizeReferral } from './referral-summary';

const row = (changes: Partial<ReferralRow> = {}): ReferralRow => ({
  referral_task_id: 'task-1',
  service_request_id: 'sr-1',
  patient: 'Patient/p-1',
  hospital_unit: 'Organization/unit-1',
  referrer: 'PractitionerRole/gp-1',
  status: 'requested',
  answer: null,
  rejection_reason: null,
  urgent: false,
  objected: false,
  sent_at: new Date('2026-03-02T08:00:00Z'),
  received_at: new Date('2026-03-02T08:00:01Z'),
  assessment_deadline: '2026-03-16',
  answered_at: null,
  triage_task_id: null,
  service: null,
  routed_at: null,
  triage_deadline: null,
  triage_status: null,
  triaged_at: null,
  outcome: null,
  updated_at: new Date('2026-03-02T08:00:01Z'),
  version: 1,
  status_reason: null,
  reason_text: 'Vurdering',
  patient_id: 'p-1',
  patient_name: [{ given: ['Kari'], family: 'Nordmann' }],
  birth_date: '1970-01-01',
  unit_name: 'Poliklinikk',
  referrer_name: 'Kari Fastlege',
  service_name: null,
  triage_extension: null,
  triage_output: null,
  ...changes,
});

const rejected: Partial<ReferralRow> = {
  status: 'rejected',
  answer: '4',
  rejection_reason: 'ANNET',
  answered_at: new Date('2026-03-05T10:00:00Z'),
  status_reason: { coding: [{ system: 'urn:bro:referral-rejection-reason', code: 'ANNET' }], text: ' Har allerede tilbud ' },
  triage_task_id: 'triage-1',
  service: 'HealthcareService/lavterskel',
  service_name: 'Lavterskel',
  routed_at: new Date('2026-03-05T10:00:00Z'),
  triage_deadline: '2026-03-12',
  triage_status: 'requested',
};

describe('summarizeReferral', () => {
  it('flags an unanswered referral past its assessment deadline, and not the day of it', () => {
    expect(summarizeReferral(row(), '2026-03-16').assessmentOverdue).toBe(false);
    expect(summarizeReferral(row(), '2026-03-17').assessmentOverdue).toBe(true);
    expect(summarizeReferral(row({ status: 'accepted', answer: '1', answered_at: new Date() }), '2026-03-17').assessmentOverdue).toBe(false);
  });

  it('shows the patient, the parties with their names, and no answer while unanswered', () => {
    const summary = summarizeReferral(row(), '2026-03-03');
    expect(summary).toMatchObject({
      id: 'task-1',
      patient: { id: 'p-1', name: 'Kari Nordmann', birthDate: '1970-01-01' },
      hospitalUnit: { reference: 'Organization/unit-1', display: 'Poliklinikk' },
      referrer: { reference: 'PractitionerRole/gp-1', display: 'Kari Fastlege' },
      sentAt: '2026-03-02T08:00:00.000Z',
    });
    expect(summary.answer).toBeUndefined();
    expect(summary.rejection).toBeUndefined();
    expect(summary.triage).toBeUndefined();
  });

  it('shows a rejection with its reason and text, and where the patient is in the low-threshold service', () => {
    const summary = summarizeReferral(row(rejected), '2026-03-13');
    expect(summary.answer).toEqual({ code: '4', display: 'Avslått', answeredAt: '2026-03-05T10:00:00.000Z' });
    expect(summary.rejection).toEqual({ reason: 'ANNET', display: 'Annet', text: 'Har allerede tilbud' });
    expect(summary.triage).toEqual({
      taskId: 'triage-1',
      status: 'requested',
      service: { reference: 'HealthcareService/lavterskel', display: 'Lavterskel' },
      deadline: '2026-03-12',
      overdue: true,
      routedAt: '2026-03-05T10:00:00.000Z',
    });
  });

  it('names the claimant only while the case is claimed, and the outcome once it is closed', () => {
    const claim = [{ url: 'urn:bro:extension:claimed-by', valueReference: { display: 'Liv Lavterskel', identifier: { system: 'urn:bro:user', value: 'lowthreshold' } } }];
    expect(summarizeReferral(row({ ...rejected, triage_status: 'in-progress', triage_extension: claim }), '2026-03-06').triage?.claimedBy).toBe('Liv Lavterskel');
    const output = [
      {
        type: { coding: [{ system: 'urn:bro:task-output', code: 'lowthreshold-outcome' }] },
        valueCodeableConcept: { coding: [{ system: 'urn:bro:lowthreshold-outcome', code: 'KOMMUNALT-TILBUD' }], text: 'Rask psykisk helsehjelp' },
      },
    ];
    const closed = summarizeReferral(
      row({ ...rejected, triage_status: 'completed', outcome: 'KOMMUNALT-TILBUD', triage_extension: claim, triage_output: output, triaged_at: new Date('2026-03-09T12:00:00Z') }),
      '2026-03-20',
    ).triage;
    expect(closed).toMatchObject({ status: 'completed', overdue: false, closedAt: '2026-03-09T12:00:00.000Z', outcome: { code: 'KOMMUNALT-TILBUD', display: 'Tilbudt kommunalt tilbud', text: 'Rask psykisk helsehjelp' } });
    expect(closed?.claimedBy).toBeUndefined();
  });
});
