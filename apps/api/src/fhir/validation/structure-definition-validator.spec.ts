import { validateAgainstR4 } from './structure-definition-validator';

const task = (extra: Record<string, unknown> = {}) => ({ resourceType: 'Task', status: 'requested', intent: 'order', ...extra });

describe('validation against the R4 StructureDefinitions', () => {
  it('finds nothing in a valid resource of any R4 type', () => {
    expect(validateAgainstR4(task({ for: { reference: 'Patient/p-1' } }))).toEqual([]);
    expect(validateAgainstR4({ resourceType: 'Medication', code: { text: 'Paracet 500 mg' } })).toEqual([]);
  });

  it('names unknown elements and wrong datatypes where they are, contained resources included', () => {
    expect(validateAgainstR4({ resourceType: 'Patient', active: 'yes', colour: 'blue' })).toEqual(
      expect.arrayContaining([
        { severity: 'error', code: 'structure', expression: 'Patient.active', diagnostics: 'Invalid JSON type: expected boolean, but got string' },
        { severity: 'error', code: 'structure', expression: 'Patient.colour', diagnostics: 'Invalid additional property "colour"' },
      ]),
    );
    expect(validateAgainstR4(task({ contained: [{ resourceType: 'Medication', id: 'm', strength: 5 }] }))).toEqual([
      { severity: 'error', code: 'structure', expression: 'Task.contained[0].strength', diagnostics: 'Invalid additional property "strength"' },
    ]);
  });

  it('refuses a primitive where a complex datatype belongs, once, at its place (the validator alone would not)', () => {
    expect(validateAgainstR4(task({ input: [{ type: { text: 'dose' }, valueCodeableConcept: 'high' }], contained: [{ resourceType: 'Medication', id: 'm', code: 5, batch: true }] }))).toEqual([
      { severity: 'error', code: 'structure', expression: 'Task.input[0].valueCodeableConcept', diagnostics: 'Must be a JSON object (CodeableConcept), not "high"' },
      { severity: 'error', code: 'structure', expression: 'Task.contained[0].code', diagnostics: 'Must be a JSON object (CodeableConcept), not 5' },
      { severity: 'error', code: 'structure', expression: 'Task.contained[0].batch', diagnostics: 'Must be a JSON object (MedicationBatch), not true' },
    ]);
  });

  it('reports a missing required element as required', () => {
    expect(validateAgainstR4({ resourceType: 'Task', intent: 'order' })).toEqual([
      { severity: 'error', code: 'required', expression: 'Task.status', diagnostics: 'Missing required property' },
    ]);
  });

  it('says where a contained resource of no R4 type is', () => {
    expect(validateAgainstR4(task({ contained: [{ resourceType: 'Medication', id: 'm' }, { resourceType: 'NotAType', id: 'x' }] }))).toEqual([
      { severity: 'error', code: 'structure', expression: 'Task.contained[1].resourceType', diagnostics: '"NotAType" is not an R4 resource type' },
    ]);
  });

  it('reports R4 invariants as such (dom-4: a contained resource has no version of its own)', () => {
    const [issue] = validateAgainstR4(task({ focus: { reference: '#m' }, contained: [{ resourceType: 'Medication', id: 'm', meta: { versionId: '2' } }] }));
    expect(issue).toMatchObject({ severity: 'error', code: 'invariant', diagnostics: expect.stringMatching(/^Constraint dom-4 not met/) });
  });

  it('makes two alternatives of one choice element an error, not a warning', () => {
    expect(validateAgainstR4({ resourceType: 'Patient', deceasedBoolean: true, deceasedDateTime: '2020-01-01' })).toEqual([
      expect.objectContaining({ severity: 'error', code: 'structure', diagnostics: expect.stringMatching(/^Conflicting choice/) }),
    ]);
  });

  it('keeps warnings as warnings', () => {
    expect(validateAgainstR4(task({ encounter: { reference: 'Patient/p-1' } }))).toEqual([
      expect.objectContaining({ severity: 'warning', expression: 'Task.encounter' }),
    ]);
  });
});
