/**
 * The demo's consultation calendars: a Schedule with recurring weekly availability for each demo GP and each
 * hospital doctor, so `Appointment/$find` has common free times to suggest (Bro generates the Slots from the
 * rules, 12 weeks ahead, whenever a Schedule is written). Pure: the same directory and seed give the same
 * Schedules, so seeding twice creates them once.
 */
import { jointDischargeConsultationServiceType } from '@app/fhir/consultations';
import { Resource } from '@app/fhir';
import { BergenDirectory } from './bergen-directory';
import { PRACTITIONER_ROLE_CODE_SYSTEM, PractitionerRoleCode } from './directory-codes';
import { SeedEntry, referenceTo, seedEntry } from './seed-entry';
import { SeededRandom } from './seeded-random';

export const CONSULTATION_SCHEDULE_IDENTIFIER_SYSTEM = 'urn:bro:consultation-schedule';
const RECURRING_AVAILABILITY_EXTENSION = 'urn:bro:extension:recurring-availability';

/** A Monday long past: anchors the weekly rules (it sets no start; the Slots begin today). */
const FIRST_DAY = '2025-01-06';
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR'] as const;

export interface WeeklyWindow {
  days: readonly string[];
  /** Wall-clock start in Bergen, HH:MM:SS. */
  localStart: string;
  minutesDuration: number;
}

/**
 * Demo GPs keep 13:00–15:30 each weekday afternoon for joint consultations; hospital doctors two afternoons
 * a week of two hours from 13:00 or 13:30, so every doctor shares two hours or more a week with every demo
 * GP: room for the simulator's (and a demo's) steady stream of consultations over the next fortnight.
 */
export const DEMO_GP_WINDOW: WeeklyWindow = { days: WEEKDAYS, localStart: '13:00:00', minutesDuration: 150 };

export function hospitalDoctorWindow(random: SeededRandom): WeeklyWindow {
  const first = random.int(0, WEEKDAYS.length - 1);
  const second = (first + random.int(1, WEEKDAYS.length - 1)) % WEEKDAYS.length;
  return { days: [WEEKDAYS[Math.min(first, second)], WEEKDAYS[Math.max(first, second)]], localStart: random.pick(['13:00:00', '13:30:00']), minutesDuration: 120 };
}

export function recurringAvailability(window: WeeklyWindow) {
  return {
    url: RECURRING_AVAILABILITY_EXTENSION,
    extension: [
      { url: 'rrule', valueString: `FREQ=WEEKLY;BYDAY=${window.days.join(',')}` },
      { url: 'firstDay', valueDate: FIRST_DAY },
      { url: 'localStart', valueTime: window.localStart },
      { url: 'minutesDuration', valuePositiveInt: window.minutesDuration },
      { url: 'timeZone', valueCode: 'Europe/Oslo' },
    ],
  };
}

function roleCodeOf(role: SeedEntry): string | undefined {
  const code = (role.resource as { code?: Array<{ coding?: Array<{ system?: string; code?: string }> }> }).code;
  return code?.flatMap((concept) => concept.coding ?? []).find((coding) => coding.system === PRACTITIONER_ROLE_CODE_SYSTEM)?.code;
}

export function buildConsultationSchedules(directory: BergenDirectory, seed: number): SeedEntry[] {
  const random = new SeededRandom(seed).fork('consultation-schedules');
  const schedules: SeedEntry[] = [];
  for (const person of directory.practitioners) {
    for (const role of person.roles) {
      const code = roleCodeOf(role);
      const window =
        code === PractitionerRoleCode.Gp && person.demoUser ? DEMO_GP_WINDOW : code === PractitionerRoleCode.HospitalDoctor ? hospitalDoctorWindow(random) : undefined;
      if (!window) continue;
      const identifier = { system: CONSULTATION_SCHEDULE_IDENTIFIER_SYSTEM, value: role.identifier.value };
      const resource: Resource = {
        resourceType: 'Schedule',
        identifier: [identifier],
        active: true,
        serviceType: [jointDischargeConsultationServiceType()],
        actor: [referenceTo(role, person.name)],
        comment: 'Tid til felleskonsultasjoner ved utskrivning',
        extension: [recurringAvailability(window)],
      };
      schedules.push(seedEntry(resource, identifier));
    }
  }
  return schedules;
}
