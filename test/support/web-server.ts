import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './free-port';

const root = resolve(__dirname, '../..');

export interface WebServer {
  url: string;
  stop(): Promise<void>;
}

/** Builds the web app and serves it with `vite preview`, proxying the API, as a user's browser would see it. */
export async function startWebServer(apiOrigin: string): Promise<WebServer> {
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', 'apps/web', '--logLevel', 'error'], { cwd: root });
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', 'apps/web', '--port', String(port), '--strictPort', '--host', '127.0.0.1'],
    { cwd: root, env: { ...process.env, API_ORIGIN: apiOrigin, WEB_PORT: String(port) }, stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      if (Date.now() > deadline) throw new Error(`the web app did not come up at ${url}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    url,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
