import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './free-port';

const root = resolve(__dirname, '../..');

export interface WebServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Builds the web app and serves it with `vite preview`, proxying the API, as a user's browser would
 * see it. The build takes this run's identity provider (OIDC_ISSUER, set by the global setup); the
 * provider accepts the app's callback on any loopback port, so the free port needs no registration.
 */
export async function startWebServer(apiOrigin: string): Promise<WebServer> {
  // A build of its own per test file: the build carries this run's identity provider, and a shared apps/web/dist
  // would be emptied and rebuilt (for another run's provider) under a test that is still serving it.
  const outDir = mkdtempSync(join(tmpdir(), 'bro-web-'));
  try {
    execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', 'apps/web', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      cwd: root,
      env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw new Error(`the web app did not build: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', 'apps/web', '--outDir', outDir, '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: root, env: { ...process.env, API_ORIGIN: apiOrigin, WEB_PORT: String(port), VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }, stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}) before serving ${url}`);
      if (Date.now() > deadline) throw new Error(`the web app did not come up at ${url}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }).then(() => rmSync(outDir, { recursive: true, force: true })),
  };
}
