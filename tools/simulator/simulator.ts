/**
 * Runs the simulation: Haukeland discharges arriving at the given rate (open loop), the demo GPs and
 * the coordinator acting on what arrives, a progress line now and then — until the duration is up or
 * `stop` is aborted. Then it lets the hand-overs in flight finish and returns the counts.
 */
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
import { loadSimulationDirectory } from './simulation-directory';
import { SimulationStats } from './simulation-stats';
import { SimulatorLog } from './simulator-log';
import { SimulatorOptions } from './simulator-options';
import { hospitalDoctorsOf, unitOfUser } from './unit-doctors';

/** The hospital EHR's system client (client credentials, haukeland-ehr): may hand over for every Haukeland unit. */
const EHR_CLIENT = 'ehr';
const COORDINATOR_USER = 'coordinator';
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
  const actions = new ActorActions(stats, log);
  const pace = { pollMs: pollIntervalMs(options.gpDelayMs), meanDelayMs: options.gpDelayMs };
  const coordinatorApi = new BroApiClient(options.apiBase, new DemoTokenSource(options.oidcIssuer, COORDINATOR_USER));
  const actors = [
    ...directory.demoGps.map((gp) => {
      const other = directory.demoGps.find((candidate) => candidate.user !== gp.user);
      const api = new BroApiClient(options.apiBase, new DemoTokenSource(options.oidcIssuer, gp.user));
      return new GpActor(gp, api, other?.role, pace, random.fork(`gp:${gp.user}`), stats, actions);
    }),
    new CoordinatorActor(coordinatorApi, directory.demoGps, pace, random.fork('coordinator'), stats, actions),
    // Joint consultations: the coordinator proposes for some discharges, the demo GPs answer.
    new ConsultationPlannerActor(coordinatorApi, hospitalDoctors, pace, random.fork('consultation-planner'), stats, actions),
    ...directory.demoGps.map(
      (gp) => new ConsultationInviteeActor(gp, new BroApiClient(options.apiBase, new DemoTokenSource(options.oidcIssuer, gp.user)), pace, random.fork(`invitee:${gp.user}`), stats, actions),
    ),
  ];

  const started = performance.now();
  const end = started + options.durationMs;
  const finished = new AbortController();
  const done = AbortSignal.any([stop, finished.signal]);
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
      const sending = (async () => (sender.wantsDuplicate() ? sender.resendOne() : sender.send(planner.plan())))().catch((error: unknown) => {
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
  return { stats, elapsedMs: elapsed() };
}
