import { Bundle, Resource, osloDayOf } from '@app/fhir';
import { syntheticFodselsnummer } from './fixtures';
import { handoverPatient } from '../../tools/simulator/discharge-handover';

/** A birth date that makes the patient exactly `years` old on the Oslo day of `instant` (their birthday that day). */
export function birthDateForAge(years: number, instant: string | Date): string {
  const day = osloDayOf(new Date(instant));
  const [year, rest] = [Number(day.slice(0, 4)), day.slice(4)];
  // 29 February in a year that is not a leap year: the day after stands in.
  const candidate = `${year - years}${rest}`;
  return Number.isNaN(Date.parse(`${candidate}T00:00:00Z`)) || new Date(`${candidate}T00:00:00Z`).toISOString().slice(0, 10) !== candidate ? `${year - years}-03-01` : candidate;
}

/** A new patient of `years` on the given day (their birthday), with the given GP. */
export function patientAged(years: number, onDay: string | Date, generalPractitioner?: string): Resource {
  return handoverPatient(syntheticFodselsnummer(), {
    birthDate: birthDateForAge(years, onDay),
    ...(generalPractitioner ? { generalPractitioner: [{ reference: generalPractitioner }] } : {}),
  });
}

/** The stored Encounter of a hand-over's transaction-response. */
export function encounterOf(response: Bundle): Resource {
  return response.entry!.map((entry) => entry.resource).find((resource): resource is Resource => resource?.resourceType === 'Encounter')!;
}

/** The stored Patient of a hand-over's transaction-response. */
export function patientOf(response: Bundle): Resource {
  return response.entry!.map((entry) => entry.resource).find((resource): resource is Resource => resource?.resourceType === 'Patient')!;
}
