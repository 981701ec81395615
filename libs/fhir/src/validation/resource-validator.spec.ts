import { IdentifierSystem } from '../identifiers/identifier-systems';
import { isSupportedResourceType, validateResource } from './resource-validator';
import { ValidationIssue } from './validation-issue';

// Synthetic numbers (month + 80): valid, and never a real person's.
const FODSELSNUMMER = '04835000023';
const D_NUMMER = '57859010050';

type Json = Record<string, unknown>;

function task(extra: Json = {}): Json {
  return {
    resourceType: 'Task',
    id: 'transfer-1',
    meta: { versionId: '3', lastUpdated: '2026-11-23T08:15:30.123+01:00', profile: ['http://bro.example/StructureDefinition/transfer-task'] },
    identifier: [{ use: 'official', system: 'urn:bro:task', value: 'T-2026-0001' }],
    groupIdentifier: { system: 'urn:bro:discharge', value: 'D-77' },
    basedOn: [{ reference: 'ServiceRequest/henvisning-9' }],
    status: 'requested',
    statusReason: { text: 'Sent at discharge' },
    businessStatus: { coding: [{ system: 'urn:bro:business-status', code: 'awaiting-gp' }] },
    intent: 'order',
    priority: 'urgent',
    code: { coding: [{ system: 'http://hl7.org/fhir/CodeSystem/task-code', code: 'fulfill' }] },
    description: 'Kontroll av INR om 1 uke',
    focus: { reference: 'ServiceRequest/henvisning-9', display: 'Henvisning' },
    for: { reference: 'Patient/p-1', display: 'Kari Nordmann' },
    encounter: { reference: 'Encounter/e-1' },
    executionPeriod: { start: '2026-11-23T08:00:00+01:00' },
    authoredOn: '2026-11-23T08:00:00+01:00',
    lastModified: '2026-11-23T08:15:30+01:00',
    requester: { reference: 'PractitionerRole/coordinator-1' },
    owner: { reference: 'Organization/gp-office-1', identifier: { system: IdentifierSystem.Organisasjonsnummer, value: '910000012' } },
    reasonCode: { text: 'Atrieflimmer, nyoppstartet warfarin' },
    note: [{ authorReference: { reference: 'Practitioner/doc-1' }, time: '2026-11-23T08:10:00+01:00', text: 'Pasienten er informert.' }],
    restriction: { repetitions: 1, period: { end: '2026-11-30' }, recipient: [{ reference: 'Organization/gp-office-1' }] },
    input: [
      { type: { text: 'category' }, valueCoding: { system: 'urn:bro:task-category', code: 'KONTROLL' } },
      { type: { text: 'due' }, valueDate: '2026-11-30' },
      { type: { text: 'reviewed' }, valueBoolean: false },
    ],
    output: [{ type: { text: 'answer' }, valueReference: { reference: 'Communication/c-1' } }],
    extension: [
      { url: 'http://bro.example/StructureDefinition/category', valueCode: 'KONTROLL' },
      { url: 'http://bro.example/StructureDefinition/complex', extension: [{ url: 'part', valueString: 'x' }] },
    ],
    ...extra,
  };
}

function patient(extra: Json = {}): Json {
  return {
    resourceType: 'Patient',
    id: 'p-1',
    text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Kari Nordmann</div>' },
    identifier: [{ use: 'official', system: IdentifierSystem.Fodselsnummer, value: FODSELSNUMMER }],
    active: true,
    name: [{ use: 'official', family: 'Nordmann', given: ['Kari', 'Anne'] }],
    telecom: [{ system: 'phone', value: '+47 55 00 00 00', use: 'mobile', rank: 1 }],
    gender: 'female',
    birthDate: '1950-03-04',
    _birthDate: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/patient-birthTime', valueDateTime: '1950-03-04T06:30:00+01:00' }] },
    deceasedBoolean: false,
    address: [{ use: 'home', type: 'physical', line: ['Strandkaien 1'], city: 'Bergen', postalCode: '5013', country: 'NO' }],
    maritalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-MaritalStatus', code: 'M' }] },
    multipleBirthInteger: 1,
    contact: [{ relationship: [{ text: 'datter' }], name: { text: 'Ola Nordmann' }, gender: 'male', telecom: [{ system: 'phone', value: '99999999' }] }],
    communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'nb' }] }, preferred: true }],
    generalPractitioner: [{ reference: 'PractitionerRole/gp-1' }],
    managingOrganization: { reference: 'Organization/haukeland' },
    ...extra,
  };
}

