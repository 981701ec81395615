import { extractSearchValues } from './search-value.extractor';

const base = 'http://localhost:3000/fhir/R4';

describe('search value extraction from the declarations', () => {
  it('fills the Task columns: references normalised, tokens keyed, dates as ranges', () => {
    const values = extractSearchValues(
      {
        resourceType: 'Task',
        id: 't1',
        status: 'requested',
        intent: 'order',
        priority: 'urgent',
        identifier: [{ system: 'urn:x', value: '42' }],
        code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
        for: { reference: `${base}/Patient/p1` },
        owner: { reference: 'PractitionerRole/r1/_history/3' },
        restriction: { period: { end: '2026-11-30' } },
      },
      base,
    );
    const byColumn = Object.fromEntries(values.map((v) => [v.column, v.value]));
    expect(byColumn.sp_status).toBe('requested');
    expect(byColumn.sp_priority).toBe('urgent');
    expect(byColumn.sp_subject).toBe('Patient/p1');
    expect(byColumn.sp_owner).toBe('PractitionerRole/r1');
    expect(byColumn.sp_identifier).toEqual(['sv:urn:x|42', 'v:42', 's:urn:x']);
    expect(byColumn.sp_code).toEqual(expect.arrayContaining(['sv:http://hl7.org/fhir/CodeSystem/task-code|fulfill', 'v:fulfill']));
    expect(byColumn.sp_due_start).toBe('-infinity');
    expect(byColumn.sp_due_end).toBe('2026-12-01T00:00:00.000Z');
    expect(byColumn.sp_requester).toBeNull();
  });

  it('collects every participant of an Appointment into one multi-valued column', () => {
    const values = extractSearchValues(
      {
        resourceType: 'Appointment',
        status: 'proposed',
        participant: [
          { actor: { reference: 'Patient/p1' }, status: 'needs-action' },
          { actor: { reference: 'PractitionerRole/gp' }, status: 'accepted' },
          { actor: { reference: '#contained' }, status: 'accepted' },
        ],
      },
      base,
    );
    expect(values.find((v) => v.column === 'sp_actor')?.value).toEqual(['Patient/p1', 'PractitionerRole/gp']);
  });

  it('keeps string values as written (NFC) and folded, one text per parameter', () => {
    const values = extractSearchValues(
      {
        resourceType: 'Patient',
        name: [{ family: 'Sørensen', given: ['Øystein', 'A\u030ase'] }],
        address: [{ line: ['Strandkaien 1'], city: 'Bergen' }],
      },
      base,
    );
    const byColumn = Object.fromEntries(values.map((v) => [v.column, v.value]));
    expect(byColumn.sp_family).toEqual(['Sørensen']);
    expect(byColumn.sp_given).toEqual(['Øystein', '\u00c5se']);
    expect(byColumn.sp_given_folded).toBe('\u001foystein\u001fase\u001f');
    expect(byColumn.sp_name_folded).toBe('\u001fsorensen\u001foystein\u001fase\u001f');
    expect(byColumn.sp_address_folded).toBe('\u001fstrandkaien 1\u001fbergen\u001f');
  });
});
