/**
 * Runs the simulation: Haukeland discharges arriving at the given rate (open loop), the demo GPs and
 * the coordinator acting on what arrives, a progress line now and then — until the duration is up or
 * `stop` is aborted. Then it lets the hand-overs in flight finish and returns the counts.
 */
import { setMaxListeners } from 'node:events';
import { setTimeout as sleepFor } from 'node:timers/promises';
import { SeededRandom } from '../seed/seeded-random';
import { ActorActions } from './actor-action';
import { ArrivalSchedule } from './arrival-schedule';
import { BroApiClient } from './bro-api.client';
import { ConsultationInviteeActor } from './consultation-invitee.actor';
import { ConsultationPlannerActor } from './consultation-planner.actor';
import { CoordinatorActor } from './coordinator.actor';
import { DemoTokenSource } from './demo-token.source';
import { FhirClientAdapter } from './fhir-client.adapter';
import { GpActor } from './gp.actor';
import { HandoverPlanner } from './handover-plan';
import { HandoverSender } from './handover-sender';
import { NewPatientFactory } from './new-patient.factory';
import { LowThresholdActor } from './lowthreshold.actor';
import { MultidoseDischarges } from './multidose-discharges';
import { MultidoseGpActor } from './multidose-gp.actor';
import { MultidosePharmacyActor } from './multidose-pharmacy.actor';
import { MultidoseRegistrar } from './multidose-registrar';
import { MultidoseRoster } from './multidose-roster';
import { CoordinatorReferralActor, EhrReferralActor } from './referral-answerer.actor';
import { ReferralSenderActor } from './referral-sender.actor';
import { RevolvingDoorReadmissions } from './revolving-door-readmissions';
import { loadSimulationDirectory } from './simulation-directory';
import { SimulationStats } from './simulation-stats';
import { SimulatorLog } from './simulator-log';
import { SimulatorOptions } from './simulator-options';
import { hospitalDoctorsOf, unitOfUser } from './unit-doctors';

/** The hospital EHR's system client (client credentials, haukeland-ehr): may hand over for every Haukeland unit. */
const EHR_CLIENT = 'ehr';
const COORDINATOR_USER = 'coordinator';
const LOW_THRESHOLD_USER = 'lowthreshold';
/** How long hand-overs still in flight get to finish once the simulation stops. */
const DRAIN_MS = 15_000;

/** Waits `ms`, or less when `signal` aborts; never rejects. */
async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return;
  await sleepFor(ms, undefined, { signal }).catch(() => undefined);
}

/** Looks at the inbox often enough for the GP's pace, but not more than once a second nor less than every 5 s. */
export function pollIntervalMs(gpDelayMs: number): number {
  return Math.min(5_000, Math.max(1_000, gpDelayMs / 6));
}

export interface SimulationResult {
  stats: SimulationStats;
  elapsedMs: number;
}

