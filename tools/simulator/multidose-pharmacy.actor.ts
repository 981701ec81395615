/**
 * The multidose pharmacies' system (the `ehr` system client stands in for it): now and then a dispensing
 * report (M25.3, `POST /fhir/R4/Communication`) for one of the simulation's multidose patients, saying
 * which complete list it packed from (`urn:bro:extension:packed-from-list`) — the old one while a change
 * is pending, which after the due date Bro flags as a deviation on the board.
 */
import { ERESEPT_MESSAGE_SYSTEM, EreseptMessage, PACKED_FROM_LIST_EXTENSION } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { BroApiClient } from './bro-api.client';
import { chanceWithin } from './gp-behaviour';
import { MEAN_DISPENSING_REPORT_INTERVAL_MS, packedFromList } from './multidose-behaviour';
import { MultidoseRoster } from './multidose-roster';
import { SimulationStats } from './simulation-stats';

export class MultidosePharmacyActor {
  constructor(
    private readonly api: BroApiClient,
    private readonly pace: { pollMs: number },
    private readonly roster: MultidoseRoster,
    private readonly random: SeededRandom,
    private readonly stats: SimulationStats,
    private readonly actions: ActorActions,
    private readonly meanIntervalMs = MEAN_DISPENSING_REPORT_INTERVAL_MS,
  ) {}

  async tick(): Promise<void> {
    if (this.roster.size === 0 || !this.random.chance(chanceWithin(this.pace.pollMs, this.meanIntervalMs))) return;
    const patient = this.random.pick(this.roster.all());
    const report = {
      resourceType: 'Communication',
      status: 'completed',
      category: [{ coding: [{ system: ERESEPT_MESSAGE_SYSTEM, code: EreseptMessage.DispensingReport }] }],
      subject: { reference: `Patient/${patient.patientId}` },
      sent: new Date().toISOString(),
      extension: [{ url: PACKED_FROM_LIST_EXTENSION, valueDateTime: packedFromList(this.random, { current: patient.listAt, previous: patient.previousListAt }) }],
    };
    if (await this.actions.attempt('pharmacy', 'a dispensing report (M25.3)', () => this.api.post('/fhir/R4/Communication', report))) this.stats.multidose('dispensing report (M25.3)');
  }
}
