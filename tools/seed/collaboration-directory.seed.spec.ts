import { BERGEN_BOROUGHS, IdentifierSystem, MunicipalServiceType, ON_DUTY_ROLE_CODE, OrganizationTypeCode, Resource, formatOpeningHours, openingHoursOf } from '@app/fhir';
import { addDays } from '../../apps/api/src/common/calendar/oslo-calendar';
import { DEFAULT_DIRECTORY_OPTIONS, buildBergenDirectory, directoryGroups } from './bergen-directory';
import { ON_DUTY_DAYS, osloOffset } from './collaboration-directory.seed';

type Coded = Array<{ coding: Array<{ system: string; code: string }> }>;
const codes = (resource: Resource, field: string) => ((resource[field] ?? []) as Coded).flatMap((concept) => concept.coding.map((coding) => coding.code));

describe('the Bergen collaboration directory', () => {
  const today = '2026-03-27';
  const directory = buildBergenDirectory({ ...DEFAULT_DIRECTORY_OPTIONS, today });
  const endpointOf = (fullUrl: string) => directory.endpoints[fullUrl]?.resource;

  it('has every kind of municipal service in every borough, each with its district, phone, hours and HER address', () => {
    const services = directory.healthcareServices.filter((service) => codes(service.resource, 'type').some((code) => Object.values(MunicipalServiceType).includes(code as MunicipalServiceType)));
    for (const borough of BERGEN_BOROUGHS) {
      const here = services.filter((service) => (service.resource.coverageArea as Array<{ display: string }> | undefined)?.[0]?.display === borough);
      expect([borough, here.flatMap((service) => codes(service.resource, 'type')).filter((code) => code !== 'low-threshold-service').sort()]).toEqual([borough, [...Object.values(MunicipalServiceType)].sort()]);
      for (const service of here) {
        expect(service.resource.telecom).toEqual([expect.objectContaining({ system: 'phone' })]);
        expect(openingHoursOf(service.resource).length).toBeGreaterThan(0);
        const endpoint = endpointOf(service.fullUrl)!;
        expect(endpoint).toMatchObject({ status: 'active', address: expect.stringMatching(/^her:\d+$/) });
        expect(service.resource.endpoint).toEqual([{ reference: directory.endpoints[service.fullUrl].fullUrl }]);
      }
    }
  });

  it('gives GP offices, hospitals and their units a district, opening hours and a HER address with the message types it takes', () => {
    for (const org of directory.organizations.filter((o) => [OrganizationTypeCode.GpOffice, OrganizationTypeCode.Hospital, OrganizationTypeCode.HospitalUnit].includes(o.type))) {
      const resource = org.entry.resource;
      expect(BERGEN_BOROUGHS).toContain((resource.address as Array<{ district: string }>)[0].district);
      expect(formatOpeningHours(openingHoursOf(resource))).not.toBe('');
      const endpoint = endpointOf(org.entry.fullUrl)!;
      expect(codes(endpoint, 'payloadType')).toContain('DIALOG_FORESPORSEL');
      expect((endpoint.managingOrganization as { reference: string }).reference).toBe(org.entry.fullUrl);
      if (org.herId) expect(endpoint.address).toBe(`her:${org.herId}`);
    }
    const her = Object.values(directory.endpoints).map((endpoint) => (endpoint.resource.identifier as Array<{ system: string; value: string }>).find((id) => id.system === IdentifierSystem.Her)!.value);
    expect(new Set(her).size).toBe(her.length);
  });

  it('has someone on duty for GP questions at every hospital unit, today and each day ahead, 08–16 Oslo time', () => {
    const duties = directory.practitioners.flatMap((person) => person.roles).filter((role) => codes(role.resource, 'code').includes(ON_DUTY_ROLE_CODE.code));
    const units = directory.organizations.filter((org) => org.type === OrganizationTypeCode.HospitalUnit);
    expect(duties).toHaveLength(units.length * ON_DUTY_DAYS);
    for (const unit of units) {
      const here = duties.filter((role) => (role.resource.organization as { reference: string }).reference === unit.entry.fullUrl);
      expect(here.map((role) => (role.resource.period as { start: string }).start.slice(0, 10)).sort()).toEqual(Array.from({ length: ON_DUTY_DAYS }, (_, day) => addDays(today, day)));
    }
    // 27 March is winter time, 29 March summer time (the clocks change that night).
    expect(duties.map((role) => (role.resource.period as { start: string }).start)).toContain('2026-03-27T08:00:00+01:00');
    expect(duties.map((role) => (role.resource.period as { end: string }).end)).toContain('2026-03-29T16:00:00+02:00');
  });

  it('loads every address with its entry, and is the same for the same day', () => {
    const groups = directoryGroups(directory);
    const loaded = new Set(groups.flat().map((entry) => entry.fullUrl));
    for (const endpoint of Object.values(directory.endpoints)) expect(loaded.has(endpoint.fullUrl)).toBe(true);
    expect(JSON.stringify(buildBergenDirectory({ ...DEFAULT_DIRECTORY_OPTIONS, today }))).toBe(JSON.stringify(directory));
    expect(osloOffset('2026-07-01', '08:00')).toBe('+02:00');
    expect(osloOffset('2026-01-15', '08:00')).toBe('+01:00');
  });
});
