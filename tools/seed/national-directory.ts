/**
 * A national-size synthetic collaboration directory (`npm run seed -- --national`, and the directory
 * benchmark): about 5,000 organisations (municipalities, hospitals and their units, GP offices, pharmacies),
 * 2,000 municipal services and 30,000 people in their roles, each with the HER addresses, phones, districts
 * and opening hours the Bergen directory has, and who is on duty at each hospital unit today and tomorrow.
 * Built with the registry builders the CSV import uses. Pure: the same seed and day give the same resources,
 * with stable ids (`nat-…`), so loading it twice adds nothing.
 */
import {
  MUNICIPAL_SERVICE_TYPE_DISPLAY,
  MessageType,
  MunicipalServiceType,
  ON_DUTY_ROLE_CODE,
  OpeningHours,
  OrganizationTypeCode,
  Reference,
  Resource,
  herEndpointFromRegistry,
  organizationFromRegistry,
  parseOpeningHours,
  practitionerFromRegistry,
  practitionerRoleIdentifier,
  roleFromRegistry,
  serviceFromRegistry,
} from '@app/fhir';
import { mod11CheckDigit } from '@app/fhir/identifiers/mod11';
import { addDays } from '../../apps/api/src/common/calendar/oslo-calendar';
import { osloOffset } from './collaboration-directory.seed';
import { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, SURNAMES } from './norwegian-names';
import { SeededRandom } from './seeded-random';

export interface NationalSize {
  municipalities: number;
  hospitals: number;
  unitsPerHospital: number;
  gpOffices: number;
  pharmacies: number;
  services: number;
  roles: number;
}

/** 356 + 44 + 1,232 + 2,400 + 968 = 5,000 organisations; 2,000 services; 30,000 roles (duties besides). */
export const NATIONAL_SIZE: NationalSize = { municipalities: 356, hospitals: 44, unitsPerHospital: 28, gpOffices: 2400, pharmacies: 968, services: 2000, roles: 30_000 };

/** Days of duties at each unit, today first. */
const DUTY_DAYS = 2;
const ID = 'nat-';

const PLACES = [
  'Oslo', 'Bergen', 'Trondheim', 'Stavanger', 'Bærum', 'Kristiansand', 'Drammen', 'Asker', 'Lillestrøm', 'Fredrikstad', 'Sandnes', 'Tromsø',
  'Sarpsborg', 'Skien', 'Ålesund', 'Sandefjord', 'Larvik', 'Arendal', 'Bodø', 'Tønsberg', 'Haugesund', 'Porsgrunn', 'Karmøy', 'Moss', 'Halden',
  'Hamar', 'Lillehammer', 'Molde', 'Gjøvik', 'Harstad', 'Kongsberg', 'Ringsaker', 'Steinkjer', 'Narvik', 'Alta', 'Førde', 'Voss', 'Stord',
  'Kristiansund', 'Elverum', 'Ås', 'Askøy', 'Øygarden', 'Bjørnafjorden', 'Alver', 'Horten', 'Eidsvoll', 'Ullensaker', 'Kongsvinger', 'Hammerfest',
  'Vadsø', 'Rana', 'Vefsn', 'Levanger', 'Verdal', 'Orkland', 'Namsos', 'Sogndal', 'Kinn', 'Ullensvang', 'Eigersund', 'Flekkefjord', 'Lindesnes',
  'Grimstad', 'Notodden', 'Kragerø', 'Ringerike', 'Hole', 'Nesodden', 'Frogn', 'Vestby', 'Nittedal', 'Lunner', 'Gran', 'Østre Toten', 'Vestre Toten',
  'Nord-Aurdal', 'Sel', 'Vågå', 'Lom', 'Tynset', 'Røros', 'Oppdal', 'Melhus', 'Malvik', 'Stjørdal', 'Frosta', 'Inderøy', 'Grong', 'Brønnøy',
  'Alstahaug', 'Meløy', 'Fauske', 'Saltdal', 'Lofoten', 'Vågan', 'Vestvågøy', 'Sortland', 'Andøy', 'Senja', 'Balsfjord', 'Lyngen', 'Nordreisa',
  'Kautokeino', 'Karasjok', 'Tana', 'Sør-Varanger', 'Vardø', 'Båtsfjord', 'Volda', 'Ørsta', 'Stranda', 'Sykkylven', 'Giske', 'Sula', 'Hustadvika',
  'Aukra', 'Sunndal', 'Surnadal', 'Gloppen', 'Stad', 'Sunnfjord', 'Luster', 'Årdal', 'Lærdal', 'Aurland', 'Vik', 'Høyanger', 'Masfjorden',
  'Modalen', 'Vaksdal', 'Samnanger', 'Kvam', 'Tysnes', 'Fitjar', 'Bømlo', 'Sveio', 'Tysvær', 'Vindafjord', 'Suldal', 'Hjelmeland', 'Strand',
  'Gjesdal', 'Time', 'Klepp', 'Hå', 'Sokndal', 'Lund', 'Sirdal', 'Kvinesdal', 'Hægebostad', 'Åseral', 'Evje og Hornnes', 'Bygland', 'Valle',
  'Froland', 'Tvedestrand', 'Risør', 'Gjerstad', 'Vegårshei', 'Nissedal', 'Fyresdal', 'Tokke', 'Vinje', 'Tinn', 'Hjartdal', 'Seljord', 'Bø',
];
const PREFIXES = ['', 'Nordre ', 'Søndre ', 'Indre ', 'Ytre ', 'Øvre ', 'Nedre '];

