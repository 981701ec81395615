/**
 * `npm run bench -- <scenario> [--flags]`. Scenarios: fhir (Task create vs raw INSERT, search at 1M Tasks,
 * name search at 1M Patients, and what R4 StructureDefinition validation costs a create); validation (that
 * last comparison alone, on a small database);
 * handover (hand-overs vs the same rows in raw SQL, the GP inbox at 1M Tasks); notify (Task change →
 * socket.io and rest-hook vs raw BullMQ); board (500 live boards on two API instances under hand-overs
 * vs raw socket.io fan-out); chaos (hand-overs at a constant rate through two APIs and two workers while
 * Redis, the processes and the database connections fail on a schedule: lost, duplicated, out of order,
 * recovery time per fault); consultations ($find at 20,000 consultations, 50 coordinators booking vs the
 * conflict check as raw SQL); referrals (rejections at 20/s among 100,000 referrals → visible in the
 * low-threshold queue, the queue page, none lost or routed twice, vs the routing's rows as raw SQL); multidose
 * (hand-overs with medication changes for a multidose patient vs one without, among 50,000 episodes, and the
 * board's multidose panel with its pending changes); directory (type-ahead search at 20 keystrokes/s over a
 * national-size directory vs its SQL as raw queries, then the revolving-door check's cost to a hand-over).
 * Everything a table compares is measured in the same run on this machine.
 */
import { runBoardBench } from './board.bench';
import { runChaosBench } from './chaos.bench';
import { runConsultationsBench } from './consultations.bench';
import { FULL_RUN_MS, faultsNamed } from './chaos-schedule';
import { DEFAULT_JOB_LOCK_MS, DEFAULT_RECONCILE_AFTER_MS } from '../../apps/api/src/config/app-config';
import { runFhirBench } from './fhir.bench';
import { runDirectoryBench } from './directory.bench';
import { runHandoverBench } from './handover.bench';
import { runMultidoseBench } from './multidose.bench';
import { runNotifyBench } from './notify.bench';
import { runReferralsBench } from './referrals.bench';
import { runRevolvingDoorBench } from './revolving-door.bench';
import { runValidationBench } from './validation-cost.bench';

