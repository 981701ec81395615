/**
 * Revolving-door patients in the simulation: some discharged patients of 67 or more come back acutely within
 * 30 days. A readmission cannot be sent before the discharge it follows has happened, and a simulation run
 * lasts minutes, not weeks; so when a discharge of a patient of 67 or more is drawn to be a readmission, the
 * stay before it is sent first — its hand-over, discharged 8 hours to 30 days before this admission (the
 * indicator's window, from one place) — and this stay goes out as an acute admission. Bro then flags the
 * patient as the hand-over arrives, as it would for real. Every other admission is acute or elective at
 * about the rate hospitals admit, so most discharges of the elderly are no revolving door.
 */
import { REVOLVING_DOOR, Resource, isElderlyOnDischargeDay } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { drawCategories } from './category-mix';
import { dischargeHandoverEntries } from './discharge-handover';
import { HandoverPlan } from './handover-plan';

/** Share of discharges of patients 67 or more that are readmissions within 30 days (the national figure is around 15 %). */
export const REVOLVING_DOOR_SHARE = 0.15;
/** Share of other admissions that are acute (øyeblikkelig hjelp); the rest are elective. */
export const ACUTE_ADMISSION_SHARE = 0.6;

const ACT_PRIORITY = 'http://terminology.hl7.org/CodeSystem/v3-ActPriority';

function encounterOf(plan: HandoverPlan): Resource {
  return plan.content.entries.find((entry) => entry.resource?.resourceType === 'Encounter')!.resource!;
}

function withAdmission(plan: HandoverPlan, acute: boolean): HandoverPlan {
  const encounter = encounterOf(plan);
  encounter.priority = { coding: [{ system: ACT_PRIORITY, code: acute ? 'EM' : 'EL', display: acute ? 'emergency' : 'elective' }] };
  return plan;
}

export class RevolvingDoorReadmissions {
  /** How many readmissions the run sent (each after its index stay). */
  sent = 0;

  constructor(private readonly random: SeededRandom) {}

  /** The hand-overs to send for a plan, in order: the index stay first when this discharge is drawn to be a readmission. */
  prepare(plan: HandoverPlan): HandoverPlan[] {
    const encounter = encounterOf(plan);
    const patient = plan.content.entries.find((entry) => entry.resource?.resourceType === 'Patient')!.resource!;
    const admittedAt = new Date((encounter.period as { start: string }).start);
    const birthDate = typeof patient.birthDate === 'string' ? patient.birthDate : undefined;
    const span = REVOLVING_DOOR.latestMs - REVOLVING_DOOR.earliestMs;
    const indexDischarge = new Date(admittedAt.getTime() - REVOLVING_DOOR.earliestMs - Math.floor(this.random.next() * span));
    if (!isElderlyOnDischargeDay(birthDate, indexDischarge) || !this.random.chance(REVOLVING_DOOR_SHARE)) {
      return [withAdmission(plan, this.random.chance(ACUTE_ADMISSION_SHARE))];
    }
    const requester = (plan.content.entries.find((entry) => entry.resource?.resourceType === 'Task')?.resource?.requester as { reference: string } | undefined)?.reference;
    const unit = (encounter.serviceProvider as { reference?: string } | undefined)?.reference;
    const stayDays = 1 + this.random.int(0, 6);
    const index: HandoverPlan = {
      content: dischargeHandoverEntries({
        patient: structuredClone(patient),
        requester: requester ?? unit!,
        unit,
        admittedAt: new Date(indexDischarge.getTime() - stayDays * 86_400_000).toISOString(),
        dischargedAt: indexDischarge.toISOString(),
        admission: this.random.chance(ACUTE_ADMISSION_SHARE) ? 'acute' : 'elective',
        tasks: drawCategories(this.random, 1).map((category) => ({ category })),
      }),
      channel: 'transaction',
      patientKind: plan.patientKind,
      taskCount: 1,
    };
    this.sent++;
    return [index, withAdmission(plan, true)];
  }
}
