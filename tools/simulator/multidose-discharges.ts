/**
 * Which simulated discharges are of multidose patients, and what that changes: a patient of 75 or over on
 * a demo GP's list is on multidose at the simulated share (their GP registers the episode before the
 * discharge, {@link MultidoseRegistrar}); once on it, every later discharge of theirs in the run is too.
 * A multidose patient's hand-over always carries a medication change (RESEPT-NY or MED-JUST), so Bro makes
 * the episode change-pending and gives the GP an update Task.
 */
import { Resource } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { HandoverPlan } from './handover-plan';
import { isOnMultidose, withMedicationChange } from './multidose-behaviour';
import { MultidoseRegistrar } from './multidose-registrar';
import { MultidoseRoster } from './multidose-roster';
import { personNumbersOf } from './simulation-directory';
import { SimulationStats } from './simulation-stats';

export class MultidoseDischarges {
  /** The demo GPs' patients by fødselsnummer: a hand-over names the patient as the hospital knows them. */
  private readonly byNumber = new Map<string, Resource>();

  constructor(
    demoGpPatients: readonly Resource[],
    private readonly registrars: readonly MultidoseRegistrar[],
    private readonly gpRoles: Readonly<Record<string, string>>,
    private readonly roster: MultidoseRoster,
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
  ) {
    for (const patient of demoGpPatients) for (const number of personNumbersOf(patient)) this.byNumber.set(number, patient);
  }

  /** Learns the patients already on multidose with the demo GPs; answers how many. */
  async loadKnown(now = new Date()): Promise<number> {
    for (const registrar of this.registrars) for (const patient of await registrar.known(now)) this.roster.add(patient);
    return this.roster.size;
  }

  /** The plan as it goes out: for a multidose patient with a medication change; others as they were. */
  async prepare(plan: HandoverPlan, now = new Date()): Promise<HandoverPlan> {
    if (plan.patientKind !== 'demo-gp') return plan;
    const sent = plan.content.entries.find((entry) => entry.resource?.resourceType === 'Patient')?.resource;
    const stored = sent ? personNumbersOf(sent).map((number) => this.byNumber.get(number)).find(Boolean) : undefined;
    if (!stored?.id) return plan;
    if (!this.roster.get(stored.id)) {
      if (!isOnMultidose(this.random, stored.birthDate as string | undefined, now)) return plan;
      const registrar = this.registrarOf(stored);
      const registered = registrar && (await registrar.register(stored.id, now));
      if (!registered) return plan;
      this.roster.add(registered);
    }
    this.stats.multidose('discharged with medication changes');
    return { ...plan, content: { ...plan.content, entries: withMedicationChange(this.random, plan.content.entries) } };
  }

  private registrarOf(patient: Resource): MultidoseRegistrar | undefined {
    const gps = Array.isArray(patient.generalPractitioner) ? (patient.generalPractitioner as Array<{ reference?: string }>).map((gp) => gp.reference) : [];
    return this.registrars.find((registrar) => gps.includes(this.gpRoles[registrar.user]));
  }
}