function encounter(extra: Json = {}): Json {
  return {
    resourceType: 'Encounter',
    status: 'finished',
    statusHistory: [{ status: 'in-progress', period: { start: '2026-11-20T10:00:00+01:00', end: '2026-11-23T09:00:00+01:00' } }],
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP', display: 'inpatient encounter' },
    type: [{ text: 'Innleggelse' }],
    subject: { reference: 'Patient/p-1' },
    participant: [{ type: [{ text: 'ansvarlig lege' }], individual: { reference: 'Practitioner/doc-1' } }],
    period: { start: '2026-11-20T10:00:00+01:00', end: '2026-11-23T09:00:00+01:00' },
    length: { value: 3, unit: 'd', system: 'http://unitsofmeasure.org', code: 'd' },
    diagnosis: [{ condition: { reference: 'Condition/af' }, rank: 1 }],
    hospitalization: {
      admitSource: { text: 'Akuttmottak' },
      reAdmission: { text: 'Reinnleggelse innen 30 dager' },
      destination: { reference: 'Location/hjem' },
      dischargeDisposition: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/discharge-disposition', code: 'home' }] },
    },
    location: [{ location: { reference: 'Location/med-1' }, status: 'completed' }],
    serviceProvider: { reference: 'Organization/haukeland-medisinsk' },
    ...extra,
  };
}

function appointment(extra: Json = {}): Json {
  return {
    resourceType: 'Appointment',
    status: 'booked',
    serviceType: [{ text: 'Kontroll' }],
    description: 'Kontroll etter utskrivning',
    start: '2026-12-01T09:00:00+01:00',
    end: '2026-12-01T09:20:00+01:00',
    minutesDuration: 20,
    created: '2026-11-23',
    basedOn: [{ reference: 'ServiceRequest/henvisning-9' }],
    participant: [
      { actor: { reference: 'Patient/p-1' }, required: 'required', status: 'accepted' },
      { actor: { reference: 'PractitionerRole/gp-1' }, status: 'needs-action', period: { start: '2026-12-01T09:00:00+01:00' } },
    ],
    ...extra,
  };
}

function only(issues: ValidationIssue[]): Pick<ValidationIssue, 'code' | 'expression'> {
  expect(issues).toHaveLength(1);
  return { code: issues[0].code, expression: issues[0].expression };
}

