import type { Reference, Resource } from '../fhir-types';
import { IdentifierSystem } from '../identifiers';
import { ORGANIZATION_TYPE_DISPLAY, ORGANIZATION_TYPE_SYSTEM, OrganizationTypeCode } from '../directory/organization-type';
import {
  HER_CONNECTION_TYPE,
  MESSAGE_TYPE_SYSTEM,
  MUNICIPAL_SERVICE_TYPE_DISPLAY,
  MUNICIPAL_SERVICE_TYPE_SYSTEM,
  MessageType,
  MunicipalServiceType,
  ON_DUTY_ROLE_CODE,
} from './directory-fields';
import { OpeningHours, withOpeningHours } from './opening-hours';

/**
 * A directory entry as the national registries describe it (Enhetsregisteret, RESH, Adresseregisteret, HPR),
 * laid over the FHIR resource that holds it: what the registry CSV import writes and the seed builds. The
 * registry owns the facts it gives; everything else on the resource (other identifiers, extensions such as
 * an office's e-multidose capability, Bro's own links) stays as it was. A fact left `undefined` is not given
 * (left as it is); `null` (or `''` for text) clears it.
 */

/** A municipal service's business identifier (besides its HER id), as the registry file names it. */
export const HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM = 'urn:bro:healthcare-service';
/** A person's role at one organisation: `<hpr>@<orgnr or RESH id>`, `#<code>@<start>` added for a duty. */
export const PRACTITIONER_ROLE_IDENTIFIER_SYSTEM = 'urn:bro:practitioner-role';
/** `PractitionerRole.code`: what the person does there (the same system as {@link ON_DUTY_ROLE_CODE}). */
export const PRACTITIONER_ROLE_CODE_SYSTEM = ON_DUTY_ROLE_CODE.system;
/** `specialty` on HealthcareService and PractitionerRole: the specialty as the registry names it, lower case (`geriatri`). */
export const SPECIALTY_SYSTEM = 'urn:bro:specialty';

/** Roles a person holds in the directory, with how they are shown. */
export const PERSON_ROLE_DISPLAY: Record<string, string> = {
  gp: 'Fastlege',
  'hospital-doctor': 'Sykehuslege',
  'discharge-coordinator': 'Utskrivningskoordinator',
  nurse: 'Sykepleier',
  psychologist: 'Psykolog',
  'municipal-doctor': 'Kommunelege',
  [ON_DUTY_ROLE_CODE.code]: ON_DUTY_ROLE_CODE.display,
};

export const REGISTRY_MESSAGE_TYPES: readonly string[] = Object.values(MessageType);

export interface RegistryAddress {
  line?: string;
  postalCode?: string;
  city?: string;
  district?: string;
}

/** What the registry says of any entry. */
export interface RegistryFacts {
  name?: string;
  active?: boolean;
  phone?: string;
  openingHours?: OpeningHours[];
  /** The entry's HER address (`Endpoint/<id>`), or null for none: the entry's `endpoint` list is the registry's. */
  endpoint?: Reference | null;
}

export interface OrganizationFacts extends RegistryFacts {
  identifiers: { orgnr?: string; reshId?: string; herId?: string };
  type?: OrganizationTypeCode;
  address?: RegistryAddress;
  partOf?: Reference | null;
}

export interface ServiceFacts extends RegistryFacts {
  identifiers: { serviceId?: string; herId?: string };
  type?: MunicipalServiceType;
  /** The borough (or municipality) the service covers: `coverageArea[0].display`. */
  district?: string;
  providedBy?: Reference;
  specialty?: string[];
}

export interface RoleFacts extends RegistryFacts {
  identifier: string;
  code?: string;
  practitioner?: Reference;
  organization?: Reference;
  healthcareService?: Reference | null;
  specialty?: string[];
  period?: { start?: string; end?: string } | null;
}

export interface EndpointFacts {
  herId: string;
  name?: string;
  /** Message types accepted; undefined keeps those the address has. */
  messageTypes?: string[];
  active?: boolean;
  managingOrganization?: Reference;
}

type Json = Record<string, unknown>;
const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);

