import { buildBergenDirectory } from './bergen-directory';
import { CONSULTATION_SCHEDULE_IDENTIFIER_SYSTEM, DEMO_GP_WINDOW, buildConsultationSchedules, hospitalDoctorWindow } from './consultation-schedules';
import { SeededRandom } from './seeded-random';

const MINUTE = 60_000;

function minutesOf(localStart: string): number {
  const [hours, minutes] = localStart.split(':').map(Number);
  return hours * 60 + minutes;
}

describe('the demo consultation calendars', () => {
  const directory = buildBergenDirectory({ offices: 10, gps: 30, seed: 7 });
  const schedules = buildConsultationSchedules(directory, 7);
  const actorsOf = (entries: typeof schedules) => entries.map((entry) => (entry.resource.actor as Array<{ reference: string }>)[0].reference);

  it('gives each demo GP and each hospital doctor one Schedule, and no other GP', () => {
    const demoGpRoles = directory.gps.filter((gp) => gp.demoUser).map((gp) => gp.role.fullUrl);
    const doctorRoles = directory.practitioners
      .flatMap((person) => person.roles)
      .filter((role) => JSON.stringify(role.resource.code).includes('hospital-doctor'))
      .map((role) => role.fullUrl);
    expect(demoGpRoles.length).toBe(2);
    expect(doctorRoles.length).toBeGreaterThan(10);
    expect(actorsOf(schedules).sort()).toEqual([...demoGpRoles, ...doctorRoles].sort());
    expect(new Set(schedules.map((entry) => entry.identifier.value)).size).toBe(schedules.length);
    expect(schedules.every((entry) => entry.identifier.system === CONSULTATION_SCHEDULE_IDENTIFIER_SYSTEM)).toBe(true);
  });

  it('is the same for the same seed, so seeding again creates nothing new', () => {
    expect(JSON.stringify(buildConsultationSchedules(directory, 7))).toBe(JSON.stringify(schedules));
  });

  it('lets every hospital doctor meet a demo GP two hours or more a week', () => {
    const random = new SeededRandom(1);
    for (let i = 0; i < 200; i++) {
      const window = hospitalDoctorWindow(random);
      expect(window.days).toHaveLength(2);
      expect(window.days[0]).not.toBe(window.days[1]);
      expect(window.days.every((day) => DEMO_GP_WINDOW.days.includes(day))).toBe(true);
      const start = Math.max(minutesOf(window.localStart), minutesOf(DEMO_GP_WINDOW.localStart));
      const end = Math.min(minutesOf(window.localStart) + window.minutesDuration, minutesOf(DEMO_GP_WINDOW.localStart) + DEMO_GP_WINDOW.minutesDuration);
      expect(2 * (end - start) * MINUTE).toBeGreaterThanOrEqual(120 * MINUTE);
    }
  });

  it('writes the rule as docs/consultations.md describes it: weekly days, a Bergen wall-clock start, a length', () => {
    const gpSchedule = schedules.find((entry) => entry.resource.comment && actorsOf([entry])[0] === directory.gps.find((gp) => gp.demoUser)!.role.fullUrl)!;
    expect(gpSchedule.resource.extension).toEqual([
      {
        url: 'urn:bro:extension:recurring-availability',
        extension: [
          { url: 'rrule', valueString: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR' },
          { url: 'firstDay', valueDate: '2025-01-06' },
          { url: 'localStart', valueTime: '13:00:00' },
          { url: 'minutesDuration', valuePositiveInt: 150 },
          { url: 'timeZone', valueCode: 'Europe/Oslo' },
        ],
      },
    ]);
  });
});
