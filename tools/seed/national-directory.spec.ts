import { ON_DUTY_ROLE_CODE, OrganizationTypeCode, Resource, isValidOrganisasjonsnummer, validateResource } from '@app/fhir';
import { NATIONAL_SIZE, buildNationalDirectory } from './national-directory';

type Coded = Array<{ coding: Array<{ code: string }> }>;
const codes = (resource: Resource, field: string) => ((resource[field] ?? []) as Coded).flatMap((concept) => concept.coding.map((coding) => coding.code));

describe('the national-size directory', () => {
  const today = '2026-12-06';
  const national = buildNationalDirectory({ seed: 42, today });
  const all = Object.values(national.resources).flat();

  it('has the national sizes: 5,000 organisations, 2,000 services, 30,000 people in roles, and duties at every unit', () => {
    expect(national.resources.Organization).toHaveLength(5000);
    expect(national.resources.HealthcareService).toHaveLength(NATIONAL_SIZE.services);
    const roles = national.resources.PractitionerRole;
    const duties = roles.filter((role) => codes(role, 'code').includes(ON_DUTY_ROLE_CODE.code));
    expect(roles.length - duties.length).toBe(NATIONAL_SIZE.roles);
    const units = national.resources.Organization.filter((org) => codes(org, 'type').includes(OrganizationTypeCode.HospitalUnit));
    expect(units).toHaveLength(NATIONAL_SIZE.hospitals * NATIONAL_SIZE.unitsPerHospital);
    expect(duties).toHaveLength(units.length * 2);
    expect(duties.map((duty) => (duty.period as { start: string }).start)).toContain('2026-12-06T08:00:00+01:00');
  });

  it('makes valid resources with unique ids and identifiers whose references all point inside the directory', () => {
    const ids = new Set(all.map((resource) => `${resource.resourceType}/${resource.id}`));
    expect(ids.size).toBe(all.length);
    const identifiers = new Set<string>();
    for (const resource of all) {
      for (const { system, value } of resource.identifier as Array<{ system: string; value: string }>) {
        const key = `${resource.resourceType} ${system}|${value}`;
        expect(identifiers.has(key) ? key : 'unique').toBe('unique');
        identifiers.add(key);
      }
    }
    const dangling = all.flatMap((resource) => JSON.stringify(resource).match(/"reference":"[A-Za-z]+\/[^"]+"/g) ?? []).map((text) => text.slice(13, -1)).filter((reference) => !ids.has(reference));
    expect(dangling).toEqual([]);
    for (const org of national.resources.Organization.filter((o) => codes(o, 'type').includes(OrganizationTypeCode.GpOffice)).slice(0, 50)) {
      const orgnr = (org.identifier as Array<{ value: string }>)[0].value;
      expect(isValidOrganisasjonsnummer(orgnr)).toBe(true);
      expect(orgnr.startsWith('8')).toBe(true);
    }
    const problems = all.filter((_, i) => i % 97 === 0).flatMap((resource) => validateResource(resource).filter((issue) => issue.severity === 'error').map((issue) => `${resource.id}: ${issue.diagnostics}`));
    expect(problems).toEqual([]);
  });

  it('is the same for the same seed and day, and names what a person would type', () => {
    expect(JSON.stringify(buildNationalDirectory({ seed: 42, today }).resources.Organization.slice(0, 100))).toBe(JSON.stringify(national.resources.Organization.slice(0, 100)));
    expect(national.names.places).toContain('Voss legesenter');
    expect(national.names.places).toContain('Hjemmesykepleie Bergen');
    expect(national.names.people).toHaveLength(NATIONAL_SIZE.roles);
  });
});