function set(resource: Resource, key: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) delete resource[key];
  else resource[key] = value;
}

/** The identifier of `system` set to `value`, the others kept. */
function withIdentifier(resource: Resource, system: string, value: string | undefined, use?: string): void {
  if (!value) return;
  const others = list(resource.identifier).filter((identifier) => identifier.system !== system);
  const kept = list(resource.identifier).find((identifier) => identifier.system === system);
  resource.identifier = [...others, { ...(kept ?? {}), ...(use && !kept ? { use } : {}), system, value }];
}

/** A CodeableConcept list with the coding of `system` replaced by `code` (others kept). */
function withCoding(resource: Resource, key: string, system: string, code: string | undefined, display?: string): void {
  if (code === undefined) return;
  const concepts = list(resource[key]).filter((concept) => !list(concept.coding).some((coding) => coding.system === system));
  resource[key] = [...concepts, { coding: [{ system, code, ...(display ? { display } : {}) }] }];
}

function withPhone(resource: Resource, phone: string | undefined): void {
  if (phone === undefined) return;
  const others = list(resource.telecom).filter((contact) => contact.system !== 'phone');
  set(resource, 'telecom', phone ? [...others, { system: 'phone', value: phone, use: 'work' }] : others);
}

function withSpecialty(resource: Resource, specialty: string[] | undefined): void {
  if (specialty === undefined) return;
  const others = list(resource.specialty).filter((concept) => !list(concept.coding).some((coding) => coding.system === SPECIALTY_SYSTEM));
  set(resource, 'specialty', [...others, ...specialty.map((name) => ({ coding: [{ system: SPECIALTY_SYSTEM, code: name.toLowerCase(), display: name }], text: name }))]);
}

function withCommon(resource: Resource, facts: RegistryFacts): void {
  set(resource, 'name', facts.name);
  if (facts.active !== undefined) resource.active = facts.active;
  withPhone(resource, facts.phone);
  if (facts.openingHours !== undefined) {
    const next = withOpeningHours(resource, facts.openingHours);
    for (const key of ['extension', 'availableTime']) set(resource, key, next[key] ?? null);
  }
  if (facts.endpoint !== undefined) set(resource, 'endpoint', facts.endpoint ? [facts.endpoint] : null);
}

/** The organisation's first (work) address with the parts given laid over it; no part left removes it. */
function withAddress(resource: Resource, address: RegistryAddress | undefined): void {
  if (!address) return;
  const [first, ...rest] = list(resource.address);
  const next: Json = { ...(first ?? { use: 'work', type: 'both' }) };
  const part = (key: string, value: string | undefined, asList = false) => {
    if (value === undefined) return;
    if (value === '') delete next[key];
    else next[key] = asList ? [value] : value;
  };
  part('line', address.line, true);
  part('postalCode', address.postalCode);
  part('city', address.city);
  part('district', address.district);
  const meaningful = ['line', 'postalCode', 'city', 'district'].some((key) => key in next);
  if (meaningful && !('country' in next)) next.country = 'NO';
  set(resource, 'address', meaningful ? [next, ...rest] : rest);
}

/** An Organization (GP office, hospital, hospital unit, municipality, …) as the registry describes it. */
export function organizationFromRegistry(base: Resource | undefined, facts: OrganizationFacts): Resource {
  const resource: Resource = base ? structuredClone(base) : { resourceType: 'Organization', active: true };
  withIdentifier(resource, IdentifierSystem.Organisasjonsnummer, facts.identifiers.orgnr, 'official');
  withIdentifier(resource, IdentifierSystem.Resh, facts.identifiers.reshId);
  withIdentifier(resource, IdentifierSystem.Her, facts.identifiers.herId);
  withCoding(resource, 'type', ORGANIZATION_TYPE_SYSTEM, facts.type, facts.type && ORGANIZATION_TYPE_DISPLAY[facts.type]);
  withCommon(resource, facts);
  withAddress(resource, facts.address);
  if (facts.partOf !== undefined) set(resource, 'partOf', facts.partOf);
  return resource;
}

