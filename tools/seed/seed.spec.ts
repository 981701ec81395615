import { AddressInfo } from 'node:net';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Bundle, BundleEntry, Resource } from '@app/fhir';
import { SeedError, seedDirectory } from './seed';

/**
 * A stand-in for Bro's transaction endpoint with the behaviour the seed relies on: conditional
 * create per entry (200 with the existing resource, 201 otherwise), `urn:uuid:` references
 * resolved inside the Bundle, and references to missing resources refused with an OperationOutcome.
 */
class FakeFhirServer {
  readonly stored = new Map<string, Resource>();
  private readonly byCriteria = new Map<string, string>();
  requests = 0;
  authorization: string | undefined;
  prefer = '';
  refuseWith: { status: number; diagnostics: string } | undefined;
  private server!: Server;
  baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response).catch(() => response.writeHead(500).end()));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/fhir/R4`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body = '';
    for await (const chunk of request) body += chunk;
    this.requests++;
    this.authorization = request.headers.authorization;
    this.prefer = String(request.headers.prefer ?? '');
    const reply = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/fhir+json' });
      response.end(JSON.stringify(payload));
    };
    const outcome = (status: number, diagnostics: string) =>
      reply(status, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics }] });
    if (this.refuseWith) return outcome(this.refuseWith.status, this.refuseWith.diagnostics);
    if (request.method !== 'POST' || !['/fhir/R4', '/fhir/R4/'].includes(request.url ?? '')) return outcome(404, `no route ${request.method} ${request.url}`);

    const bundle = JSON.parse(body) as Bundle;
    const ids = new Map<string, string>();
    const pending: Array<{ key: string; resource: Resource } | undefined> = [];
    const statuses: string[] = [];
    for (const entry of bundle.entry ?? []) {
      const type = entry.request!.url;
      const key = `${type}?${entry.request!.ifNoneExist}`;
      const existing = this.byCriteria.get(key);
      const id = existing ?? randomUUID();
      ids.set(entry.fullUrl!, `${type}/${id}`);
      statuses.push(existing ? '200 OK' : '201 Created');
      pending.push(existing ? undefined : { key, resource: { ...entry.resource!, id } });
    }
    const text = JSON.stringify(pending).replace(/"reference":"(urn:uuid:[^"]+)"/g, (match, urn: string) =>
      ids.has(urn) ? `"reference":"${ids.get(urn)}"` : match,
    );
    const resolved = JSON.parse(text) as typeof pending;
    for (const reference of text.match(/"reference":"[^"]+"/g) ?? []) {
      const target = reference.slice('"reference":"'.length, -1);
      const inBundle = [...ids.values()].includes(target);
      if (!inBundle && !this.stored.has(target)) return outcome(422, `reference ${target} points to nothing`);
    }
    for (const item of resolved) {
      if (!item) continue;
      this.stored.set(`${item.resource.resourceType}/${item.resource.id}`, item.resource);
      this.byCriteria.set(item.key, item.resource.id!);
    }
    const entry: BundleEntry[] = (bundle.entry ?? []).map((request, i) => ({
      response: { status: statuses[i], location: `${ids.get(request.fullUrl!)}/_history/1` },
    }));
    reply(200, { resourceType: 'Bundle', type: 'transaction-response', entry });
  }
}

describe('seedDirectory', () => {
  const server = new FakeFhirServer();
  const options = { offices: 4, gps: 12, patients: 150, seed: 3, bundleSize: 25, concurrency: 2, token: 'test-token' };

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('loads the directory and patients in transaction Bundles, with references to what earlier Bundles made', async () => {
    const lines: string[] = [];
    const summary = await seedDirectory({
      ...options,
      fhirBaseUrl: server.baseUrl,
      onProgress: ({ types, counts }) => lines.push(types.map((type) => `${type} ${counts[type].created}/${counts[type].total}`).join(', ')),
    });

    expect(summary.existing).toBe(0);
    expect(summary.counts.Patient).toEqual({ created: 150, existing: 0, total: 150 });
    // The low-threshold service and the five municipal services of each of the eight boroughs.
    expect(summary.counts.HealthcareService).toEqual({ created: 41, existing: 0, total: 41 });
    expect(summary.created).toBe(server.stored.size);
    // Bundles of 25 entries, less where a group does not fit whole: a hospital doctor with their role and a week of duties is 9.
    expect(server.requests).toBeLessThanOrEqual(Math.ceil(summary.created / (25 - 8)));
    expect(server.authorization).toBe('Bearer test-token');
    expect(server.prefer).toBe('return=minimal');
    expect(lines.at(-1)).toContain('Patient 150/150');

    const resources = [...server.stored.values()];
    expect(JSON.stringify(resources)).not.toContain('urn:uuid:');
    const patients = resources.filter((resource) => resource.resourceType === 'Patient');
    for (const patient of patients) {
      for (const gp of (patient.generalPractitioner ?? []) as Array<{ reference: string }>) {
        expect(server.stored.get(gp.reference)?.resourceType).toBe('PractitionerRole');
      }
    }
    const gpRole = server.stored.get(summary.references.demoPractitionerRoles.gp)!;
    expect((gpRole.organization as { reference: string }).reference).toBe(summary.references.demoOrganizations.gpOfficeSentrum);
    expect(server.stored.get(summary.references.lowThresholdService)?.resourceType).toBe('HealthcareService');
  });

  it('creates nothing the second time', async () => {
    const before = server.stored.size;
    const summary = await seedDirectory({ ...options, fhirBaseUrl: server.baseUrl });
    expect(summary.created).toBe(0);
    expect(summary.existing).toBe(before);
    expect(server.stored.size).toBe(before);
  });

  it('fails with the server diagnostics of an OperationOutcome', async () => {
    server.refuseWith = { status: 422, diagnostics: 'Bundle.entry[3]: Patient.identifier: invalid fødselsnummer' };
    try {
      const failure = seedDirectory({ ...options, fhirBaseUrl: server.baseUrl });
      await expect(failure).rejects.toBeInstanceOf(SeedError);
      await expect(failure).rejects.toThrow("Bro's API answered 422: Bundle.entry[3]: Patient.identifier: invalid fødselsnummer");
    } finally {
      server.refuseWith = undefined;
    }
  });

  it('says so in one line when the API is not running', async () => {
    const closed = new FakeFhirServer();
    await closed.start();
    await closed.stop();
    await expect(seedDirectory({ ...options, fhirBaseUrl: closed.baseUrl })).rejects.toThrow(
      `Bro's API is not reachable at ${closed.baseUrl} — start it with npm start`,
    );
  });
});