describe('validateResource: valid resources pass', () => {
  it.each([
    ['Task', task()],
    ['Patient', patient()],
    ['Encounter', encounter()],
    ['Appointment', appointment()],
  ])('a full %s', (_type, resource) => {
    expect(validateResource(resource)).toEqual([]);
  });

  it('a Patient with a D-nummer', () => {
    expect(validateResource(patient({ identifier: [{ system: IdentifierSystem.DNummer, value: D_NUMMER }] }))).toEqual([]);
  });

  it('the other supported types', () => {
    const resources: Json[] = [
      { resourceType: 'Practitioner', identifier: [{ system: IdentifierSystem.Hpr, value: '9144901' }], name: [{ family: 'Fastlege', given: ['Kari'] }], qualification: [{ code: { text: 'Lege' } }] },
      {
        resourceType: 'PractitionerRole',
        practitioner: { reference: 'Practitioner/gp-1' },
        organization: { reference: 'Organization/gp-office-1' },
        code: [{ coding: [{ system: 'urn:bro:role', code: 'gp' }] }],
        availableTime: [{ daysOfWeek: ['mon', 'tue'], availableStartTime: '08:00:00', availableEndTime: '15:30:00' }],
        notAvailable: [{ description: 'Ferie', during: { start: '2026-07-01', end: '2026-07-31' } }],
      },
      {
        resourceType: 'Organization',
        identifier: [
          { system: IdentifierSystem.Organisasjonsnummer, value: '910000012' },
          { system: IdentifierSystem.Her, value: '8100001' },
          { system: IdentifierSystem.Resh, value: '4201001' },
        ],
        name: 'Sentrum legesenter',
        alias: ['Sentrum'],
        partOf: { reference: 'Organization/bergen' },
        contact: [{ purpose: { text: 'resepsjon' }, telecom: [{ system: 'phone', value: '55000000' }] }],
      },
      { resourceType: 'HealthcareService', providedBy: { reference: 'Organization/bergen' }, name: 'Lavterskeltilbud', extraDetails: '**Drop-in**', appointmentRequired: false },
      {
        resourceType: 'ServiceRequest',
        status: 'active',
        intent: 'order',
        subject: { reference: 'Patient/p-1' },
        occurrenceTiming: { repeat: { frequency: 1, period: 1, periodUnit: 'wk', boundsPeriod: { start: '2026-11-23' }, when: ['MORN'] } },
        asNeededBoolean: false,
        quantityQuantity: { value: 1 },
        requester: { reference: 'PractitionerRole/coordinator-1' },
        performer: [{ reference: 'HealthcareService/lab' }],
      },
      {
        resourceType: 'MedicationStatement',
        contained: [{ resourceType: 'Medication', id: 'med', code: { text: 'Marevan 2,5 mg' } }],
        status: 'active',
        medicationReference: { reference: '#med' },
        subject: { reference: 'Patient/p-1' },
        effectivePeriod: { start: '2026-11-20' },
        dosage: [
          {
            text: '1 tablett om kvelden',
            timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd', when: ['EVE'] } },
            route: { text: 'oral' },
            doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablett' } }],
          },
        ],
      },
      {
        resourceType: 'Communication',
        status: 'completed',
        subject: { reference: 'Patient/p-1' },
        about: [{ reference: 'Task/transfer-1' }],
        sent: '2026-11-23T10:00:00+01:00',
        sender: { reference: 'PractitionerRole/gp-1' },
        recipient: [{ reference: 'PractitionerRole/coordinator-1' }],
        payload: [{ contentString: 'INR tas fredag.' }, { contentAttachment: { contentType: 'application/pdf', data: 'JVBERi0xLjQK' } }],
      },
      {
        resourceType: 'Subscription',
        status: 'requested',
        reason: 'Board updates',
        criteria: 'Task?owner=Organization/gp-office-1',
        channel: { type: 'rest-hook', endpoint: 'https://ehr.example.no/bro-hook', payload: 'application/fhir+json', header: ['Authorization: Bearer x'] },
      },
      {
        resourceType: 'AuditEvent',
        type: { system: 'http://terminology.hl7.org/CodeSystem/audit-event-type', code: 'rest' },
        action: 'U',
        recorded: '2026-11-23T10:00:00.000Z',
        outcome: '0',
        agent: [{ who: { reference: 'Practitioner/gp-1' }, requestor: true, network: { address: '10.0.0.1', type: '2' } }],
        source: { site: 'bro', observer: { display: 'Bro API' } },
        entity: [{ what: { reference: 'Task/transfer-1/_history/3' }, detail: [{ type: 'status', valueString: 'accepted' }] }],
      },
      {
        resourceType: 'CodeSystem',
        url: 'http://bro.example/CodeSystem/task-category',
        status: 'active',
        content: 'complete',
        caseSensitive: true,
        concept: [
          { code: 'KONTROLL', display: 'Kontroll' },
          { code: 'MED', display: 'Legemidler', concept: [{ code: 'RESEPT-NY', display: 'Ny resept' }, { code: 'MED-JUST', concept: [{ code: 'X' }] }] },
        ],
        property: [{ code: 'deprecated', type: 'boolean' }],
      },
    ];
    for (const resource of resources) expect([resource.resourceType, validateResource(resource)]).toEqual([resource.resourceType, []]);
  });

  it('primitive extensions, including a primitive array with a null placeholder', () => {
    const resource = patient({
      name: [{ family: 'Nordmann', given: ['Kari', null], _given: [null, { extension: [{ url: 'urn:bro:x', valueString: 'data-absent' }] }] }],
      _gender: { id: 'g1' },
    });
    expect(validateResource(resource)).toEqual([]);
  });

  it('a required primitive given only as an extension', () => {
    const resource = task({ status: undefined, _status: { extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/data-absent-reason', valueCode: 'unknown' }] } });
    expect(validateResource(resource)).toEqual([]);
  });

  it('references of every allowed form', () => {
    for (const reference of ['Patient/p-1', 'Patient/p-1/_history/2', 'urn:uuid:6f1c0c6a-3b2f-4c8e-9f51-3d4a5b6c7d8e', 'https://fhir.example.no/fhir/Patient/9', 'Patient?identifier=urn:oid:2.16.578.1.12.4.1.4.1|04835000023']) {
      expect(validateResource(task({ for: { reference } }))).toEqual([]);
    }
  });
});

describe('validateResource: each kind of error, and where', () => {
  it('refuses what is not a JSON object', () => {
    for (const input of [null, undefined, 'Task', 42, [task()]]) {
      expect(only(validateResource(input))).toEqual({ code: 'structure', expression: 'Resource' });
    }
  });

  it('refuses a missing or unsupported resourceType', () => {
    expect(only(validateResource({ status: 'requested' }))).toEqual({ code: 'required', expression: 'Resource.resourceType' });
    expect(only(validateResource({ resourceType: 'Spaceship' }))).toEqual({ code: 'not-supported', expression: 'Resource.resourceType' });
    expect(only(validateResource({ resourceType: 42 }))).toEqual({ code: 'not-supported', expression: 'Resource.resourceType' });
  });

  it('names an unknown element, at any depth', () => {
    const issues = validateResource(patient({ favouriteColour: 'blue' }));
    expect(only(issues)).toEqual({ code: 'structure', expression: 'Patient.favouriteColour' });
    expect(issues[0].diagnostics).toContain("'favouriteColour'");
    expect(only(validateResource(task({ restriction: { period: { end: '2026-11-30', ending: 'soon' } } })))).toEqual({
      code: 'structure',
      expression: 'Task.restriction.period.ending',
    });
    // A choice alternative R4 does not list is unknown too.
    expect(only(validateResource(patient({ deceasedString: 'yes' })))).toEqual({ code: 'structure', expression: 'Patient.deceasedString' });
  });

  it('reports missing required elements', () => {
    const issues = validateResource({ resourceType: 'Task', intent: 'order' });
    expect(only(issues)).toEqual({ code: 'required', expression: 'Task.status' });
    expect(only(validateResource(encounter({ class: undefined })))).toEqual({ code: 'required', expression: 'Encounter.class' });
    expect(only(validateResource(appointment({ participant: [{ actor: { reference: 'Patient/p-1' } }] })))).toEqual({
      code: 'required',
      expression: 'Appointment.participant[0].status',
    });
    expect(only(validateResource(task({ input: [{ type: { text: 'x' } }] })))).toEqual({ code: 'required', expression: 'Task.input[0].value[x]' });
    expect(only(validateResource({ resourceType: 'MedicationStatement', status: 'active', subject: { reference: 'Patient/p-1' } }))).toEqual({
      code: 'required',
      expression: 'MedicationStatement.medication[x]',
    });
  });

  it('enforces cardinality: one value where max is 1, an array where max is *', () => {
    expect(only(validateResource(task({ status: ['requested'] })))).toEqual({ code: 'structure', expression: 'Task.status' });
    expect(only(validateResource(task({ owner: [{ reference: 'Organization/gp-office-1' }] })))).toEqual({ code: 'structure', expression: 'Task.owner' });
    expect(only(validateResource(patient({ identifier: { system: 'urn:x', value: '1' } })))).toEqual({ code: 'structure', expression: 'Patient.identifier' });
    expect(only(validateResource(patient({ name: [{ given: 'Kari' }] })))).toEqual({ code: 'structure', expression: 'Patient.name[0].given' });
  });

  it('refuses two alternatives of one choice element', () => {
    expect(only(validateResource(patient({ deceasedDateTime: '2020-01-01' })))).toEqual({ code: 'structure', expression: 'Patient.deceasedDateTime' });
  });

  it('checks primitive formats and JSON types', () => {
    expect(only(validateResource(patient({ birthDate: '31.12.1950' })))).toEqual({ code: 'invalid', expression: 'Patient.birthDate' });
    expect(only(validateResource(patient({ birthDate: '1951-02-29' })))).toEqual({ code: 'invalid', expression: 'Patient.birthDate' });
    expect(only(validateResource(task({ authoredOn: '2026-11-23T08:00:00' })))).toEqual({ code: 'invalid', expression: 'Task.authoredOn' }); // time without zone
    expect(only(validateResource(task({ restriction: { period: { end: '2026-13-01' } } })))).toEqual({ code: 'invalid', expression: 'Task.restriction.period.end' });
    expect(only(validateResource(task({ restriction: { repetitions: 0 } })))).toEqual({ code: 'invalid', expression: 'Task.restriction.repetitions' });
    expect(only(validateResource(patient({ active: 'true' })))).toEqual({ code: 'invalid', expression: 'Patient.active' });
    expect(only(validateResource(appointment({ start: '2026-12-01' })))).toEqual({ code: 'invalid', expression: 'Appointment.start' }); // instant needs a time
    expect(only(validateResource(appointment({ minutesDuration: 2.5 })))).toEqual({ code: 'invalid', expression: 'Appointment.minutesDuration' });
    expect(only(validateResource(task({ code: 'fulfill' })))).toEqual({ code: 'structure', expression: 'Task.code' });
  });

  it('checks the id', () => {
    expect(only(validateResource(task({ id: 'has spaces' })))).toEqual({ code: 'invalid', expression: 'Task.id' });
    expect(only(validateResource(task({ id: 'x'.repeat(65) })))).toEqual({ code: 'invalid', expression: 'Task.id' });
  });

  it('checks required code bindings', () => {
    const issues = validateResource(task({ status: 'done' }));
    expect(only(issues)).toEqual({ code: 'code-invalid', expression: 'Task.status' });
    expect(issues[0].diagnostics).toContain('in-progress');
    expect(only(validateResource(task({ intent: 'directive' })))).toEqual({ code: 'code-invalid', expression: 'Task.intent' });
    expect(only(validateResource(patient({ gender: 'F' })))).toEqual({ code: 'code-invalid', expression: 'Patient.gender' });
    expect(only(validateResource(patient({ telecom: [{ system: 'mobile', value: '9' }] })))).toEqual({ code: 'code-invalid', expression: 'Patient.telecom[0].system' });
    expect(only(validateResource(encounter({ status: 'discharged' })))).toEqual({ code: 'code-invalid', expression: 'Encounter.status' });
    expect(only(validateResource(appointment({ participant: [{ status: 'maybe', actor: { reference: 'Patient/p-1' } }] })))).toEqual({
      code: 'code-invalid',
      expression: 'Appointment.participant[0].status',
    });
  });

  it('refuses empty objects, arrays and strings, and null', () => {
    expect(only(validateResource(task({ executionPeriod: {} })))).toEqual({ code: 'invalid', expression: 'Task.executionPeriod' });
    expect(only(validateResource(task({ note: [] })))).toEqual({ code: 'invalid', expression: 'Task.note' });
    expect(only(validateResource(task({ description: '' })))).toEqual({ code: 'invalid', expression: 'Task.description' });
    expect(only(validateResource(task({ description: null })))).toEqual({ code: 'invalid', expression: 'Task.description' });
    expect(only(validateResource(patient({ name: [{ given: ['Kari', null] }] })))).toEqual({ code: 'invalid', expression: 'Patient.name[0].given[1]' });
  });

  it('checks the form of references and the types they may point to', () => {
    expect(only(validateResource(task({ for: { reference: 'Patient p-1' } })))).toEqual({ code: 'invalid', expression: 'Task.for.reference' });
    expect(only(validateResource(task({ for: { reference: 'patient/p-1' } })))).toEqual({ code: 'invalid', expression: 'Task.for.reference' });
    const issues = validateResource(task({ owner: { reference: 'Location/ward-3' } }));
    expect(only(issues)).toEqual({ code: 'value', expression: 'Task.owner.reference' });
    expect(issues[0].diagnostics).toContain('HealthcareService');
    expect(only(validateResource(task({ owner: { type: 'Location', display: 'Ward 3' } })))).toEqual({ code: 'value', expression: 'Task.owner.type' });
    expect(only(validateResource(task({ restriction: { recipient: [{ reference: 'Organization/a' }, { reference: 'Encounter/e' }] } })))).toEqual({
      code: 'value',
      expression: 'Task.restriction.recipient[1].reference',
    });
    expect(only(validateResource(task({ note: [{ authorReference: { reference: 'Device/d' }, text: 'x' }] })))).toEqual({
      code: 'value',
      expression: 'Task.note[0].authorReference.reference',
    });
  });

  it('requires a local reference to point at a contained resource', () => {
    expect(only(validateResource(task({ focus: { reference: '#missing' } })))).toEqual({ code: 'value', expression: 'Task.focus.reference' });
    expect(validateResource(task({ focus: { reference: '#sr' }, contained: [{ resourceType: 'ServiceRequest', id: 'sr', status: 'active', intent: 'order', subject: { reference: 'Patient/p-1' } }] }))).toEqual([]);
  });

  it('validates contained resources of supported types, and refuses nesting', () => {
    const focus = { reference: '#p' };
    expect(only(validateResource(task({ focus, contained: [{ resourceType: 'Patient', id: 'p', gender: 'woman' }] })))).toEqual({
      code: 'code-invalid',
      expression: 'Task.contained[0].gender',
    });
    expect(only(validateResource(task({ focus, contained: [{ resourceType: 'Patient', id: 'p', contained: [{ resourceType: 'Patient', id: 'q' }] }] })))).toEqual({
      code: 'structure',
      expression: 'Task.contained[0].contained[0]',
    });
    expect(only(validateResource(task({ focus, contained: [{ resourceType: 'Medication', id: 'p', contained: [{ resourceType: 'Substance', id: 'q' }] }] })))).toEqual({
      code: 'structure',
      expression: 'Task.contained[0].contained',
    });
  });

  it('requires every contained resource to be referred to, or to refer to its container (dom-3)', () => {
    const medication = { resourceType: 'Medication', id: 'm', code: { text: 'Paracet' } };
    expect(only(validateResource(task({ contained: [medication] })))).toEqual({ code: 'invariant', expression: 'Task.contained[0]' });
    expect(only(validateResource(task({ contained: [{ resourceType: 'Medication', code: { text: 'Paracet' } }] })))).toEqual({
      code: 'invariant',
      expression: 'Task.contained[0]',
    });
    expect(validateResource(task({ focus: { reference: '#m' }, contained: [medication] }))).toEqual([]);
    const pointsBack = { resourceType: 'Provenance', target: [{ reference: '#' }], recorded: '2026-01-01T00:00:00Z', agent: [{ who: { display: 'x' } }] };
    expect(validateResource(task({ contained: [pointsBack] }))).toEqual([]);
  });

  it('refuses a contained resource with a version of its own (dom-4)', () => {
    const contained = [{ resourceType: 'Medication', id: 'm', meta: { lastUpdated: '2026-01-01T00:00:00Z' } }];
    expect(only(validateResource(task({ focus: { reference: '#m' }, contained })))).toEqual({ code: 'invariant', expression: 'Task.contained[0].meta' });
  });

  it('holds contained resources of types it does not model to FHIR JSON and narrative rules', () => {
    const contained = (medication: Record<string, unknown>) => validateResource(task({ focus: { reference: '#m' }, contained: [{ resourceType: 'Medication', id: 'm', ...medication }] }));
    expect(only(contained({ ingredient: [] }))).toEqual({ code: 'invalid', expression: 'Task.contained[0].ingredient' });
    expect(only(contained({ code: { text: '' } }))).toEqual({ code: 'invalid', expression: 'Task.contained[0].code.text' });
    expect(only(contained({ code: {} }))).toEqual({ code: 'invalid', expression: 'Task.contained[0].code' });
    const script = contained({ text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></div>' } });
    expect(only(script)).toEqual({ code: 'invalid', expression: 'Task.contained[0].text.div' });
    expect(script[0].diagnostics).toMatch(/<script> is not allowed/);
    expect(contained({ code: { text: 'Paracet' }, text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Paracet</div>' } })).toEqual([]);
  });

  it('refuses narrative outside what R4 allows, without quoting it back', () => {
    const issues = validateResource(task({ text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p onclick="x()">a</p></div>' } }));
    expect(only(issues)).toEqual({ code: 'invalid', expression: 'Task.text.div' });
    expect(issues[0].diagnostics).toBe('the event handler onclick on <p> is not allowed in narrative (it runs script)');
  });

  it('reports a fødselsnummer with wrong check digits at the identifier value', () => {
    const wrong = FODSELSNUMMER.slice(0, 10) + String((Number(FODSELSNUMMER[10]) + 1) % 10);
    const issues = validateResource(patient({ identifier: [{ system: 'urn:bro:other', value: 'x' }, { system: IdentifierSystem.Fodselsnummer, value: wrong }] }));
    expect(only(issues)).toEqual({ code: 'value', expression: 'Patient.identifier[1].value' });
    expect(issues[0].diagnostics).toBe(`"${wrong}" is not a valid fødselsnummer: wrong check digits`);
  });

  it('applies the identifier rules wherever an Identifier appears', () => {
    expect(only(validateResource(task({ owner: { identifier: { system: IdentifierSystem.Organisasjonsnummer, value: '910000013' } } })))).toEqual({
      code: 'value',
      expression: 'Task.owner.identifier.value',
    });
    expect(only(validateResource({ resourceType: 'Practitioner', identifier: [{ system: IdentifierSystem.Hpr, value: 'HPR-1' }] }))).toEqual({
      code: 'value',
      expression: 'Practitioner.identifier[0].value',
    });
  });

  it('validates extensions by the Extension schema', () => {
    expect(only(validateResource(task({ extension: [{ valueString: 'x' }] })))).toEqual({ code: 'required', expression: 'Task.extension[0].url' });
    expect(only(validateResource(task({ extension: [{ url: 'urn:x', valueString: 'x', colour: 'red' }] })))).toEqual({
      code: 'structure',
      expression: 'Task.extension[0].colour',
    });
    expect(only(validateResource(task({ extension: [{ url: 'urn:x' }] })))).toEqual({ code: 'structure', expression: 'Task.extension[0]' });
    expect(only(validateResource(task({ extension: [{ url: 'urn:x', valueString: 'x', extension: [{ url: 'y', valueBoolean: true }] }] })))).toEqual({
      code: 'structure',
      expression: 'Task.extension[0]',
    });
    expect(only(validateResource(task({ extension: [{ url: 'urn:x', valueString: 'x', valueBoolean: true }] })))).toEqual({
      code: 'structure',
      expression: 'Task.extension[0].valueBoolean',
    });
    expect(only(validateResource(task({ modifierExtension: [{ url: 'urn:x', valueDate: 'tomorrow' }] })))).toEqual({
      code: 'invalid',
      expression: 'Task.modifierExtension[0].valueDate',
    });
  });

  it('checks primitive extension siblings loosely', () => {
    expect(only(validateResource(patient({ _birthDate: { colour: 'red' } })))).toEqual({ code: 'structure', expression: 'Patient._birthDate.colour' });
    expect(only(validateResource(patient({ _birthDate: 'x' })))).toEqual({ code: 'structure', expression: 'Patient._birthDate' });
    expect(only(validateResource(patient({ _name: { id: 'x' } })))).toEqual({ code: 'structure', expression: 'Patient._name' });
  });

  it('checks the id on update', () => {
    expect(validateResource(task(), { forUpdateId: 'transfer-1' })).toEqual([]);
    expect(only(validateResource(task({ id: undefined }), { forUpdateId: 'transfer-1' }))).toEqual({ code: 'required', expression: 'Task.id' });
    expect(only(validateResource(task(), { forUpdateId: 'transfer-2' }))).toEqual({ code: 'invalid', expression: 'Task.id' });
  });

  it('reports every problem, in document order', () => {
    const issues = validateResource({ resourceType: 'Task', status: 'done', intent: 'order', colour: 'red', authoredOn: 'today' });
    expect(issues.map((issue) => issue.expression)).toEqual(['Task.status', 'Task.colour', 'Task.authoredOn']);
    expect(issues.every((issue) => issue.severity === 'error')).toBe(true);
  });

  it('stops at a hundred issues', () => {
    const notes = Array.from({ length: 500 }, () => ({ text: '' }));
    expect(validateResource(task({ note: notes }))).toHaveLength(100);
  });
});

describe('isSupportedResourceType', () => {
  it('knows the fourteen types', () => {
    for (const type of ['Patient', 'Task', 'Subscription', 'AuditEvent', 'CodeSystem']) expect(isSupportedResourceType(type)).toBe(true);
    for (const type of ['Bundle', 'Medication', 'patient', '', undefined, 7]) expect(isSupportedResourceType(type)).toBe(false);
  });
});
