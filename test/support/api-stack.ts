import Client from 'fhir-kit-client';
import { Ledgers, openLedgers } from './settled';
import { TestApi, startTestApi } from './test-api';
import { startTestWorker } from './test-worker';

/**
 * What a test of notifications starts with: the API, a worker taking the jobs the test's changes set off,
 * and the ledgers to wait until that work is finished (settled.ts).
 */
export interface ApiStack {
  api: TestApi;
  /** The hospital system, as the demo user "ehr": it sends the hand-overs. */
  ehr: Client;
  ledgers: Ledgers;
  /** The ledgers, then the worker, then the API: nothing is left taking jobs from the shared queues. */
  close(): Promise<void>;
}

export async function startApiStack(): Promise<ApiStack> {
  // What started is stopped again when a later part cannot start, as in browser-stack.ts.
  const started: Array<() => Promise<void>> = [];
  try {
    const api = await startTestApi();
    started.unshift(() => api.close());
    const worker = await startTestWorker();
    started.unshift(() => worker.close());
    const ehr = await api.fhirClient('ehr');
    const ledgers = openLedgers(api.config);
    started.unshift(() => ledgers.close());
    return {
      api,
      ehr,
      ledgers,
      async close() {
        for (const stop of started) await stop();
      },
    };
  } catch (error) {
    for (const stop of started) await stop().catch(() => undefined);
    throw error;
  }
}