const UNIT_NAMES = [
  'Medisinsk avdeling', 'Kirurgisk avdeling', 'Geriatrisk avdeling', 'Hjerteavdelingen', 'Lungeavdelingen', 'Nevrologisk avdeling',
  'Ortopedisk avdeling', 'Kreftavdelingen', 'Barneavdelingen', 'Kvinneklinikken', 'Akuttmottaket', 'Psykiatrisk avdeling', 'Øre-nese-hals-avdelingen',
  'Øyeavdelingen', 'Hudavdelingen', 'Revmatologisk avdeling', 'Nyreavdelingen', 'Fordøyelsesavdelingen', 'Endokrinologisk seksjon',
  'Infeksjonsavdelingen', 'Karkirurgisk seksjon', 'Urologisk avdeling', 'Nevrokirurgisk avdeling', 'Intensivavdelingen', 'Rehabiliteringsavdelingen',
  'Slagenheten', 'Alderspsykiatrisk seksjon', 'Lindrende enhet', 'Radiologisk avdeling', 'Anestesiavdelingen',
];
const UNIT_SPECIALTIES: Record<string, string> = {
  'Geriatrisk avdeling': 'geriatri', 'Hjerteavdelingen': 'kardiologi', 'Lungeavdelingen': 'lungesykdommer', 'Nevrologisk avdeling': 'nevrologi',
  'Kreftavdelingen': 'onkologi', 'Barneavdelingen': 'barnesykdommer', 'Psykiatrisk avdeling': 'psykiatri', 'Revmatologisk avdeling': 'revmatologi',
  'Nyreavdelingen': 'nyresykdommer', 'Infeksjonsavdelingen': 'infeksjonssykdommer', 'Slagenheten': 'nevrologi', 'Alderspsykiatrisk seksjon': 'alderspsykiatri',
};
const OFFICE_SUFFIXES = ['legesenter', 'legekontor', 'legegruppe', 'allmennlegepraksis', 'helsesenter'];
const PHARMACY_CHAINS = ['Apotek 1', 'Vitusapotek', 'Boots apotek', 'Ditt Apotek'];

export interface NationalDirectory {
  /** Per resource type, in an order that only points backwards (organisations parents first). */
  resources: Record<'Organization' | 'Endpoint' | 'HealthcareService' | 'Practitioner' | 'PractitionerRole', Resource[]>;
  /** Names a person types into the search box, for the benchmark: organisations and services, and people. */
  names: { places: string[]; people: string[] };
}

function hours(text: string): OpeningHours[] {
  const read = parseOpeningHours(text);
  if ('problem' in read) throw new Error(read.problem);
  return read.hours;
}

/** An organisasjonsnummer starting with 8 (the Bergen seed's start with 9, so they never meet). */
function orgnrFrom(n: number): string {
  for (let k = n * 3; ; k++) {
    const body = `8${String(k).padStart(7, '0')}`;
    const check = mod11CheckDigit(body, [3, 2, 7, 6, 5, 4, 3, 2]);
    if (check !== undefined) return `${body}${check}`;
  }
}