export async function runSimulation(options: SimulatorOptions, stop: AbortSignal, log: SimulatorLog): Promise<SimulationResult> {
  const random = new SeededRandom(options.seed);
  const fhir = new FhirClientAdapter(options.fhirBaseUrl, new DemoTokenSource(options.oidcIssuer, EHR_CLIENT));
  const directory = await loadSimulationDirectory(fhir);
  log.info(
    `directory: ${directory.units.length} Haukeland units, ${directory.patients.length} patients with a GP ` +
      `(${directory.demoGpPatients.length} on the lists of ${directory.demoGps.map((gp) => gp.user).join(' and ') || 'no demo GP'})`,
  );

  const hospitalDoctors = await hospitalDoctorsOf(fhir, unitOfUser(directory.units, COORDINATOR_USER));
  if (hospitalDoctors.length === 0) log.warn('no hospital doctors at the coordinator\'s unit: no joint consultations will be planned');
  const stats = new SimulationStats(random.fork('latency-reservoir').next);
  const planner = new HandoverPlanner(random.fork('hand-overs'), directory, new NewPatientFactory(random.fork('new-patients'), directory.knownPersonNumbers));
  const sender = new HandoverSender(fhir, stats, random.fork('duplicates'), log);
  // Some discharged patients of 67 or more come back acutely within 30 days: Bro flags them as revolving-door patients.
  const readmissions = new RevolvingDoorReadmissions(random.fork('revolving-door'));
  const actions = new ActorActions(stats, log);
  const pace = { pollMs: pollIntervalMs(options.gpDelayMs), meanDelayMs: options.gpDelayMs };
  const coordinatorApi = new BroApiClient(options.apiBase, new DemoTokenSource(options.oidcIssuer, COORDINATOR_USER));
  // Multidose: the demo GPs register some of their patients of 75+ before a discharge, whose hand-over then
  // changes the medication; the GPs send the updated list (sometimes late); a pharmacy reports dispensing.
  const multidoseRoster = new MultidoseRoster();
  const gpApis = new Map(directory.demoGps.map((gp) => [gp.user, new BroApiClient(options.apiBase, new DemoTokenSource(options.oidcIssuer, gp.user))]));
  const multidoseDischarges = new MultidoseDischarges(
    directory.demoGpPatients,
    directory.demoGps.map((gp) => new MultidoseRegistrar(gp, gpApis.get(gp.user)!, random.fork(`multidose-registrar:${gp.user}`), stats, actions)),
    Object.fromEntries(directory.demoGps.map((gp) => [gp.user, gp.role])),
    multidoseRoster,
    random.fork('multidose-discharges'),
    stats,
  );
  log.info(`multidose: ${await multidoseDischarges.loadKnown()} patients of the demo GPs already on multidose`);
  const actors = [
    ...directory.demoGps.map((gp) => {
      const other = directory.demoGps.find((candidate) => candidate.user !== gp.user);
      const api = new BroApiClient(options.apiBase, new DemoTokenSource(options.oidcIssuer, gp.user));
      return new GpActor(gp, api, other?.role, pace, random.fork(`gp:${gp.user}`), stats, actions, (task) => multidoseRoster.isUpdateTask(task));
    }),
    new CoordinatorActor(coordinatorApi, directory.demoGps, pace, random.fork('coordinator'), stats, actions),
    // Joint consultations: the coordinator proposes for some discharges, the demo GPs answer.
    new ConsultationPlannerActor(coordinatorApi, hospitalDoctors, pace, random.fork('consultation-planner'), stats, actions),
    ...directory.demoGps.map(
      (gp) => new ConsultationInviteeActor(gp, new BroApiClient(options.apiBase, new DemoTokenSource(options.oidcIssuer, gp.user)), pace, random.fork(`invitee:${gp.user}`), stats, actions),
    ),
    // Referrals: the demo GPs refer their patients to Haukeland's units; the coordinator answers for its
    // unit through /api, the hospital EHR for the other units by FHIR; the low-threshold worker triages
    // the rejected ones the routing rules send to the service.
    ...directory.demoGps.map(
      (gp) =>
        new ReferralSenderActor(gp, new BroApiClient(options.apiBase, new DemoTokenSource(options.oidcIssuer, gp.user)), directory.demoGpPatients, directory.units, pace, random.fork(`referrals:${gp.user}`), stats, actions),
    ),
    new CoordinatorReferralActor(coordinatorApi, pace, random.fork('referral-answers:coordinator'), stats, actions),
    new EhrReferralActor(
      fhir,
      new BroApiClient(options.apiBase, new DemoTokenSource(options.oidcIssuer, EHR_CLIENT)),
      directory.units.filter((unit) => unit !== unitOfUser(directory.units, COORDINATOR_USER)),
      pace,
      random.fork('referral-answers:ehr'),
      stats,
      actions,
    ),
    new LowThresholdActor(new BroApiClient(options.apiBase, new DemoTokenSource(options.oidcIssuer, LOW_THRESHOLD_USER)), pace, random.fork('lowthreshold'), stats, actions),
    ...directory.demoGps.map((gp) => new MultidoseGpActor(gp, gpApis.get(gp.user)!, pace, multidoseRoster, random.fork(`multidose-gp:${gp.user}`), stats, actions)),
    new MultidosePharmacyActor(new BroApiClient(options.apiBase, new DemoTokenSource(options.oidcIssuer, EHR_CLIENT)), pace, multidoseRoster, random.fork('multidose-pharmacy'), stats, actions),
  ];

  const started = performance.now();
  const end = started + options.durationMs;
  const finished = new AbortController();
  const done = AbortSignal.any([stop, finished.signal]);
  // Every actor's loop waits on it at once.
  setMaxListeners(actors.length + 10, done);
  const elapsed = () => performance.now() - started;

  const progress = setInterval(() => log.info(stats.progressLine(elapsed())), options.progressEveryMs);
  const actorLoops = actors.map(async (actor) => {
    while (!done.aborted) {
      await actor.tick();
      await sleep(pace.pollMs, done);
    }
  });

  // Open loop: arrivals keep their schedule however slowly Bro answers; past this many unanswered,
  // further ones are counted as skipped instead of piling up in memory.
  const maxInFlight = Math.max(50, Math.ceil(options.ratePerSecond * 30));
  const inFlight = new Set<Promise<void>>();
  const schedule = new ArrivalSchedule(options.ratePerSecond, random.fork('arrivals').next, started);
  while (!done.aborted && performance.now() < end) {
    for (let due = schedule.takeDue(performance.now()); due > 0; due--) {
      if (stats.inFlight >= maxInFlight) {
        stats.skippedBacklog++;
        continue;
      }
      const sending = (async () => {
        if (sender.wantsDuplicate()) return sender.resendOne();
        // An index stay goes out before its readmission, one after the other, as the hospital's EHR would send them.
        for (const plan of readmissions.prepare(await multidoseDischarges.prepare(planner.plan()))) await sender.send(plan);
      })().catch((error: unknown) => {
        stats.error('simulator');
        log.warn(`could not build a hand-over: ${error instanceof Error ? error.message : String(error)}`);
      });
      inFlight.add(sending);
      const forget = () => inFlight.delete(sending);
      sending.then(forget, forget);
    }
    await sleep(Math.min(schedule.nextDueMs, end) - performance.now(), done);
  }

  finished.abort();
  clearInterval(progress);
  await Promise.race([Promise.allSettled([...inFlight]), sleep(DRAIN_MS, new AbortController().signal)]);
  await Promise.allSettled(actorLoops);
  log.info(`revolving door: ${readmissions.sent} acute readmissions within 30 days sent after the stay before them`);
  return { stats, elapsedMs: elapsed() };
}
