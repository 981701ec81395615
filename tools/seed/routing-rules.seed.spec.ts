import { AddressInfo } from 'node:net';
import { Server, createServer } from 'node:http';
import { SeedError } from './fhir-uploader';
import { DEFAULT_ROUTING_COMMENT, seedRoutingRules } from './routing-rules.seed';

/** Bro's routing-rules endpoint as far as the seed uses it: GET the set in force, PUT the next version from the one in force. */
class FakeRoutingRulesApi {
  versions: Array<{ rules: unknown[]; comment?: string }> = [];
  puts = 0;
  authorization?: string;
  refuseWith?: number;
  private server?: Server;
  baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      this.authorization = request.headers.authorization;
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      if (request.url !== '/api/referrals/routing-rules') return reply(404, { message: 'not found' });
      if (this.refuseWith) return reply(this.refuseWith, { statusCode: this.refuseWith, message: 'this is for admin users; you are signed in as system' });
      const version = this.versions.length;
      if (request.method === 'GET') return reply(200, version ? { stored: true, version, ...this.versions[version - 1] } : { stored: false, version: 0, rules: [] });
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        this.puts++;
        const body = JSON.parse(text) as { version: number; rules: unknown[]; comment?: string };
        if (body.version !== version) return reply(412, { message: `the routing rules are at version ${version}` });
        this.versions.push({ rules: body.rules, comment: body.comment });
        reply(200, { stored: true, version: version + 1, rules: body.rules, comment: body.comment });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/fhir/R4`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server!.close(() => resolve()));
  }
}

describe('seedRoutingRules', () => {
  const api = new FakeRoutingRulesApi();
  const options = () => ({ fhirBaseUrl: api.baseUrl, oidcIssuer: 'http://127.0.0.1:1', adminToken: 'admin-token', lowThresholdService: 'HealthcareService/abc' });

  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('saves one catch-all rule to the low-threshold service as version 1, as the administrator', async () => {
    expect(await seedRoutingRules(options())).toEqual({ created: true, version: 1 });
    expect(api.versions).toEqual([{ rules: [{ id: 'alle', description: 'Alle avviste henvisninger', routeTo: 'HealthcareService/abc' }], comment: DEFAULT_ROUTING_COMMENT }]);
    expect(api.authorization).toBe('Bearer admin-token');
  });

  it('leaves stored rules as they are: a second run, or rules an administrator saved, change nothing', async () => {
    const puts = api.puts;
    expect(await seedRoutingRules({ ...options(), lowThresholdService: 'HealthcareService/other' })).toEqual({ created: false, version: 1 });
    expect(api.puts).toBe(puts);
    expect(api.versions).toHaveLength(1);
  });

  it('fails in one line with the API\'s words when it is refused', async () => {
    api.refuseWith = 403;
    try {
      const failure = seedRoutingRules(options());
      await expect(failure).rejects.toBeInstanceOf(SeedError);
      await expect(failure).rejects.toThrow("Bro's API answered 403 to GET /api/referrals/routing-rules: this is for admin users");
    } finally {
      api.refuseWith = undefined;
    }
  });
});