export function buildNationalDirectory(options: { seed: number; today: string; size?: NationalSize }): NationalDirectory {
  const size = options.size ?? NATIONAL_SIZE;
  const random = new SeededRandom(options.seed).fork('national-directory');
  const resources: NationalDirectory['resources'] = { Organization: [], Endpoint: [], HealthcareService: [], Practitioner: [], PractitionerRole: [] };
  const names: NationalDirectory['names'] = { places: [], people: [] };
  const ref = (resource: Resource, display?: string): Reference => ({ reference: `${resource.resourceType}/${resource.id}`, ...(display ? { display } : {}) });
  let her = 900_000_000;
  let orgCount = 0;
  let resh = 5_000_000;
  let hpr = 100_000_000;
  const phone = () => `+47 ${random.int(21, 99)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}`;
  const endpointFor = (owner: Resource, name: string, types: MessageType[], managing: Resource): Reference => {
    const herId = String(her++);
    const endpoint = { ...herEndpointFromRegistry(undefined, { herId, name, messageTypes: types, managingOrganization: ref(managing) }), id: `${ID}ep-${herId}` };
    resources.Endpoint.push(endpoint);
    owner.endpoint = [ref(endpoint)];
    return ref(endpoint);
  };
  const organization = (type: OrganizationTypeCode, name: string, place: string, extra: { reshId?: string; partOf?: Resource; her?: MessageType[]; hours?: string }) => {
    const n = orgCount++;
    const resource: Resource = {
      ...organizationFromRegistry(undefined, {
        identifiers: extra.reshId ? { reshId: extra.reshId } : { orgnr: orgnrFrom(n) },
        name,
        type,
        phone: phone(),
        address: { line: `${random.pick(['Storgata', 'Kirkegata', 'Sykehusveien', 'Torget', 'Strandgata', 'Parkveien'])} ${random.int(1, 90)}`, postalCode: String(random.int(1000, 9990)), city: place, district: place },
        partOf: extra.partOf ? ref(extra.partOf, String(extra.partOf.name)) : undefined,
        openingHours: extra.hours ? hours(extra.hours) : undefined,
      }),
      id: `${ID}org-${n}`,
    };
    resources.Organization.push(resource);
    if (extra.her) endpointFor(resource, name, extra.her, resource);
    names.places.push(name);
    return resource;
  };

  const places: string[] = [];
  for (const prefix of PREFIXES) for (const place of PLACES) if (places.length < size.municipalities) places.push(`${prefix}${place}`);
  const municipalities = places.map((place) => organization(OrganizationTypeCode.Municipality, `${place} kommune`, place, {}));

  // Hospitals in the larger places, each with its units.
  const units: Array<{ unit: Resource; place: string; name: string }> = [];
  for (let h = 0; h < size.hospitals; h++) {
    const place = places[h];
    const hospital = organization(OrganizationTypeCode.Hospital, `${place} sykehus`, place, { her: [MessageType.Dialog, MessageType.Referral], hours: 'døgnåpent' });
    for (let u = 0; u < size.unitsPerHospital; u++) {
      const name = `${UNIT_NAMES[(u + h) % UNIT_NAMES.length]}, ${place} sykehus`;
      const unit = organization(OrganizationTypeCode.HospitalUnit, name, place, {
        reshId: String(resh++),
        partOf: hospital,
        her: [MessageType.Dialog, MessageType.Referral, MessageType.ServiceReport],
        hours: 'man-fre 08:00-15:30',
      });
      units.push({ unit, place, name });
    }
  }
  const offices: Array<{ office: Resource; place: string }> = [];
  for (let o = 0; o < size.gpOffices; o++) {
    const place = places[o % places.length];
    const round = Math.floor(o / places.length);
    const name = round < OFFICE_SUFFIXES.length ? `${place} ${OFFICE_SUFFIXES[round]}` : `${random.pick(SURNAMES)}gården ${OFFICE_SUFFIXES[round % OFFICE_SUFFIXES.length]}, ${place}`;
    const office = organization(OrganizationTypeCode.GpOffice, name, place, {
      her: [MessageType.Dialog, MessageType.DischargeSummary, MessageType.ServiceReport, MessageType.LabResult],
      hours: random.pick(['man-fre 08:00-15:30', 'man-fre 08:00-16:00', 'man-tor 08:00-16:00, fre 08:00-15:00']),
    });
    offices.push({ office, place });
  }
  for (let p = 0; p < size.pharmacies; p++) {
    const place = places[p % places.length];
    const chain = PHARMACY_CHAINS[Math.floor(p / places.length) % PHARMACY_CHAINS.length];
    organization(OrganizationTypeCode.Pharmacy, `${chain} ${place}${p >= places.length * PHARMACY_CHAINS.length ? ` ${p}` : ''}`, place, { her: [MessageType.Dialog], hours: 'man-fre 09:00-20:00, lør 10:00-18:00' });
  }

  // Municipal services: every type in every municipality, then zones in the largest ones.
  const types = Object.values(MunicipalServiceType);
  const services: Resource[] = [];
  for (let s = 0; s < size.services; s++) {
    const m = s % municipalities.length;
    const type = types[Math.floor(s / municipalities.length) % types.length];
    const zone = Math.floor(s / (municipalities.length * types.length));
    const place = places[m];
    const name = `${MUNICIPAL_SERVICE_TYPE_DISPLAY[type]} ${place}${zone > 0 ? ` sone ${zone + 1}` : ''}`;
    const service: Resource = {
      ...serviceFromRegistry(undefined, {
        identifiers: { serviceId: `nat-${type}-${s}` },
        name,
        type,
        district: place,
        providedBy: ref(municipalities[m], String(municipalities[m].name)),
        phone: phone(),
        openingHours: hours(type === MunicipalServiceType.HomeNursing || type === MunicipalServiceType.EmergencyClinic ? 'døgnåpent' : 'man-fre 08:00-15:30'),
      }),
      id: `${ID}svc-${s}`,
    };
    endpointFor(service, name, [MessageType.Dialog, MessageType.ServiceReport], municipalities[m]);
    resources.HealthcareService.push(service);
    services.push(service);
    names.places.push(name);
  }

  // People: a GP or two per office, staff at every unit, one at every service.
  const gps = Math.round(size.roles * 0.18);
  const serviceStaff = Math.min(size.services, size.roles - gps);
  const unitStaff = size.roles - gps - serviceStaff;
  const unitDoctors = new Map<Resource, Array<{ practitioner: Resource; hpr: string; name: string }>>();
  const person = (code: string, at: Resource, orgKey: string, extra: { service?: Resource; specialty?: string; organization?: Reference }) => {
    const female = random.chance(0.55);
    const given = [random.pick(female ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES)];
    const family = random.pick(SURNAMES);
    const number = String(hpr++);
    const practitioner: Resource = { ...practitionerFromRegistry(undefined, { hpr: number, given, family }), id: `${ID}pr-${number}`, gender: female ? 'female' : 'male' };
    resources.Practitioner.push(practitioner);
    const name = `${given.join(' ')} ${family}`;
    const role: Resource = {
      ...roleFromRegistry(undefined, {
        identifier: practitionerRoleIdentifier(number, orgKey),
        code,
        practitioner: ref(practitioner, name),
        organization: extra.organization ?? ref(at, String(at.name)),
        healthcareService: extra.service ? ref(extra.service, String(extra.service.name)) : undefined,
        specialty: extra.specialty ? [extra.specialty] : undefined,
      }),
      id: `${ID}role-${number}`,
    };
    resources.PractitionerRole.push(role);
    names.people.push(name);
    return { practitioner, hpr: number, name };
  };
  const keyOf = (org: Resource) => String(((org.identifier as Array<{ value: string }>)[0]).value);
  for (let g = 0; g < gps; g++) {
    const { office } = offices[g % offices.length];
    person('gp', office, keyOf(office), { specialty: 'allmennmedisin' });
  }
  for (let u = 0; u < unitStaff; u++) {
    const { unit, name } = units[u % units.length];
    const doctor = person(u % 5 === 4 ? 'nurse' : 'hospital-doctor', unit, keyOf(unit), { specialty: UNIT_SPECIALTIES[name.split(',')[0]] });
    if (u % 5 !== 4) unitDoctors.set(unit, [...(unitDoctors.get(unit) ?? []), doctor]);
  }
  for (let s = 0; s < serviceStaff; s++) {
    const service = services[s];
    const providedBy = service.providedBy as Reference;
    person(s % 5 === 4 ? 'psychologist' : 'nurse', service, `service:${keyOf(service)}`, { service, organization: providedBy });
  }

  // Who answers GPs' questions at each unit, today and tomorrow.
  for (const { unit } of units) {
    const doctors = unitDoctors.get(unit) ?? [];
    if (doctors.length === 0) continue;
    for (let day = 0; day < DUTY_DAYS; day++) {
      const date = addDays(options.today, day);
      const doctor = doctors[day % doctors.length];
      const start = `${date}T08:00:00${osloOffset(date, '08:00')}`;
      const end = `${date}T16:00:00${osloOffset(date, '16:00')}`;
      resources.PractitionerRole.push({
        ...roleFromRegistry(undefined, {
          identifier: practitionerRoleIdentifier(doctor.hpr, keyOf(unit), ON_DUTY_ROLE_CODE.code, start),
          code: ON_DUTY_ROLE_CODE.code,
          practitioner: ref(doctor.practitioner, doctor.name),
          organization: ref(unit, String(unit.name)),
          phone: phone(),
          period: { start, end },
        }),
        id: `${ID}duty-${unit.id}-${date}`,
      });
    }
  }
  return { resources, names };
}

