import { IdentifierSystem } from '../identifiers';
import { OrganizationTypeCode } from '../directory/organization-type';
import { sameJson } from '../element-access';
import { MunicipalServiceType, OPENING_HOURS_EXTENSION } from './directory-fields';
import { OpeningHours, formatOpeningHours, openingHoursOf, parseOpeningHours } from './opening-hours';
import { herEndpointFromRegistry, organizationFromRegistry, practitionerRoleIdentifier, serviceFromRegistry } from './registry-entries';

describe('directory entries from the registries', () => {
  const capability = { url: 'urn:bro:extension:gp-office-capability', extension: [{ url: 'epj-system', valueString: 'Infodoc' }] };

  it('lays the registry facts over an organisation and keeps what Bro added', () => {
    const base = {
      resourceType: 'Organization',
      id: 'o1',
      meta: { versionId: '3' },
      identifier: [{ system: 'urn:example:local', value: 'x' }, { system: IdentifierSystem.Organisasjonsnummer, value: '910000012' }],
      name: 'Gammelt navn',
      telecom: [{ system: 'email', value: 'post@example.no' }, { system: 'phone', value: '11 11 11 11' }],
      extension: [capability],
    };
    const facts = {
      identifiers: { orgnr: '910000012', herId: '8100001' },
      name: 'Sentrum legesenter',
      type: OrganizationTypeCode.GpOffice,
      phone: '55 00 00 00',
      address: { line: 'Kaigaten 1', postalCode: '5015', city: 'Bergen', district: 'Bergenhus' },
      openingHours: (parseOpeningHours('man-fre 08:00-16:00') as { hours: OpeningHours[] }).hours,
      endpoint: { reference: 'Endpoint/e1' },
    };
    const next = organizationFromRegistry(base, facts);
    expect(next.identifier).toEqual([
      { system: 'urn:example:local', value: 'x' },
      { system: IdentifierSystem.Organisasjonsnummer, value: '910000012' },
      { system: IdentifierSystem.Her, value: '8100001' },
    ]);
    expect(next.telecom).toEqual([{ system: 'email', value: 'post@example.no' }, { system: 'phone', value: '55 00 00 00', use: 'work' }]);
    expect(next.address).toEqual([{ use: 'work', type: 'both', line: ['Kaigaten 1'], postalCode: '5015', city: 'Bergen', district: 'Bergenhus', country: 'NO' }]);
    expect((next.extension as Array<{ url: string }>).map((extension) => extension.url)).toEqual([capability.url, OPENING_HOURS_EXTENSION]);
    expect(formatOpeningHours(openingHoursOf(next))).toBe('man-fre 08:00-16:00');
    expect(next.endpoint).toEqual([{ reference: 'Endpoint/e1' }]);
    expect(base.name).toBe('Gammelt navn');

    // The same facts again say the same: the import writes no new version.
    const again = organizationFromRegistry(next, { ...facts, openingHours: openingHoursOf(next) });
    expect(sameJson(again, next)).toBe(true);

    // An empty cell clears (phone, opening hours); a fact not given stays.
    const cleared = organizationFromRegistry(next, { identifiers: {}, phone: '', openingHours: [] });
    expect(cleared.telecom).toEqual([{ system: 'email', value: 'post@example.no' }]);
    expect(cleared.extension).toEqual([capability]);
    expect(cleared.name).toBe('Sentrum legesenter');
  });

  it('keeps a service\'s district in coverageArea and its address as an Endpoint with message types', () => {
    const service = serviceFromRegistry(undefined, {
      identifiers: { serviceId: 'hjemmesykepleie-asane' },
      name: 'Hjemmesykepleien Åsane',
      type: MunicipalServiceType.HomeNursing,
      district: 'Åsane',
      providedBy: { reference: 'Organization/k' },
      openingHours: (parseOpeningHours('døgnåpent') as { hours: OpeningHours[] }).hours,
    });
    expect(service).toMatchObject({ coverageArea: [{ display: 'Åsane' }], availableTime: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true }] });
    expect(formatOpeningHours(openingHoursOf(service))).toBe('døgnåpent');
    const endpoint = herEndpointFromRegistry(undefined, { herId: '8200001', name: 'Hjemmesykepleien Åsane', messageTypes: ['PLO'], managingOrganization: { reference: 'Organization/k' } });
    expect(endpoint).toEqual({
      resourceType: 'Endpoint',
      identifier: [{ system: IdentifierSystem.Her, value: '8200001' }],
      status: 'active',
      connectionType: { system: 'urn:bro:endpoint-connection-type', code: 'her-message' },
      name: 'Hjemmesykepleien Åsane',
      managingOrganization: { reference: 'Organization/k' },
      payloadType: [{ coding: [{ system: 'urn:bro:message-type', code: 'PLO' }] }],
      address: 'her:8200001',
    });
    expect(herEndpointFromRegistry(endpoint, { herId: '8200001', active: false }).status).toBe('off');
  });

  it('reads and writes opening hours as people write them', () => {
    expect(parseOpeningHours('mandag-fredag 8-15.30, lør 10:00-14:00')).toEqual({
      hours: [
        { daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'], availableStartTime: '08:00:00', availableEndTime: '15:30:00' },
        { daysOfWeek: ['sat'], availableStartTime: '10:00:00', availableEndTime: '14:00:00' },
      ],
    });
    expect(parseOpeningHours('man/ons 08-24')).toEqual({ hours: [{ daysOfWeek: ['mon', 'wed'], availableStartTime: '08:00:00', availableEndTime: '23:59:59' }] });
    expect(formatOpeningHours([{ daysOfWeek: ['mon', 'wed'], availableStartTime: '08:00:00', availableEndTime: '23:59:59' }])).toBe('man/ons 08:00-24:00');
    expect(parseOpeningHours('alle dager 24t')).toEqual({ hours: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true }] });
    expect(parseOpeningHours('')).toEqual({ hours: [] });
    expect(parseOpeningHours('når det passer')).toHaveProperty('problem');
    expect(parseOpeningHours('fre-man 08-16')).toHaveProperty('problem');
    expect(parseOpeningHours('man 16-08')).toHaveProperty('problem');
    expect(parseOpeningHours('man 25-26')).toHaveProperty('problem');
  });

  it('names a role by the person and the workplace, and a duty also by its code and start', () => {
    expect(practitionerRoleIdentifier('9144903', '4201001', 'hospital-doctor')).toBe('9144903@4201001');
    expect(practitionerRoleIdentifier('9144903', '4201001', 'gp-questions-on-duty', '2026-03-01T08:00:00+01:00')).toBe('9144903@4201001#gp-questions-on-duty@2026-03-01T08:00:00+01:00');
  });
});
