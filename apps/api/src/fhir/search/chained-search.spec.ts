import { parseSearchRequest } from './search-request.parser';
import { SqlParams, buildSearchWhere } from './search-sql.builder';

const limits = { defaultPageSize: 20, maxPageSize: 100 };
const parse = (resourceType: string, pairs: Array<[string, string]>) => parseSearchRequest(resourceType, pairs, limits);

describe('chains and _has', () => {
  it('reads a chain into the target types that declare the parameter', () => {
    const [chain] = parse('Task', [['owner.identifier', 'urn:x|1']]).chains;
    expect(chain.parameter.name).toBe('owner');
    expect(chain.targets.map((target) => target.type).sort()).toEqual(['HealthcareService', 'Organization', 'Patient', 'Practitioner', 'PractitionerRole']);
    const [narrowed] = parse('Task', [['owner:PractitionerRole.organization', 'Organization/o1']]).chains;
    expect(narrowed.targets.map((target) => target.type)).toEqual(['PractitionerRole']);
  });

  it('puts the caller\'s visibility of the other type inside the subquery', () => {
    const request = parse('Patient', [['_has:Task:patient:status', 'requested']]);
    request.access = { visibleSql: (type) => `visible_${type}` };
    const where = buildSearchWhere(request, new SqlParams(), 'http://x/fhir');
    expect(where).toMatch(/^id IN \(SELECT substr\(reference, 9\) FROM \(SELECT "sp_subject" AS reference FROM "fhir_task" WHERE .* AND visible_Task\)/);
    const chained = parse('Task', [['patient.identifier', 'urn:x|1']]);
    chained.access = { visibleSql: (type) => `visible_${type}`, may: (type) => type !== 'Patient' };
    // A type the caller may not search contributes no rows at all.
    expect(buildSearchWhere(chained, new SqlParams(), 'http://x/fhir')).toMatch(/"sp_subject" IN \(SELECT .* FROM "fhir_patient" WHERE .* AND FALSE\)/);
  });

  it.each([
    ['a two-level chain', 'Task', 'patient.organization.identifier'],
    ['a chain off a token', 'Task', 'status.identifier'],
    ['a type the reference never has', 'Task', 'owner:Encounter.status'],
    ['an unknown chained parameter', 'Task', 'patient.colour'],
    ['a result parameter after the dot', 'Task', 'patient._count'],
    ['_has inside _has', 'Patient', '_has:Task:patient:_has:Communication:based-on:status'],
    ['_has on a reference that never points here', 'Patient', '_has:Task:encounter:status'],
    ['_has without a parameter', 'Patient', '_has:Task:patient'],
  ])('refuses %s', (_what, resourceType, key) => {
    expect(() => parse(resourceType, [[key, 'x']])).toThrow();
  });
});
