import { randomUUID } from 'node:crypto';
import { OperationOutcome, Resource, SUPPORTED_RESOURCE_TYPES } from '@app/fhir';
import { organization, patient, practitioner, task } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';
import { ApiAnswer, callAs, gpRole } from '../support/transfers';

const XHTML = 'http://www.w3.org/1999/xhtml';
const narrative = (inner: string) => ({ status: 'generated', div: `<div xmlns="${XHTML}">${inner}</div>` });

/**
 * What Bro accepts as FHIR R4: R4's StructureDefinitions for every type (contained resources of any
 * type included), its narrative and contained-resource rules, and `$validate` on types and instances.
 */
describe('FHIR validation', () => {
  let api: TestApi;
  let patientId: string;
  const as = <T = OperationOutcome>(user: string, method: string, path: string, body?: unknown) => callAs<T>(api, user, method, `/fhir/R4/${path}`, body);
  const ehr = <T = OperationOutcome>(method: string, path: string, body?: unknown) => as<T>('ehr', method, path, body);
  const expressions = (answer: ApiAnswer<OperationOutcome>) => answer.body.issue.filter((issue) => issue.severity === 'error').flatMap((issue) => issue.expression ?? []);

  beforeAll(async () => {
    api = await startTestApi();
    patientId = (await ehr<Resource>('POST', 'Patient', patient())).body.id!;
  });
  afterAll(() => api.close());

  /** A Task with its own identifier, for resources it contains. */
  const taskWith = (extra: Partial<Resource>) => task(patientId, gpRole(), extra);

  describe('contained resources of types Bro does not store (item 7)', () => {
    it.each([
      ['a resourceType R4 does not have', { resourceType: 'NotAType', id: 'med' }, 'Task.contained[0].resourceType'],
      ['an element R4 does not define', { resourceType: 'Medication', id: 'med', strength: '500 mg' }, 'Task.contained[0].strength'],
      ['a wrong datatype', { resourceType: 'Medication', id: 'med', code: 'Paracetamol' }, 'Task.contained[0].code'],
      ['an empty array', { resourceType: 'Medication', id: 'med', ingredient: [] }, 'Task.contained[0].ingredient'],
      ['a version of its own (dom-4)', { resourceType: 'Medication', id: 'med', meta: { versionId: '3' } }, 'Task.contained[0].meta'],
    ])('refuses one with %s (400), naming where, and stores nothing', async (_case, contained, where) => {
      const body = taskWith({ focus: { reference: '#med' }, contained: [contained] });
      const answer = await ehr('POST', 'Task', body);
      expect(answer.status).toBe(400);
      expect(answer.body.resourceType).toBe('OperationOutcome');
      expect(expressions(answer)).toContain(where);
      const identifier = body.identifier[0];
      expect((await ehr<{ total: number }>('GET', `Task?identifier=${identifier.system}|${identifier.value}`)).body.total).toBe(0);
    });

    it('refuses a contained resource inside a contained resource (dom-2)', async () => {
      const nested = { resourceType: 'Medication', id: 'med', contained: [{ resourceType: 'Substance', id: 's', code: { text: 'paracetamol' } }] };
      const answer = await ehr('POST', 'Task', taskWith({ focus: { reference: '#med' }, contained: [nested] }));
      expect(answer.status).toBe(400);
      expect(answer.body.issue.map((issue) => issue.diagnostics).join(' ')).toMatch(/cannot itself contain resources/);
    });

    it('stores a contained resource the container refers to, unchanged, and refuses the same one unreferenced (dom-3)', async () => {
      const contained = [{ resourceType: 'Medication', id: 'med', code: { text: 'Paracetamol 500 mg' }, text: narrative('<p>Paracetamol <b>500 mg</b></p>') }];
      const created = await ehr<Resource>('POST', 'Task', taskWith({ focus: { reference: '#med' }, contained }));
      expect(created.status).toBe(201);
      expect((await ehr<Resource>('GET', `Task/${created.body.id}`)).body.contained).toEqual(contained);
      expect((await ehr('POST', 'Task', taskWith({ contained }))).status).toBe(400);
    });

    it.each([
      ['without an id', { resourceType: 'Medication', code: { text: 'Paracetamol' } }, {}],
      ['that nothing refers to', { resourceType: 'Medication', id: 'med', code: { text: 'Paracetamol' } }, {}],
      ['referred to by another id', { resourceType: 'Medication', id: 'med', code: { text: 'Paracetamol' } }, { focus: { reference: '#other' } }],
    ])('refuses a contained resource %s (dom-3)', async (_case, contained, extra) => {
      const answer = await ehr('POST', 'Task', taskWith({ ...extra, contained: [contained] }));
      expect(answer.status).toBe(400);
      expect(answer.body.issue).toEqual(
        expect.arrayContaining([expect.objectContaining({ code: 'invariant', expression: ['Task.contained[0]'], diagnostics: expect.stringContaining('dom-3') })]),
      );
    });
  });

  describe('narrative (item 7: txt-1, txt-2)', () => {
    it.each([
      ['<script>', '<script>alert(document.cookie)</script>x', /<script> is not allowed/],
      ['an event handler', '<p onclick="steal()">x</p>', /event handler onclick/],
      ['a javascript: URL', '<a href="javascript:steal()">x</a>', /javascript:/],
      ['<iframe>', '<iframe src="https://evil.example/"></iframe>x', /<iframe> is not allowed/],
      ['<object>', '<object data="evil.swf"></object>x', /<object> is not allowed/],
      ['<style>', '<style>p { color: red }</style>x', /<style> is not allowed/],
      ['a form', '<form action="https://evil.example/"><p>x</p></form>', /<form> is not allowed/],
      ['no content (txt-2)', '<p>  </p>', /txt-2/],
    ])('refuses a Patient narrative with %s (400), naming Patient.text.div', async (_case, inner, message) => {
      const answer = await ehr('POST', 'Patient', patient({ text: narrative(inner) }));
      expect(answer.status).toBe(400);
      expect(answer.body.issue).toEqual([
        expect.objectContaining({ severity: 'error', expression: ['Patient.text.div'], diagnostics: expect.stringMatching(message) }),
      ]);
      expect(JSON.stringify(answer.body)).not.toContain('steal()');
    });

    it('stores narrative with formatting, tables and safe links, and refuses one that is not an XHTML div', async () => {
      const text = narrative('<p>Utskrevet etter <b>3 døgn</b>.</p><table><tr><td>CRP</td><td>12</td></tr></table><a href="https://www.helsenorge.no/">helsenorge</a>');
      const created = await ehr<Resource>('POST', 'Patient', patient({ text }));
      expect(created.status).toBe(201);
      expect(created.body.text).toEqual(text);
      for (const div of ['Kari Nordmann', '<p>Kari</p>', '<div>Kari</div>']) {
        const answer = await ehr('POST', 'Patient', patient({ text: { status: 'generated', div } }));
        expect([div, answer.status, expressions(answer)]).toEqual([div, 400, ['Patient.text.div']]);
      }
    });

    it('refuses <script> in the narrative of a contained resource, and on update', async () => {
      const contained = [{ resourceType: 'Medication', id: 'med', code: { text: 'x' }, text: narrative('<script>alert(1)</script>x') }];
      const created = await ehr('POST', 'Task', taskWith({ focus: { reference: '#med' }, contained }));
      expect(created.status).toBe(400);
      expect(expressions(created)).toEqual(['Task.contained[0].text.div']);

      const stored = (await ehr<Resource>('POST', 'Task', taskWith({}))).body;
      const updated = await ehr('PUT', `Task/${stored.id}`, { ...stored, text: narrative('<img src="x" onerror="steal()"/>') });
      expect(updated.status).toBe(400);
      expect(expressions(updated)).toEqual(['Task.text.div']);
      expect((await ehr<Resource>('GET', `Task/${stored.id}`)).body.text).toBeUndefined();
    });
  });

  describe('every resource type Bro serves, with the R4 StructureDefinitions and Bro’s rules', () => {
    const minimal = (type: string): Resource => {
      const subject = { reference: `Patient/${patientId}` };
      const identifier = [{ system: 'urn:bro:test:validation', value: randomUUID() }];
      switch (type) {
        case 'Patient':
          return patient();
        case 'Practitioner':
          return practitioner();
        case 'PractitionerRole':
          return { resourceType: type, identifier, active: true };
        case 'Organization':
          return organization('Validering legesenter');
        case 'HealthcareService':
          return { resourceType: type, identifier, name: 'Lavterskeltilbud' };
        case 'Endpoint':
          return { resourceType: type, identifier, status: 'active', connectionType: { system: 'urn:bro:endpoint-connection-type', code: 'her-message' }, payloadType: [{ coding: [{ system: 'urn:bro:message-type', code: 'EPIKRISE' }] }], address: 'her:8100001' };
        case 'Encounter':
          return { resourceType: type, identifier, status: 'finished', class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' }, subject };
        case 'EpisodeOfCare':
          return { resourceType: type, identifier, status: 'active', patient: subject };
        case 'Task':
          return taskWith({});
        case 'ServiceRequest':
          return { resourceType: type, identifier, status: 'active', intent: 'order', subject };
        case 'Appointment':
          return { resourceType: type, identifier, status: 'proposed', participant: [{ actor: subject, status: 'needs-action' }] };
        case 'AppointmentResponse':
          return { resourceType: type, identifier, appointment: { reference: 'Appointment/validation-only' }, actor: subject, participantStatus: 'accepted' };
        case 'Schedule':
          return { resourceType: type, identifier, active: true, actor: [subject] };
        case 'Slot':
          return { resourceType: type, identifier, schedule: { reference: 'Schedule/validation-only' }, status: 'free', start: new Date(Date.now() + 7 * 86_400_000).toISOString(), end: new Date(Date.now() + 7 * 86_400_000 + 1_800_000).toISOString() };
        case 'MedicationStatement':
          return { resourceType: type, identifier, status: 'active', medicationCodeableConcept: { text: 'Paracetamol 500 mg' }, subject };
        case 'Communication':
          return { resourceType: type, identifier, status: 'completed', subject, payload: [{ contentString: 'Epikrise sendt' }] };
        case 'Flag':
          return { resourceType: type, identifier, status: 'active', code: { text: 'Fallrisiko' }, subject };
        case 'Subscription':
          return { resourceType: type, status: 'requested', reason: 'nye oppgaver', criteria: 'Task?status=requested', channel: { type: 'rest-hook', endpoint: 'https://ehr.example/hook', payload: 'application/fhir+json' } };
        default:
          throw new Error(`no example for ${type}`);
      }
    };

    it.each(SUPPORTED_RESOURCE_TYPES.map((type) => [type]))('%s: a minimal valid one passes $validate; unknown elements and wrong datatypes are refused', async (type) => {
      const valid = await ehr('POST', `${type}/$validate`, minimal(type));
      expect([valid.status, valid.body.issue]).toEqual([200, [expect.objectContaining({ severity: 'information', diagnostics: expect.stringMatching(/^No issues/) })]]);

      const invalid = { ...minimal(type), colour: 'blue', language: 42, focusMedication: { reference: '#med' }, contained: [{ resourceType: 'Medication', id: 'med', code: 'Paracetamol' }] };
      const where = [`${type}.colour`, `${type}.language`, `${type}.focusMedication`, `${type}.contained[0].code`];
      const validated = await ehr('POST', `${type}/$validate`, invalid);
      expect(validated.status).toBe(200);
      expect(expressions(validated)).toEqual(expect.arrayContaining(where));
      const created = await ehr('POST', type, invalid);
      expect(created.status).toBe(400);
      expect(expressions(created)).toEqual(expect.arrayContaining(where));
    });
  });

  describe('$validate', () => {
    it('on a type: 200 with "no issues" for a valid resource, its issues for an invalid one, as the resource or as Parameters', async () => {
      const valid = await ehr('POST', 'Patient/$validate', patient());
      expect(valid.status).toBe(200);
      expect(valid.body).toEqual({ resourceType: 'OperationOutcome', issue: [expect.objectContaining({ severity: 'information', code: 'informational' })] });

      const wrongFnr = patient({ identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: '01010112345' }] });
      const invalid = await ehr('POST', 'Patient/$validate', { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: { ...wrongFnr, gender: 'woman' } }] });
      expect(invalid.status).toBe(200);
      expect(expressions(invalid).sort()).toEqual(['Patient.gender', 'Patient.identifier[0].value']);
    });

    it('mode create tries the create and undoes it: a clash with an existing identifier is reported, nothing is stored', async () => {
      const body = patient();
      const asCreate = await ehr('POST', 'Patient/$validate', { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: body }, { name: 'mode', valueCode: 'create' }] });
      expect(asCreate.body.issue).toEqual([expect.objectContaining({ severity: 'information', diagnostics: expect.stringContaining('would accept it as a create') })]);
      const fnr = body.identifier[0];
      expect((await ehr<{ total: number }>('GET', `Patient?identifier=${fnr.system}|${fnr.value}`)).body.total).toBe(0);

      await ehr('POST', 'Patient', body);
      const again = await ehr('POST', 'Patient/$validate', { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: body }, { name: 'mode', valueCode: 'create' }] });
      expect(again.status).toBe(200);
      expect(again.body.issue).toEqual([expect.objectContaining({ severity: 'error', code: 'conflict' })]);
      expect((await ehr<{ total: number }>('GET', `Patient?identifier=${fnr.system}|${fnr.value}`)).body.total).toBe(1);
    });

    it('on an instance: mode update checks the new content against that resource, and changes nothing', async () => {
      const stored = (await ehr<Resource>('POST', 'Task', taskWith({}))).body;
      const update = (resource: unknown) => ehr('POST', `Task/${stored.id}/$validate`, { resourceType: 'Parameters', parameter: [{ name: 'resource', resource }, { name: 'mode', valueCode: 'update' }] });

      const fine = await update({ ...stored, description: 'Kontroll om en uke' });
      expect(fine.body.issue).toEqual([expect.objectContaining({ severity: 'information', diagnostics: expect.stringContaining('as an update') })]);
      const wrongId = await update({ ...stored, id: 'another' });
      expect(wrongId.status).toBe(200);
      expect(expressions(wrongId)).toEqual(['Task.id']);
      const bad = await update({ ...stored, status: 'finished-ish', text: narrative('<script>x</script>x') });
      expect(expressions(bad).sort()).toEqual(['Task.status', 'Task.text.div']);
      expect((await ehr<Resource>('GET', `Task/${stored.id}`)).body.meta?.versionId).toBe('1');
    });

    it('on an instance: mode delete says whether the delete would go through (referrers), and deletes nothing', async () => {
      const lonely = (await ehr<Resource>('POST', 'Organization', organization('Ingen peker hit'))).body;
      const deletable = await ehr('POST', `Organization/${lonely.id}/$validate`, { resourceType: 'Parameters', parameter: [{ name: 'mode', valueCode: 'delete' }] });
      expect(deletable.body.issue).toEqual([expect.objectContaining({ severity: 'information', diagnostics: expect.stringContaining(`would delete Organization/${lonely.id}`) })]);
      expect((await ehr('GET', `Organization/${lonely.id}`)).status).toBe(200);

      const referred = (await ehr<Resource>('POST', 'Patient', patient())).body;
      const referrer = (await ehr<Resource>('POST', 'Task', task(referred.id!, gpRole()))).body;
      const blocked = await ehr('POST', `Patient/${referred.id}/$validate`, { resourceType: 'Parameters', parameter: [{ name: 'mode', valueCode: 'delete' }] });
      expect(blocked.status).toBe(200);
      expect(blocked.body.issue).toEqual([expect.objectContaining({ severity: 'error', code: 'conflict', diagnostics: expect.stringContaining(`Task/${referrer.id}`) })]);
      expect((await ehr('GET', `Patient/${referred.id}`)).status).toBe(200);
    });

    it('refuses what it cannot validate: an unknown type (404), a profile Bro does not hold, mode update on a type (400)', async () => {
      expect((await ehr('POST', 'NotAType/$validate', { resourceType: 'NotAType' })).status).toBe(404);
      expect((await ehr('POST', 'AuditEvent/$validate', { resourceType: 'AuditEvent' })).status).toBe(404);
      const profiled = await ehr('POST', 'Patient/$validate', { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: patient() }, { name: 'profile', valueUri: 'http://example.org/StructureDefinition/other' }] });
      expect([profiled.status, profiled.body.issue[0].code]).toEqual([400, 'not-supported']);
      const base = await ehr('POST', 'Patient/$validate', { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: patient() }, { name: 'profile', valueUri: 'http://hl7.org/fhir/StructureDefinition/Patient' }] });
      expect(base.body.issue[0].severity).toBe('information');
      const onType = await ehr('POST', 'Patient/$validate', { resourceType: 'Parameters', parameter: [{ name: 'resource', resource: patient() }, { name: 'mode', valueCode: 'update' }] });
      expect(onType.status).toBe(400);
      expect((await ehr('POST', 'Patient/$validate', { resourceType: 'Parameters', parameter: [] })).status).toBe(400);
      expect((await ehr('POST', 'Patient/$validate', { ...organization() })).status).toBe(400);
    });

    it('answers a caller who may not write the type or see the resource as the write would (403/404), telling nothing of the content', async () => {
      const invalid = patient({ gender: 'woman' });
      const quality = await as('quality', 'POST', 'Patient/$validate', invalid);
      expect(quality.status).toBe(403);
      expect(JSON.stringify(quality.body)).not.toContain('gender');
      expect((await as('admin', 'POST', 'Task/$validate', taskWith({}))).status).toBe(403);

      // The demo GP has no care relationship with this patient: as if it did not exist.
      const stranger = (await ehr<Resource>('POST', 'Patient', patient())).body;
      const hidden = await as('gp', 'POST', `Patient/${stranger.id}/$validate`, { resourceType: 'Parameters', parameter: [{ name: 'mode', valueCode: 'delete' }] });
      expect(hidden.status).toBe(404);
      expect(hidden.body.issue[0].diagnostics).toBe(`Patient/${stranger.id} does not exist`);
      const unsigned = await fetch(`${api.baseUrl}/Patient/$validate`, { method: 'POST', headers: { 'Content-Type': 'application/fhir+json' }, body: JSON.stringify(patient()) });
      expect(unsigned.status).toBe(401);
    });

    it('is listed in the CapabilityStatement for every type Bro serves', async () => {
      const statement = (await fetch(`${api.baseUrl}/metadata`).then((r) => r.json())) as { rest: Array<{ resource: Array<{ type: string; operation?: Array<{ name: string; definition: string }> }> }> };
      for (const type of SUPPORTED_RESOURCE_TYPES) {
        const resource = statement.rest[0].resource.find((entry) => entry.type === type);
        expect([type, resource?.operation?.filter((operation) => operation.name === 'validate')]).toEqual([
          type,
          [{ name: 'validate', definition: 'http://hl7.org/fhir/OperationDefinition/Resource-validate' }],
        ]);
      }
    });
  });
});
