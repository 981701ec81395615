/**
 * What makes the synthetic Bergen directory a collaboration directory (who to call, and how): every
 * organisation's HER address with the message types it accepts, opening hours, the municipal services of
 * every type in every borough, and at each hospital unit who is on duty for GPs' questions, today and the
 * days ahead. Built with the same builders the registry CSV import uses, so seeded and imported entries look
 * alike. Pure: the same seed and day give the same resources.
 */
import {
  BERGEN_BOROUGHS,
  IdentifierSystem,
  MessageType,
  MunicipalServiceType,
  ON_DUTY_ROLE_CODE,
  OpeningHours,
  OrganizationTypeCode,
  PRACTITIONER_ROLE_IDENTIFIER_SYSTEM,
  Resource,
  herEndpointFromRegistry,
  parseOpeningHours,
  practitionerRoleIdentifier,
  roleFromRegistry,
  serviceFromRegistry,
  withOpeningHours,
} from '@app/fhir';
import { addDays } from '../../apps/api/src/common/calendar/oslo-calendar';
import { HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM } from './directory-codes';
import { SeedEntry, referenceTo, seedEntry } from './seed-entry';
import { SeededRandom } from './seeded-random';

/** Days of duties ahead of today (today included). */
export const ON_DUTY_DAYS = 7;
/** A unit's duty for GPs' questions: 08:00–16:00 Oslo time, every day. */
const DUTY_HOURS = { start: '08:00', end: '16:00' };

const MESSAGE_TYPES_OF: Partial<Record<OrganizationTypeCode, MessageType[]>> = {
  [OrganizationTypeCode.GpOffice]: [MessageType.Dialog, MessageType.DischargeSummary, MessageType.ServiceReport, MessageType.LabResult],
  [OrganizationTypeCode.Hospital]: [MessageType.Dialog, MessageType.Referral],
  [OrganizationTypeCode.HospitalUnit]: [MessageType.Dialog, MessageType.Referral, MessageType.ServiceReport],
  [OrganizationTypeCode.Pharmacy]: [MessageType.Dialog],
};

const SERVICE_MESSAGE_TYPES: Record<MunicipalServiceType, MessageType[]> = {
  [MunicipalServiceType.HomeNursing]: [MessageType.ServiceReport, MessageType.Dialog, MessageType.DischargeSummary],
  [MunicipalServiceType.LowThreshold]: [MessageType.Dialog, MessageType.Referral],
  [MunicipalServiceType.EmergencyClinic]: [MessageType.Dialog, MessageType.DischargeSummary],
  [MunicipalServiceType.PalliativeTeam]: [MessageType.Dialog, MessageType.ServiceReport, MessageType.DischargeSummary],
  [MunicipalServiceType.Psychologist]: [MessageType.Dialog, MessageType.Referral],
};

const SERVICE_HOURS: Record<MunicipalServiceType, string> = {
  [MunicipalServiceType.HomeNursing]: 'døgnåpent',
  [MunicipalServiceType.LowThreshold]: 'man-fre 08:00-15:30',
  [MunicipalServiceType.EmergencyClinic]: 'døgnåpent',
  [MunicipalServiceType.PalliativeTeam]: 'man-fre 08:00-15:30',
  [MunicipalServiceType.Psychologist]: 'man-fre 08:00-16:00',
};

const SERVICE_NAMES: Record<MunicipalServiceType, (borough: string) => string> = {
  [MunicipalServiceType.HomeNursing]: (borough) => `Hjemmesykepleien ${borough}`,
  [MunicipalServiceType.LowThreshold]: (borough) => `Lavterskeltilbud psykisk helse og rus ${borough}`,
  [MunicipalServiceType.EmergencyClinic]: (borough) => `${borough} legevakt`,
  [MunicipalServiceType.PalliativeTeam]: (borough) => `Palliativt team ${borough}`,
  [MunicipalServiceType.Psychologist]: (borough) => `Kommunepsykolog ${borough}`,
};

const ORGANIZATION_HOURS: Partial<Record<OrganizationTypeCode, string[]>> = {
  [OrganizationTypeCode.GpOffice]: ['man-fre 08:00-15:30', 'man-fre 08:00-16:00', 'man-tor 08:00-16:00, fre 08:00-15:00', 'man-fre 07:30-15:30'],
  [OrganizationTypeCode.Hospital]: ['døgnåpent'],
  [OrganizationTypeCode.HospitalUnit]: ['man-fre 08:00-15:30'],
  [OrganizationTypeCode.Pharmacy]: ['man-fre 09:00-20:00, lør 10:00-18:00'],
};

function hours(text: string): OpeningHours[] {
  const read = parseOpeningHours(text);
  if ('problem' in read) throw new Error(`seed opening hours "${text}": ${read.problem}`);
  return read.hours;
}

/** "+01:00" or "+02:00": Oslo's offset from UTC at that local date and time. */
export function osloOffset(date: string, time: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const name = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Oslo', timeZoneName: 'longOffset' }).formatToParts(guess).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT+01:00';
  const offset = name.replace('GMT', '') || '+00:00';
  return offset;
}

