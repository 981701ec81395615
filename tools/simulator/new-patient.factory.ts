/**
 * Patients the hospital discharges who are not yet in Bro: a synthetic fødselsnummer that no stored
 * patient has (so Bro creates the patient rather than finding one), a plausible Norwegian name and
 * an age skewed old, as hospital patients are. Used by the simulator and the hand-over benchmark.
 */
import { Resource, generateFodselsnummer } from '@app/fhir';
import { FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES, SURNAMES } from '../seed/norwegian-names';
import { SeededRandom } from '../seed/seeded-random';
import { handoverPatient } from './discharge-handover';

const DAY_MS = 86_400_000;
const MAX_DRAWS = 1_000;

export class NewPatientFactory {
  private readonly taken: Set<string>;

  constructor(
    private readonly random: SeededRandom,
    /** Person numbers already in use (stored patients, earlier runs); extended with every one drawn. */
    taken: Iterable<string> = [],
  ) {
    this.taken = new Set(taken);
  }

  /** A fødselsnummer not handed out before and not among the taken ones. */
  uniqueFodselsnummer(birthDate: string): string {
    for (let draw = 0; draw < MAX_DRAWS; draw++) {
      const number = generateFodselsnummer(birthDate, this.random.next);
      if (!this.taken.has(number)) {
        this.taken.add(number);
        return number;
      }
    }
    throw new Error(`no unused fødselsnummer left for ${birthDate} after ${MAX_DRAWS} draws`);
  }

  /** A birth date between 18 and 99 years ago, weighted towards the elderly the way admissions are. */
  birthDate(now = new Date()): string {
    const age = Math.round(18 + 81 * Math.sqrt(this.random.next()));
    return new Date(now.getTime() - (age * 365.25 + this.random.int(0, 364)) * DAY_MS).toISOString().slice(0, 10);
  }

  /** The patient as the hospital sends it, with `extra` (say a generalPractitioner) merged in. */
  patient(extra: Partial<Resource> = {}, now = new Date()): Resource {
    const birthDate = this.birthDate(now);
    const fodselsnummer = this.uniqueFodselsnummer(birthDate);
    // The ninth digit is odd for men, even for women: the name must agree with the number.
    const male = Number(fodselsnummer[8]) % 2 === 1;
    return handoverPatient(fodselsnummer, {
      name: [{ use: 'official', family: this.random.pick(SURNAMES), given: [this.random.pick(male ? MALE_GIVEN_NAMES : FEMALE_GIVEN_NAMES)] }],
      gender: male ? 'male' : 'female',
      birthDate,
      ...extra,
    });
  }
}
