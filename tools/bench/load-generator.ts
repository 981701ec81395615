/**
 * Drives an operation either with a fixed number of concurrent clients (closed loop: throughput)
 * or at a constant arrival rate (open loop: latency without coordinated omission — each request's
 * latency is measured from when it was due, not from when a client got round to sending it).
 */
export interface RunResult {
  samples: number[];
  errors: number;
  seconds: number;
  firstError?: string;
}

export async function closedLoop(operation: (i: number) => Promise<void>, clients: number, durationMs: number): Promise<RunResult> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let sequence = 0;
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const began = performance.now();
        try {
          await operation(sequence++);
          samples.push(performance.now() - began);
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  return { samples, errors, seconds: (performance.now() - start) / 1000, firstError };
}

export async function openLoop(operation: (i: number) => Promise<void>, ratePerSecond: number, durationMs: number): Promise<RunResult> {
  const samples: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const total = Math.floor((ratePerSecond * durationMs) / 1000);
  const interval = 1000 / ratePerSecond;
  const start = performance.now();
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      operation(i).then(
        () => void samples.push(performance.now() - due),
        (error: unknown) => {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
        },
      ),
    );
  }
  await Promise.all(pending);
  return { samples, errors, seconds: (performance.now() - start) / 1000, firstError };
}