/** A municipal service (HealthcareService) as the registry describes it. */
export function serviceFromRegistry(base: Resource | undefined, facts: ServiceFacts): Resource {
  const resource: Resource = base ? structuredClone(base) : { resourceType: 'HealthcareService', active: true };
  withIdentifier(resource, HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM, facts.identifiers.serviceId);
  withIdentifier(resource, IdentifierSystem.Her, facts.identifiers.herId);
  if (facts.providedBy) resource.providedBy = facts.providedBy;
  withCoding(resource, 'type', MUNICIPAL_SERVICE_TYPE_SYSTEM, facts.type, facts.type && MUNICIPAL_SERVICE_TYPE_DISPLAY[facts.type]);
  withSpecialty(resource, facts.specialty);
  withCommon(resource, facts);
  if (facts.district !== undefined) {
    const [, ...rest] = list(resource.coverageArea);
    set(resource, 'coverageArea', facts.district ? [{ display: facts.district }, ...rest] : rest);
  }
  return resource;
}

/** A Practitioner as HPR names them: the official name is the registry's, other names stay. */
export function practitionerFromRegistry(base: Resource | undefined, facts: { hpr: string; given: string[]; family: string }): Resource {
  const resource: Resource = base ? structuredClone(base) : { resourceType: 'Practitioner', active: true };
  withIdentifier(resource, IdentifierSystem.Hpr, facts.hpr, 'official');
  const others = list(resource.name).filter((name) => name.use !== 'official');
  resource.name = [{ use: 'official', family: facts.family, given: facts.given }, ...others];
  return resource;
}

/** A person's role at an organisation (or for a service) as the registry describes it. */
export function roleFromRegistry(base: Resource | undefined, facts: RoleFacts): Resource {
  const resource: Resource = base ? structuredClone(base) : { resourceType: 'PractitionerRole', active: true };
  withIdentifier(resource, PRACTITIONER_ROLE_IDENTIFIER_SYSTEM, facts.identifier);
  if (facts.practitioner) resource.practitioner = facts.practitioner;
  if (facts.organization) resource.organization = facts.organization;
  if (facts.healthcareService !== undefined) set(resource, 'healthcareService', facts.healthcareService ? [facts.healthcareService] : null);
  withCoding(resource, 'code', PRACTITIONER_ROLE_CODE_SYSTEM, facts.code, facts.code && PERSON_ROLE_DISPLAY[facts.code]);
  withSpecialty(resource, facts.specialty);
  withCommon(resource, facts);
  if (facts.period !== undefined) set(resource, 'period', facts.period && (facts.period.start || facts.period.end) ? { ...facts.period } : null);
  return resource;
}

/** An entry's HER address: an Endpoint on the national health network with the message types it accepts. */
export function herEndpointFromRegistry(base: Resource | undefined, facts: EndpointFacts): Resource {
  const resource: Resource = base ? structuredClone(base) : { resourceType: 'Endpoint' };
  withIdentifier(resource, IdentifierSystem.Her, facts.herId);
  resource.status = facts.active === false ? 'off' : 'active';
  resource.connectionType = { ...HER_CONNECTION_TYPE };
  set(resource, 'name', facts.name);
  if (facts.managingOrganization) resource.managingOrganization = facts.managingOrganization;
  if (facts.messageTypes !== undefined) resource.payloadType = facts.messageTypes.map((code) => ({ coding: [{ system: MESSAGE_TYPE_SYSTEM, code }] }));
  resource.address = `her:${facts.herId}`;
  return resource;
}

/** `<hpr>@<orgnr or RESH id>`, and for a duty (which has a period of its own) `#<code>@<start>`. */
export function practitionerRoleIdentifier(hpr: string, organizationKey: string, code?: string, start?: string): string {
  const base = `${hpr}@${organizationKey}`;
  return code === ON_DUTY_ROLE_CODE.code && start ? `${base}#${code}@${start}` : base;
}

/** The resource without what the server keeps (id, meta, narrative): what two versions are compared by. */
export function withoutServerFields(resource: Resource): Resource {
  const { id: _id, meta: _meta, text: _text, ...rest } = resource;
  return rest as Resource;
}
