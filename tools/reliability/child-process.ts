import { ChildProcess } from 'node:child_process';

/** Keeps the last lines a child process wrote (for failure messages, and to see what it logged). */
export function collectOutput(child: ChildProcess, lines: string[], keep = 400): void {
  const take = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > keep) lines.splice(0, lines.length - keep);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
}

/** Polls `probe` until it holds; fails with the child's last words if it exits or time runs out first. */
export async function until(probe: () => boolean | Promise<boolean>, what: string, timeoutMs: number, child?: ChildProcess, lines?: string[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (child && child.exitCode !== null) throw new Error(`${what}: the process exited (${child.exitCode}):\n${(lines ?? []).slice(-30).join('\n')}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${(lines ?? []).slice(-30).join('\n')}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}