const slug = (text: string) => text.toLowerCase().replace(/å/g, 'a').replace(/ø/g, 'o').replace(/æ/g, 'ae').replace(/[^a-z0-9]+/g, '-');

export interface ContactOrganization {
  type: OrganizationTypeCode;
  name: string;
  herId?: string;
  entry: SeedEntry;
}

export interface DutyDoctor {
  hpr: string;
  practitioner: SeedEntry;
  name: string;
}

export interface CollaborationSeed {
  /** Each HER address, keyed by the fullUrl of the entry it belongs to. */
  endpoints: Record<string, SeedEntry>;
  services: SeedEntry[];
  /** Duty roles per doctor's HPR number. */
  duties: Record<string, SeedEntry[]>;
}

/** A HER address for an entry, pointing back at its organisation. */
function endpointEntry(herId: string, name: string, messageTypes: MessageType[], managing: SeedEntry, managingName: string): SeedEntry {
  const resource = herEndpointFromRegistry(undefined, { herId, name, messageTypes, managingOrganization: referenceTo(managing, managingName) });
  return seedEntry(resource, { system: IdentifierSystem.Her, value: herId });
}

/**
 * Adds what the collaboration directory shows to organisations already built (their HER address, opening
 * hours; changed in place), and makes the municipal services and the duty roles. `drawHerId` hands out HER
 * ids no other entry has.
 */
export function buildCollaborationSeed(options: {
  organizations: ContactOrganization[];
  municipality: ContactOrganization;
  /** Hospital units with the doctors who take turns on duty. */
  units: Array<{ unit: ContactOrganization; reshId: string; doctors: DutyDoctor[] }>;
  random: SeededRandom;
  today: string;
  drawHerId: () => string;
}): CollaborationSeed {
  const { random, today } = options;
  const endpoints: Record<string, SeedEntry> = {};
  const withEndpoint = (entry: SeedEntry, endpoint: SeedEntry) => {
    endpoints[entry.fullUrl] = endpoint;
    entry.resource = { ...entry.resource, endpoint: [referenceTo(endpoint)] };
  };

  for (const org of options.organizations) {
    const choices = ORGANIZATION_HOURS[org.type];
    if (choices) org.entry.resource = withOpeningHours(org.entry.resource, hours(random.pick(choices)));
    const messageTypes = MESSAGE_TYPES_OF[org.type];
    if (!messageTypes) continue;
    // A hospital unit's address is its own (the register gives units HER ids of their own); the unit keeps its RESH id as its number.
    const herId = org.herId ?? (org.type === OrganizationTypeCode.HospitalUnit ? options.drawHerId() : undefined);
    if (!herId) continue;
    withEndpoint(org.entry, endpointEntry(herId, org.name, messageTypes, org.entry, org.name));
  }

  const services: SeedEntry[] = [];
  for (const borough of BERGEN_BOROUGHS) {
    for (const type of Object.values(MunicipalServiceType)) {
      const serviceId = `${type}-${slug(borough)}`;
      const name = SERVICE_NAMES[type](borough);
      const resource: Resource = serviceFromRegistry(undefined, {
        identifiers: { serviceId },
        name,
        type,
        district: borough,
        providedBy: referenceTo(options.municipality.entry, options.municipality.name),
        phone: `+47 55 56 ${random.int(10, 99)} ${random.int(10, 99)}`,
        openingHours: hours(SERVICE_HOURS[type]),
      });
      const entry = seedEntry(resource, { system: HEALTHCARE_SERVICE_IDENTIFIER_SYSTEM, value: serviceId });
      withEndpoint(entry, endpointEntry(options.drawHerId(), name, SERVICE_MESSAGE_TYPES[type], options.municipality.entry, options.municipality.name));
      services.push(entry);
    }
  }

  const duties: Record<string, SeedEntry[]> = {};
  for (const { unit, reshId, doctors } of options.units) {
    if (doctors.length === 0) continue;
    const dutyPhone = `+47 55 97 ${random.int(10, 99)} ${random.int(10, 99)}`;
    for (let day = 0; day < ON_DUTY_DAYS; day++) {
      const date = addDays(today, day);
      const doctor = doctors[(day + Number(reshId)) % doctors.length];
      const start = `${date}T${DUTY_HOURS.start}:00${osloOffset(date, DUTY_HOURS.start)}`;
      const end = `${date}T${DUTY_HOURS.end}:00${osloOffset(date, DUTY_HOURS.end)}`;
      const identifier = practitionerRoleIdentifier(doctor.hpr, reshId, ON_DUTY_ROLE_CODE.code, start);
      const resource = roleFromRegistry(undefined, {
        identifier,
        code: ON_DUTY_ROLE_CODE.code,
        practitioner: referenceTo(doctor.practitioner, doctor.name),
        organization: referenceTo(unit.entry, unit.name),
        phone: dutyPhone,
        period: { start, end },
      });
      (duties[doctor.hpr] ??= []).push(seedEntry(resource, { system: PRACTITIONER_ROLE_IDENTIFIER_SYSTEM, value: identifier }));
    }
  }
  return { endpoints, services, duties };
}

