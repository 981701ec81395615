import { createServer, Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpDrain } from './http-drain';

function get(port: number, agent: Agent): Promise<{ status: number; connection?: string; body: string }> {
  return new Promise((resolve, reject) => {
    request({ port, host: '127.0.0.1', path: '/', agent }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, connection: response.headers.connection, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('HTTP drain', () => {
  it('stops accepting, answers the request in flight, and closes the keep-alive connection', async () => {
    let release: () => void = () => undefined;
    let arrived: () => void = () => undefined;
    const inHand = new Promise<void>((resolve) => (arrived = resolve));
    const server = createServer((_request, response) => {
      arrived();
      release = () => response.end('answered');
    });
    server.keepAliveTimeout = 60_000;
    const drain = new HttpDrain(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const closed = new Promise<void>((resolve) => server.once('close', resolve));
    const agent = new Agent({ keepAlive: true });

    const answer = get(port, agent);
    await inHand;
    let drained = false;
    const draining = drain.drain().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    expect(drain.pending).toBe(1);
    // A new connection is refused while the old one is being answered.
    await expect(get(port, new Agent())).rejects.toThrow(/ECONNREFUSED/);

    release();
    expect(await answer).toEqual({ status: 200, connection: 'close', body: 'answered' });
    await draining;
    // The server closes only when its last connection has: the keep-alive connection did not linger.
    await closed;
    agent.destroy();
  });

  it('resolves at once with nothing in flight', async () => {
    const server = createServer((_request, response) => response.end());
    const drain = new HttpDrain(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await drain.drain();
    expect(server.listening).toBe(false);
  });
});
