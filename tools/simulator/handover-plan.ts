/**
 * One simulated discharge from Haukeland: which patient, which unit, which tasks, sent by which
 * channel. The content is built with the shared builder (discharge-handover.ts), as the tests do.
 */
import { Resource } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { drawCategories, drawPriority, drawTaskCount } from './category-mix';
import { dischargeHandoverEntries, handoverPatient } from './discharge-handover';
import { NewPatientFactory } from './new-patient.factory';
import { HospitalUnit, SimulationDirectory, personNumbersOf } from './simulation-directory';
import { describeTask } from './task-descriptions';

/** Share of hand-overs sent as a FHIR message (`$process-message`) rather than a transaction. */
export const MESSAGE_SHARE = 0.2;
/** Share of discharges of someone Bro does not know and who has no GP: their tasks land in the unassigned queue. */
export const NEW_PATIENT_WITHOUT_GP_SHARE = 0.03;
/**
 * Share of discharges of patients on the demo GPs' lists. Really about 3 % (two of 271 GPs), but
 * then the two inboxes one can log in to would see a task every few minutes; the rest of the load
 * still spreads over all GPs for the board.
 */
export const DEMO_GP_PATIENT_SHARE = 0.25;

/** Units' shares of discharges with tasks for the GP: the medical department discharges the most. */
const UNIT_WEIGHTS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^Medisinsk/, 30],
  [/^Kirurgisk/, 14],
  [/^Hjerte/, 11],
  [/^Ortopedisk/, 9],
  [/^Lunge/, 8],
  [/^Nevrologisk/, 7],
  [/^Kreft/, 7],
  [/^Barne/, 4],
  [/^Psykiatrisk/, 4],
  [/^Akutt/, 5],
];
const OTHER_UNIT_WEIGHT = 5;

export type HandoverChannel = 'transaction' | 'message';
export type PatientKind = 'demo-gp' | 'listed' | 'new-without-gp';

export interface HandoverPlan {
  content: ReturnType<typeof dischargeHandoverEntries>;
  channel: HandoverChannel;
  patientKind: PatientKind;
  taskCount: number;
}

export function unitWeight(unit: HospitalUnit): number {
  return UNIT_WEIGHTS.find(([pattern]) => pattern.test(unit.name))?.[1] ?? OTHER_UNIT_WEIGHT;
}

/** The patient as the discharging hospital knows them: identity and demographics, not Bro's ids. */
function asHospitalKnowsThem(stored: Resource): Resource {
  const [fodselsnummer] = personNumbersOf(stored);
  const { name, gender, birthDate, address } = stored;
  return handoverPatient(fodselsnummer, { identifier: stored.identifier, name, gender, birthDate, ...(address ? { address } : {}) });
}

export class HandoverPlanner {
  private readonly unitWeights: number[];

  constructor(
    private readonly random: SeededRandom,
    private readonly directory: SimulationDirectory,
    private readonly newPatients: NewPatientFactory,
  ) {
    this.unitWeights = directory.units.map(unitWeight);
  }

  plan(now = new Date()): HandoverPlan {
    const { patient, patientKind } = this.patient(now);
    const unit = this.directory.units[this.random.weightedIndex(this.unitWeights)];
    const taskCount = drawTaskCount(this.random);
    // Stays are mostly short: 1–3 days for half of them, up to three weeks.
    const stayDays = Math.max(1, Math.round(-Math.log(1 - this.random.next()) * 4));
    const admittedAt = new Date(now.getTime() - stayDays * 86_400_000 - this.random.int(0, 12) * 3_600_000);
    const content = dischargeHandoverEntries({
      patient,
      requester: unit.reference,
      admittedAt: admittedAt.toISOString(),
      dischargedAt: now.toISOString(),
      tasks: drawCategories(this.random, taskCount).map((category) => ({
        category,
        description: describeTask(this.random, category),
        priority: drawPriority(this.random),
      })),
    });
    return { content, channel: this.random.chance(MESSAGE_SHARE) ? 'message' : 'transaction', patientKind, taskCount };
  }

  private patient(now: Date): { patient: Resource; patientKind: PatientKind } {
    if (this.random.chance(NEW_PATIENT_WITHOUT_GP_SHARE)) return { patient: this.newPatients.patient({}, now), patientKind: 'new-without-gp' };
    if (this.directory.demoGpPatients.length > 0 && this.random.chance(DEMO_GP_PATIENT_SHARE)) {
      return { patient: asHospitalKnowsThem(this.random.pick(this.directory.demoGpPatients)), patientKind: 'demo-gp' };
    }
    return { patient: asHospitalKnowsThem(this.random.pick(this.directory.patients)), patientKind: 'listed' };
  }
}
