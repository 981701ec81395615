import { IdentifierSystem, MESSAGE_TYPE_SYSTEM, openingHoursOf } from '@app/fhir';
import { DirectoryAddress, DirectoryEntry, DirectoryInvolvement, DirectoryOnDuty } from '@app/fhir/api/directory-answers';

/** A row of `directory_search`, as the database function returns it. */
export interface DirectorySearchRow {
  ref: string;
  kind: string;
  name: string;
  type_display: string | null;
  organization: string | null;
  organization_name: string | null;
  practitioner: string | null;
  district: string | null;
  contact: { telecom?: unknown; endpoints?: unknown; availableTime?: unknown; extension?: unknown };
  same_district: boolean;
  recent: boolean;
  name_match: boolean;
  score: number;
  on_duty: { role: string; name: string; phone: string | null; start: string; end: string } | null;
}

interface StoredAddress {
  ref?: string;
  name?: unknown;
  address?: unknown;
  identifier?: unknown;
  payloadType?: unknown;
}

function phoneOf(telecom: unknown): string | undefined {
  if (!Array.isArray(telecom)) return undefined;
  const phones = (telecom as Array<{ system?: unknown; value?: unknown; use?: unknown } | null>).filter(
    (point) => point?.system === 'phone' && typeof point.value === 'string' && point.value !== '',
  );
  // A work number before a mobile or an old one: it is what a colleague calls.
  const chosen = phones.find((point) => point?.use === 'work') ?? phones.find((point) => point?.use !== 'old') ?? phones[0];
  return chosen?.value as string | undefined;
}

function herIdOf(address: StoredAddress): string | undefined {
  const identifiers = Array.isArray(address.identifier) ? (address.identifier as Array<{ system?: unknown; value?: unknown } | null>) : [];
  const her = identifiers.find((identifier) => identifier?.system === IdentifierSystem.Her && typeof identifier.value === 'string');
  if (her) return her.value as string;
  return typeof address.address === 'string' && address.address.startsWith('her:') ? address.address.slice(4) : undefined;
}

function messageTypesOf(payloadType: unknown): DirectoryAddress['messageTypes'] {
  if (!Array.isArray(payloadType)) return [];
  const types: DirectoryAddress['messageTypes'] = [];
  for (const concept of payloadType as Array<{ coding?: unknown; text?: unknown } | null>) {
    const codings = Array.isArray(concept?.coding) ? (concept.coding as Array<{ system?: unknown; code?: unknown; display?: unknown } | null>) : [];
    const coding = codings.find((c) => c?.system === MESSAGE_TYPE_SYSTEM && typeof c.code === 'string') ?? codings.find((c) => typeof c?.code === 'string');
    if (!coding) continue;
    const display = typeof coding.display === 'string' ? coding.display : typeof concept?.text === 'string' ? concept.text : undefined;
    types.push({ code: coding.code as string, ...(display ? { display } : {}) });
  }
  return types;
}

function addressesOf(endpoints: unknown): DirectoryAddress[] {
  if (!Array.isArray(endpoints)) return [];
  return (endpoints as StoredAddress[])
    .filter((endpoint) => typeof endpoint?.ref === 'string' && typeof endpoint.address === 'string')
    .map((endpoint) => {
      const herId = herIdOf(endpoint);
      return {
        reference: endpoint.ref as string,
        ...(typeof endpoint.name === 'string' ? { name: endpoint.name } : {}),
        address: endpoint.address as string,
        ...(herId ? { herId } : {}),
        messageTypes: messageTypesOf(endpoint.payloadType),
      };
    });
}

function onDutyOf(row: DirectorySearchRow): DirectoryOnDuty | undefined {
  const duty = row.on_duty;
  if (!duty) return undefined;
  return {
    reference: duty.role,
    name: duty.name,
    ...(duty.phone ? { phone: duty.phone } : {}),
    start: new Date(duty.start).toISOString(),
    end: new Date(duty.end).toISOString(),
  };
}

/** One search row as the web app's card shows it. */
export function directoryEntryOf(row: DirectorySearchRow, involvement?: DirectoryInvolvement[]): DirectoryEntry {
  const onDuty = onDutyOf(row);
  const phone = phoneOf(row.contact.telecom);
  return {
    reference: row.ref,
    kind: row.kind,
    name: row.name,
    ...(row.type_display ? { type: row.type_display } : {}),
    ...(row.organization ? { organization: { reference: row.organization, ...(row.organization_name ? { display: row.organization_name } : {}) } } : {}),
    ...(row.district ? { district: row.district } : {}),
    ...(phone ? { phone } : {}),
    addresses: addressesOf(row.contact.endpoints),
    // The projection keeps where the entry's type holds them: an Organization's extensions, others' availableTime.
    openingHours: openingHoursOf({ resourceType: row.ref.split('/')[0], availableTime: row.contact.availableTime, extension: row.contact.extension }),
    ...(onDuty ? { onDuty } : {}),
    sameDistrict: row.same_district,
    recentlyCollaborated: row.recent,
    ...(involvement ? { involvement } : {}),
  };
}
