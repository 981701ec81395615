/**
 * `npm run simulate -- --rate 5/s --duration 10m`: plays Haukeland discharges against a running Bro
 * as the hospital's EHR would, with the demo GPs and the coordinator answering over time. Ctrl-C (or
 * SIGTERM, as `npm start` sends) stops it cleanly with a summary; a second Ctrl-C stops at once.
 */
import { IdentityProviderUnreachableError } from '../identity-provider/demo-token';
import { RequestFailure } from './request-failure';
import { DirectoryNotSeededError } from './simulation-directory';
import { runSimulation } from './simulator';
import { consoleLog } from './simulator-log';
import { USAGE, UsageError, parseSimulatorOptions } from './simulator-options';

function describeRate(perSecond: number): string {
  return perSecond >= 1 ? `${Number(perSecond.toFixed(2))}/s` : `${Number((perSecond * 60).toFixed(2))}/min`;
}

async function main(): Promise<number> {
  let options;
  try {
    options = parseSimulatorOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`simulate: ${error.message}`);
    console.error(USAGE);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const log = consoleLog(options.verbose);
  const stop = new AbortController();
  const onSignal = (signal: string) => {
    // Ctrl-C under npm start reaches us twice (the terminal's SIGINT, then npm start's SIGTERM):
    // only a second Ctrl-C means "stop at once".
    if (stop.signal.aborted) {
      if (signal === 'SIGINT' && stop.signal.reason === 'SIGINT') process.exit(130);
      return;
    }
    log.info(`${signal}: stopping (letting hand-overs in flight finish; Ctrl-C again to stop at once)`);
    stop.abort(signal);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const duration = Number.isFinite(options.durationMs) ? `for ${options.durationMs / 1000} s` : 'until stopped';
  log.info(`sending hand-overs at ${describeRate(options.ratePerSecond)} to ${options.fhirBaseUrl} ${duration} (seed ${options.seed}; GP step ~${options.gpDelayMs / 1000} s)`);
  const { stats, elapsedMs } = await runSimulation(options, stop.signal, log);
  for (const line of stats.summary(elapsedMs)) log.info(line);
  return stats.duplicatesCreatedAgain > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // The ones the user can act on say so in one line; anything else is a bug worth its stack.
    if (error instanceof RequestFailure && error.status === undefined) {
      console.error(`simulate: ${error.message} — is Bro running (npm start)?`);
    } else if (error instanceof DirectoryNotSeededError || error instanceof IdentityProviderUnreachableError || error instanceof RequestFailure) {
      console.error(`simulate: ${error.message}`);
    } else {
      console.error('simulate: failed:', error);
    }
    process.exit(1);
  },
);