function flag(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(args[index + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} takes a positive number`);
    process.exit(2);
  }
  return value;
}

/** `--duration 10m`, `90s` or `600` (seconds). */
function text(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index < 0 ? undefined : (args[index + 1] ?? '');
}

function duration(args: string[], fallbackMs: number): number {
  const index = args.indexOf('--duration');
  if (index < 0) return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)(m|s)?$/.exec(args[index + 1] ?? '');
  if (!match || Number(match[1]) <= 0) {
    console.error('--duration takes a positive time: 10m, 90s or 600');
    process.exit(2);
  }
  return Number(match[1]) * (match[2] === 'm' ? 60_000 : 1_000);
}

async function main(): Promise<void> {
  const [scenario, ...args] = process.argv.slice(2);
  switch (scenario) {
    case 'fhir':
      await runFhirBench({
        tasks: flag(args, 'tasks', 1_000_000),
        seconds: flag(args, 'seconds', 10),
        rounds: flag(args, 'rounds', 2),
        clients: flag(args, 'clients', 32),
        searchRate: flag(args, 'search-rate', 100),
        patients: flag(args, 'patients', 1_000_000),
        stringSearchRate: flag(args, 'string-search-rate', 10),
        fresh: args.includes('--fresh'),
      });
      break;
    case 'validation':
      await runValidationBench({ seconds: flag(args, 'seconds', 10), rounds: flag(args, 'rounds', 3), clients: flag(args, 'clients', 32) });
      break;
    case 'notify':
      await runNotifyBench({ rate: flag(args, 'rate', 200), seconds: flag(args, 'seconds', 60) });
      break;
    case 'handover':
      await runHandoverBench({
        tasks: flag(args, 'tasks', 1_000_000),
        seconds: flag(args, 'seconds', 10),
        rounds: flag(args, 'rounds', 2),
        clients: flag(args, 'clients', 16),
        inboxRate: flag(args, 'inbox-rate', 50),
        fresh: args.includes('--fresh'),
      });
      break;
    case 'board':
      await runBoardBench({
        tasks: flag(args, 'tasks', 1_000_000),
        seconds: flag(args, 'seconds', 60),
        rounds: flag(args, 'rounds', 2),
        rate: flag(args, 'rate', 50),
        clients: flag(args, 'clients', 500),
        fresh: args.includes('--fresh'),
      });
      break;
    case 'consultations': {
      const ok = await runConsultationsBench({
        findRate: flag(args, 'find-rate', 20),
        findSeconds: flag(args, 'find-seconds', 30),
        seconds: flag(args, 'seconds', 30),
        rounds: flag(args, 'rounds', 2),
        coordinators: flag(args, 'coordinators', 50),
        rate: flag(args, 'rate', 20),
        fresh: args.includes('--fresh'),
      });
      if (!ok) process.exit(1);
      break;
    }
    case 'revolving-door':
      await runRevolvingDoorBench({
        seconds: flag(args, 'seconds', 20),
        rounds: flag(args, 'rounds', 2),
        rate: flag(args, 'rate', 20),
        fresh: args.includes('--fresh'),
      });
      break;
    case 'referrals': {
      const ok = await runReferralsBench({
        rate: flag(args, 'rate', 20),
        seconds: flag(args, 'seconds', 30),
        rounds: flag(args, 'rounds', 2),
        pageRate: flag(args, 'page-rate', 10),
        fresh: args.includes('--fresh'),
      });
      if (!ok) process.exit(1);
      break;
    }
    case 'multidose': {
      const ok = await runMultidoseBench({
        rate: flag(args, 'rate', 10),
        seconds: flag(args, 'seconds', 30),
        rounds: flag(args, 'rounds', 2),
        boardRuns: flag(args, 'board-runs', 200),
        fresh: args.includes('--fresh'),
      });
      if (!ok) process.exit(1);
      break;
    }
    case 'directory': {
      const ok = await runDirectoryBench({
        rate: flag(args, 'rate', 20),
        seconds: flag(args, 'seconds', 30),
        rounds: flag(args, 'rounds', 2),
        fresh: args.includes('--fresh'),
        revolvingDoor: args.includes('--search-only')
          ? undefined
          : { seconds: flag(args, 'revolving-seconds', 30), rounds: flag(args, 'revolving-rounds', 2), rate: flag(args, 'revolving-rate', 10) },
      });
      if (!ok) process.exit(1);
      break;
    }
    case 'chaos': {
      const ok = await runChaosBench({
        rate: flag(args, 'rate', 20),
        durationMs: duration(args, FULL_RUN_MS),
        reconcileAfterMs: flag(args, 'reconcile-after-ms', DEFAULT_RECONCILE_AFTER_MS),
        jobLockMs: flag(args, 'job-lock-ms', DEFAULT_JOB_LOCK_MS),
        keepDatabase: args.includes('--keep-database'),
        faults: faultsNamed(text(args, 'faults')),
        fromSources: args.includes('--from-sources'),
      });
      if (!ok) process.exit(1);
      break;
    }
    default:
      console.error(
        [
          'usage: npm run bench -- fhir [--tasks N] [--patients N] [--seconds S] [--rounds R] [--clients C] [--search-rate R] [--string-search-rate R] [--fresh]',
          '       npm run bench -- validation [--seconds S] [--rounds R] [--clients C]   (also part of fhir)',
          '       npm run bench -- notify [--rate N] [--seconds S]',
          '       npm run bench -- handover [--tasks N] [--seconds S] [--rounds R] [--clients C] [--inbox-rate R] [--fresh]',
          '       npm run bench -- board [--tasks N] [--seconds S] [--rounds R] [--rate HANDOVERS_PER_S] [--clients C] [--fresh]',
          '       npm run bench -- consultations [--find-rate R] [--find-seconds S] [--seconds S_PER_ROUND] [--rounds R] [--coordinators C] [--rate BOOKINGS_PER_S] [--fresh]',
          '       npm run bench -- referrals [--rate REJECTIONS_PER_S] [--seconds S_PER_ROUND] [--rounds R] [--page-rate R] [--fresh]',
          '       npm run bench -- revolving-door [--rate HANDOVERS_PER_S] [--seconds S_PER_ROUND] [--rounds R] [--fresh]   (also part of directory)',
          '       npm run bench -- multidose [--rate HANDOVERS_PER_S] [--seconds S_PER_ROUND] [--rounds R] [--board-runs N] [--fresh]',
          '       npm run bench -- directory [--rate KEYSTROKES_PER_S] [--seconds S_PER_ROUND] [--rounds R] [--revolving-rate HANDOVERS_PER_S] [--revolving-seconds S] [--revolving-rounds R] [--search-only] [--fresh]',
          '       npm run bench -- chaos [--duration 10m] [--rate HANDOVERS_PER_S] [--reconcile-after-ms MS] [--job-lock-ms MS] [--faults worker-kill,redis-away,...] [--from-sources] [--keep-database]',
        ].join('\n'),
      );
      process.exit(2);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
