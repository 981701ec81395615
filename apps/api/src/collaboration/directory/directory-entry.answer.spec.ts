import { IdentifierSystem, MESSAGE_TYPE_SYSTEM, OPENING_HOURS_EXTENSION } from '@app/fhir';
import { DirectorySearchRow, directoryEntryOf } from './directory-entry.answer';

const row = (extra: Partial<DirectorySearchRow> = {}): DirectorySearchRow => ({
  ref: 'Organization/unit',
  kind: 'hospital-unit',
  name: 'Medisinsk avdeling, Haukeland',
  type_display: 'Sykehusavdeling',
  organization: 'Organization/haukeland',
  organization_name: 'Haukeland universitetssjukehus',
  practitioner: null,
  district: 'Årstad',
  contact: {},
  same_district: true,
  recent: false,
  name_match: true,
  score: 1,
  on_duty: null,
  ...extra,
});

describe('directory entry card', () => {
  it('shows the work phone, the addresses with their HER id and message types, opening hours and the duty', () => {
    const entry = directoryEntryOf(
      row({
        contact: {
          telecom: [
            { system: 'email', value: 'post@example.no' },
            { system: 'phone', value: '+47 900 00 000', use: 'mobile' },
            { system: 'phone', value: '+47 55 97 00 00', use: 'work' },
          ],
          endpoints: [
            {
              ref: 'Endpoint/e1',
              name: 'Meldinger',
              address: 'her:8123456',
              identifier: [{ system: IdentifierSystem.Her, value: '8123456' }],
              payloadType: [{ coding: [{ system: MESSAGE_TYPE_SYSTEM, code: 'EPIKRISE', display: 'Epikrise' }] }, { coding: [{ system: 'other', code: 'X' }], text: 'Annet' }],
            },
            { ref: 'Endpoint/e2', address: 'her:8999999', payloadType: [] },
            { name: 'no reference' },
          ],
          extension: [
            { url: OPENING_HOURS_EXTENSION, extension: [{ url: 'daysOfWeek', valueCode: 'mon' }, { url: 'availableStartTime', valueTime: '08:00:00' }, { url: 'availableEndTime', valueTime: '15:00:00' }] },
            { url: 'urn:other', valueString: 'x' },
          ],
        },
        on_duty: { role: 'PractitionerRole/duty', name: 'Ola Vaktlege', phone: null, start: '2026-12-06T07:00:00+00:00', end: '2026-12-06T15:00:00+00:00' },
      }),
    );
    expect(entry).toEqual({
      reference: 'Organization/unit',
      kind: 'hospital-unit',
      name: 'Medisinsk avdeling, Haukeland',
      type: 'Sykehusavdeling',
      organization: { reference: 'Organization/haukeland', display: 'Haukeland universitetssjukehus' },
      district: 'Årstad',
      phone: '+47 55 97 00 00',
      addresses: [
        { reference: 'Endpoint/e1', name: 'Meldinger', address: 'her:8123456', herId: '8123456', messageTypes: [{ code: 'EPIKRISE', display: 'Epikrise' }, { code: 'X', display: 'Annet' }] },
        { reference: 'Endpoint/e2', address: 'her:8999999', herId: '8999999', messageTypes: [] },
      ],
      openingHours: [{ daysOfWeek: ['mon'], availableStartTime: '08:00:00', availableEndTime: '15:00:00' }],
      onDuty: { reference: 'PractitionerRole/duty', name: 'Ola Vaktlege', start: '2026-12-06T07:00:00.000Z', end: '2026-12-06T15:00:00.000Z' },
      sameDistrict: true,
      recentlyCollaborated: false,
    });
  });

  it('reads a service’s or a role’s opening hours from availableTime, and leaves out what is not there', () => {
    const entry = directoryEntryOf(
      row({ ref: 'HealthcareService/s', kind: 'municipal-service', type_display: null, organization: null, organization_name: null, district: null, contact: { availableTime: [{ daysOfWeek: ['sat', 'sun'], allDay: true }] } }),
      ['task-owner'],
    );
    expect(entry).toEqual({
      reference: 'HealthcareService/s',
      kind: 'municipal-service',
      name: 'Medisinsk avdeling, Haukeland',
      addresses: [],
      openingHours: [{ daysOfWeek: ['sat', 'sun'], allDay: true }],
      sameDistrict: true,
      recentlyCollaborated: false,
      involvement: ['task-owner'],
    });
  });
});
