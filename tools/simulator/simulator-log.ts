/** The simulator's console output: progress and problems always, single refusals only with --verbose. */
export interface SimulatorLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export function consoleLog(verbose: boolean, prefix = 'simulate'): SimulatorLog {
  return {
    info: (message) => console.log(`${prefix}: ${message}`),
    warn: (message) => console.warn(`${prefix}: ${message}`),
    debug: (message) => {
      if (verbose) console.log(`${prefix}: [debug] ${message}`);
    },
  };
}
