import { Principal } from '../../auth/principal';
import { TriageCaseRow, claimedByCallerJson, contactAttemptSummaries, summarizeTriageCase } from './triage-case';

const person = (changes: Partial<Principal> = {}): Principal => ({ subject: 'lowthreshold', role: 'lowthreshold', name: 'Liv Lavterskel', scopes: [], tokenExpiresAt: 0, ...changes });

const row = (changes: Partial<TriageCaseRow> = {}): TriageCaseRow => ({
  triage_task_id: 'triage-1',
  referral_task_id: 'task-1',
  service_request_id: 'sr-1',
  hospital_unit: 'Organization/unit-1',
  referrer: 'PractitionerRole/gp-1',
  urgent: true,
  rejection_reason: 'PRIMAERHELSETJENESTE',
  sent_at: new Date('2026-03-02T08:00:00Z'),
  routed_at: new Date('2026-03-05T10:00:00Z'),
  triage_deadline: '2026-03-12',
  triage_status: 'in-progress',
  outcome: null,
  version: 3,
  triage_extension: [{ url: 'urn:bro:extension:claimed-by', valueReference: { display: 'Liv Lavterskel', identifier: { system: 'urn:bro:user', value: 'lowthreshold' } } }],
  triage_output: null,
  triage_note: [
    { time: '2026-03-06T09:00:00Z', text: 'Ringte, ikke svar', authorString: 'Liv Lavterskel', extension: [{ url: 'urn:bro:extension:contact-attempt', valueCoding: { system: 'urn:bro:contact-attempt-result', code: 'not-reached' } }] },
    { time: '2026-03-06T09:05:00Z', text: 'Internt notat' },
    { time: '2026-03-07T09:00:00Z', text: 'La igjen beskjed', authorString: 'Liv Lavterskel', extension: [{ url: 'urn:bro:extension:contact-attempt', valueCoding: { system: 'urn:bro:contact-attempt-result', code: 'message-left' } }] },
  ],
  status_reason: { coding: [{ system: 'urn:bro:referral-rejection-reason', code: 'PRIMAERHELSETJENESTE' }] },
  reason_text: 'Vurdering',
  patient_id: 'p-1',
  patient_name: [{ text: 'Kari Nordmann' }],
  birth_date: null,
  unit_name: 'Poliklinikk',
  referrer_name: null,
  ...changes,
});

describe('summarizeTriageCase', () => {
  it('says whether the caller claimed it, by HPR number when they have one, else by user', () => {
    expect(summarizeTriageCase(row(), person(), '2026-03-06')).toMatchObject({ claimedBy: 'Liv Lavterskel', claimedByMe: true, contactAttempts: 2, urgent: true, overdue: false });
    expect(summarizeTriageCase(row(), person({ subject: 'someone-else' }), '2026-03-06').claimedByMe).toBe(false);
    expect(summarizeTriageCase(row(), person({ hprNumber: '9144999' }), '2026-03-06').claimedByMe).toBe(false);
    expect(JSON.parse(claimedByCallerJson(person({ hprNumber: '9144999' })))).toEqual([
      { url: 'urn:bro:extension:claimed-by', valueReference: { identifier: { system: 'urn:oid:2.16.578.1.12.4.1.4.4', value: '9144999' } } },
    ]);
  });

  it('flags an open case past its deadline, never a closed one', () => {
    expect(summarizeTriageCase(row(), person(), '2026-03-13').overdue).toBe(true);
    expect(summarizeTriageCase(row({ triage_status: 'requested', triage_extension: null }), person(), '2026-03-13')).toMatchObject({ overdue: true, claimedByMe: false });
    expect(summarizeTriageCase(row({ triage_status: 'completed', outcome: 'INGEN-BEHOV' }), person(), '2026-03-13')).toMatchObject({ overdue: false, claimedByMe: false, outcome: { code: 'INGEN-BEHOV' } });
  });

  it('lists the contact attempts only, oldest first, with their result and note', () => {
    expect(contactAttemptSummaries(row())).toEqual([
      { time: '2026-03-06T09:00:00Z', result: 'not-reached', resultDisplay: 'Fikk ikke kontakt', note: 'Ringte, ikke svar', by: 'Liv Lavterskel' },
      { time: '2026-03-07T09:00:00Z', result: 'message-left', resultDisplay: 'La igjen beskjed', by: 'Liv Lavterskel' },
    ]);
  });
});
