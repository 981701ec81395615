import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { GATEWAY_METADATA, GATEWAY_OPTIONS } from '@nestjs/websockets/constants';
import { PUBLISHED_CODE_SYSTEMS, Resource } from '@app/fhir';
import { RESOURCE_CLASS } from '../../apps/api/src/access/access-policy';
import { BRO_ROLES, BroRole } from '../../apps/api/src/auth/principal';
import { FhirOperations } from '../../apps/api/src/fhir/fhir-operations';
import { ReadOnlyTypes } from '../../apps/api/src/fhir/read-only-types';
import { TestApi, startTestApi } from '../support/test-api';
import { gpRole, handover, newPatient, postHandover } from '../support/transfers';

/**
 * Every route the running app registers, tried by every demo user and system client and without a
 * token, against the rule docs/security.md states for it. The routes come from the router and the
 * rules from the document, so a route without a documented rule, a documented route that is gone, or
 * an answer the rule does not allow all fail here.
 */

const SECURITY_DOC = resolve(__dirname, '../../docs/security.md');
const DEMO_IDENTITIES = resolve(__dirname, '../../tools/identity-provider/demo-users.json');
const TABLE_HEADING = '## Every endpoint and its rule';
const FHIR_BASE = ['fhir', 'R4'];
const CONCURRENCY = 8;
const REQUEST_TIMEOUT_MS = 10_000;

/** A route as method and path segments; a segment starting with `:` is a parameter. */
interface RoutePattern {
  method: string;
  segments: string[];
}

type Rule = { kind: 'public' } | { kind: 'token' } | { kind: 'roles'; roles: BroRole[] };

interface DocumentedRoute extends RoutePattern {
  /** As written in the table, e.g. `GET /fhir/R4/<Type>/<id>`. */
  written: string;
  rule: Rule;
}

interface EndpointTable {
  routes: DocumentedRoute[];
  socketIoNamespaces: string[];
  /** Roles the "Who may see what" table gives no patient data ("none"). */
  rolesWithoutPatientData: BroRole[];
  problems: string[];
}

interface Caller {
  name: string;
  role: BroRole | 'anonymous';
}

interface Probe extends RoutePattern {
  path: string;
  documented: DocumentedRoute;
  write: boolean;
  /** The FHIR type the path addresses, when it is one. */
  fhirType?: string;
}

interface Answer {
  probe: Probe;
  caller: Caller;
  status: number;
  body: string;
}

const param = (segment: string) => segment.startsWith(':');
const show = (route: RoutePattern) => `${route.method} /${route.segments.map((s) => (param(s) ? `<${s.slice(1)}>` : s)).join('/')}`;

/**
 * Writes that succeed with no body and change nothing that matters, with the answer that proves it.
 * Every other write sent here (an empty body, or a made-up id) must be refused.
 */
const HARMLESS_WRITES: Record<string, (answer: Answer) => boolean> = {
  // Marks the caller's own notifications read; there is no body to get wrong.
  'POST /api/notifications/read-all': () => true,
  // FHIR answers a delete of what does not exist with 200 and "nothing deleted".
  'DELETE /fhir/R4/<Type>/<id>': (answer) => answer.body.includes('nothing deleted'),
};

/** Users with no care relationship to the patient this test hands over to `gp` from the demo unit. */
const OUTSIDERS = ['gp2', 'lowthreshold'];

// ---------------------------------------------------------------------------------------------
// docs/security.md

function tableCells(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  for (const char of line.trim().replace(/^\|/, '').replace(/\|$/, '')) {
    if (char === '`') inCode = !inCode;
    if (char === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  cells.push(cell.trim());
  return cells;
}

function tableRowsAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) return [];
  const rows: string[][] = [];
  let inTable = false;
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('#')) break;
    if (!line.trim().startsWith('|')) {
      if (inTable) break;
      continue;
    }
    inTable = true;
    rows.push(tableCells(line));
  }
  return rows.slice(2); // header and separator
}

/** `/a[/<b>]` → `/a`, `/a/<b>` (one level of optional parts). */
function expandOptional(path: string): string[] {
  const open = path.indexOf('[');
  if (open < 0) return [path];
  const close = path.indexOf(']', open);
  if (close < 0) return [path];
  const [before, inner, after] = [path.slice(0, open), path.slice(open + 1, close), path.slice(close + 1)];
  return [...expandOptional(before + after), ...expandOptional(before + inner + after)];
}

function ruleOf(text: string): Rule | undefined {
  const who = text.split(';')[0].trim();
  if (/^public\b/i.test(who)) return { kind: 'public' };
  const roles = [...who.matchAll(/`([^`]+)`/g)].map((m) => m[1]).filter((name): name is BroRole => (BRO_ROLES as readonly string[]).includes(name));
  if (roles.length) return { kind: 'roles', roles };
  if (/^token\b/i.test(who)) return { kind: 'token' };
  return undefined;
}

function readEndpointTable(markdown: string): EndpointTable {
  const table: EndpointTable = { routes: [], socketIoNamespaces: [], rolesWithoutPatientData: [], problems: [] };
  const rows = tableRowsAfter(markdown, TABLE_HEADING);
  if (!rows.length) table.problems.push(`docs/security.md has no table under "${TABLE_HEADING}"`);
  for (const [endpoints = '', ruleText = ''] of rows) {
    const written = [...endpoints.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    const lead = endpoints.split('`')[0].trim();
    // Sockets are not HTTP routes: their rows name a namespace or a path after the transport.
    if (/^socket\.io$/i.test(lead)) {
      table.socketIoNamespaces.push(...written);
      continue;
    }
    if (/^websocket$/i.test(lead)) continue;
    const rule = ruleOf(ruleText);
    if (!rule) {
      table.problems.push(`${endpoints}: the rule must begin with "public", "token" or the roles allowed (\`gp\`, ...), then ";", got "${ruleText}"`);
      continue;
    }
    for (const entry of written) {
      const match = /^([A-Z]+(?:\/[A-Z]+)*) (\/\S*)$/.exec(entry);
      if (!match) {
        table.problems.push(`\`${entry}\` is not "METHOD /path" (methods joined by "/", placeholders as <name>)`);
        continue;
      }
      for (const path of expandOptional(match[2].split('?')[0])) {
        const segments = path.split('/').filter(Boolean);
        const bad = segments.find((s) => /[<>[\]]/.test(s) && !/^<\w+>$/.test(s));
        if (bad) {
          table.problems.push(`\`${entry}\`: "${bad}" is neither a name nor a whole-segment <placeholder>`);
          continue;
        }
        for (const method of match[1].split('/')) {
          table.routes.push({ method, segments: segments.map((s) => s.replace(/^<(\w+)>$/, ':$1')), written: entry, rule });
        }
      }
    }
  }
  for (const [role = '', , patientData = ''] of tableRowsAfter(markdown, '## Who may see what')) {
    const name = /`(\w+)`/.exec(role)?.[1];
    if (name && (BRO_ROLES as readonly string[]).includes(name) && /^none\b/i.test(patientData)) table.rolesWithoutPatientData.push(name as BroRole);
  }
  if (!table.rolesWithoutPatientData.length) table.problems.push('the "Who may see what" table names no role without patient data');
  return table;
}

// ---------------------------------------------------------------------------------------------
// The running app

interface RouterLayer {
  route?: { path: unknown; methods: Record<string, boolean> };
}

/** The HTTP routes as the Express router holds them (Express 5: `app.router.stack`). */
function registeredRoutes(app: INestApplication): RoutePattern[] {
  const express = app.getHttpAdapter().getInstance() as { router: { stack: RouterLayer[] } };
  const routes: RoutePattern[] = [];
  for (const layer of express.router.stack) {
    if (!layer.route) continue;
    const { path, methods } = layer.route;
    if (typeof path !== 'string' || /[{}()*?]/.test(path.replace(/\\\$/g, ''))) throw new Error(`the route matrix cannot read the route path ${String(path)}`);
    const segments = path.replace(/\\/g, '').split('/').filter(Boolean);
    for (const method of Object.keys(methods).filter((m) => methods[m])) routes.push({ method: method === '_all' ? 'ALL' : method.toUpperCase(), segments });
  }
  return routes;
}

/** FHIR operations at every level, dispatched by the generic routes but each its own endpoint: POST, and GET for one that only reads. */
function registeredOperations(app: INestApplication): RoutePattern[] {
  return app.get(FhirOperations).all().flatMap((operation) => {
    const at = operation.level === 'system' ? [] : operation.level === 'type' ? [operation.resourceType!] : [operation.resourceType!, ':id'];
    const segments = [...FHIR_BASE, ...at, `$${operation.name}`];
    return (operation.affectsState ? ['POST'] : ['GET', 'POST']).map((method) => ({ method, segments }));
  });
}

function socketIoNamespacesOf(app: INestApplication): string[] {
  const namespaces = new Set<string>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.providers.values()) {
      const type = wrapper.metatype as object | undefined;
      if (!type || !Reflect.getMetadata(GATEWAY_METADATA, type)) continue;
      const options = (Reflect.getMetadata(GATEWAY_OPTIONS, type) ?? {}) as { namespace?: unknown };
      namespaces.add(typeof options.namespace === 'string' ? options.namespace : '/');
    }
  }
  return [...namespaces];
}

type SegmentMatch = 'same' | 'placeholder' | 'narrower';

/** How a documented route lines up with a route, segment by segment (`narrower`: a name where the route takes a parameter). */
function alignment(documented: RoutePattern, route: RoutePattern): SegmentMatch[] | undefined {
  if (documented.method !== route.method || documented.segments.length !== route.segments.length) return undefined;
  const result: SegmentMatch[] = [];
  for (const [i, doc] of documented.segments.entries()) {
    const actual = route.segments[i];
    if (param(doc)) result.push('placeholder');
    else if (param(actual)) result.push('narrower');
    else if (doc === actual) result.push('same');
    else return undefined;
  }
  return result;
}

const covers = (documented: RoutePattern, route: RoutePattern) => alignment(documented, route)?.every((m) => m !== 'narrower') ?? false;
const literalCount = (route: RoutePattern) => route.segments.filter((s) => !param(s)).length;

/** The documented route whose rule governs this concrete request: the most specific one that covers it. */
function governing(table: DocumentedRoute[], method: string, segments: string[]): DocumentedRoute | undefined {
  return table.filter((d) => covers(d, { method, segments })).sort((a, b) => literalCount(b) - literalCount(a))[0];
}

// ---------------------------------------------------------------------------------------------

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]);
      }
    }),
  );
  return results;
}

const excerpt = (body: string) => body.replace(/\s+/g, ' ').slice(0, 200);
const is2xx = (status: number) => status >= 200 && status < 300;

describe('every route × every role', () => {
  let api: TestApi;
  let table: EndpointTable;
  let routes: RoutePattern[];
  let operations: RoutePattern[];
  let callers: Caller[];
  /** The real records a read's `<id>` names, by the segment before it. */
  let realIds: Record<string, string>;
  let patientIdentifiers: { fodselsnummer: string; reference: string };

  beforeAll(async () => {
    api = await startTestApi();
    table = readEndpointTable(readFileSync(SECURITY_DOC, 'utf8'));
    routes = registeredRoutes(api.app);
    operations = registeredOperations(api.app);
    const identities = JSON.parse(readFileSync(DEMO_IDENTITIES, 'utf8')) as Record<'users' | 'clients', Record<string, { role: BroRole }>>;
    callers = [
      { name: 'anonymous', role: 'anonymous' },
      ...Object.entries({ ...identities.users, ...identities.clients }).map(([name, { role }]) => ({ name, role })),
    ];

    const patient = newPatient(gpRole('gp'));
    const { tasks, response } = await postHandover(await api.fhirClient('ehr'), handover({ patient }));
    const task = tasks[0];
    const patientId = (task.for as { reference: string }).reference.split('/')[1];
    const encounter = response.entry!.find((e) => e.response?.location?.startsWith('Encounter/'))!.response!.location!.split('/')[1];
    realIds = {
      Patient: patientId,
      patients: patientId,
      Task: task.id!,
      tasks: task.id!,
      Encounter: encounter,
      handovers: (task.groupIdentifier as { value: string }).value,
      CodeSystem: PUBLISHED_CODE_SYSTEMS[0].id!,
    };
    patientIdentifiers = {
      fodselsnummer: (patient.identifier as Array<{ value: string }>)[0].value,
      reference: `Patient/${patientId}`,
    };
  });
  afterAll(() => api?.close());

  it('reads the endpoint table of docs/security.md and the routes of the running app', () => {
    expect(table.problems).toEqual([]);
    expect(routes.length).toBeGreaterThan(10);
  });

  it('documents every route the app registers, and no route it does not', () => {
    const undocumented = routes.filter((route) => !table.routes.some((d) => covers(d, route))).map(show);
    // An operation needs a row of its own: its name written out, a placeholder only where the operation has one (an instance's id).
    const ownRow = (d: RoutePattern, op: RoutePattern) => alignment(d, op)?.every((m, i) => m === 'same' || (m === 'placeholder' && param(op.segments[i])));
    const operationsUndocumented = operations.filter((op) => !table.routes.some((d) => ownRow(d, op))).map(show);
    const gone = table.routes.filter((d) => ![...routes, ...operations].some((route) => alignment(d, route))).map((d) => `${show(d)} (written \`${d.written}\`)`);
    expect({ undocumented: [...undocumented, ...operationsUndocumented], gone }).toEqual({ undocumented: [], gone: [] });
  });

  it('gives each read-only FHIR type its own rule', () => {
    const types = api.app.get(ReadOnlyTypes).capabilities().map((c) => String(c.type));
    const without = types.filter((type) => !table.routes.some((d) => d.method === 'GET' && d.segments[2] === type));
    expect(without).toEqual([]);
  });

  it('documents every socket.io namespace', () => {
    expect(socketIoNamespacesOf(api.app).filter((ns) => !table.socketIoNamespaces.includes(ns))).toEqual([]);
  });

  it('answers every role on every route as its documented rule says, never with a 500, never writing', async () => {
    const probes = probesFor([...routes, ...operations]);
    const stored = await storedCounts();
    const answers = await inBatches(
      probes.flatMap((probe) => callers.map((caller) => ({ probe, caller }))),
      CONCURRENCY,
      ({ probe, caller }) => send(probe, caller),
    );
    const problems = answers.flatMap((answer) => {
      const problem = judge(answer);
      return problem ? [`${answer.probe.method} ${answer.probe.path} as ${answer.caller.name}: ${answer.status}, ${problem} — ${excerpt(answer.body)}`] : [];
    });
    problems.push(...unrefusedRolesMissing(answers));
    expect(problems).toEqual([]);
    expect(await storedCounts()).toEqual(stored);
    // The matrix did not quietly shrink: every route was tried.
    expect(routes.filter((route) => !probes.some((probe) => alignment(probe, route))).map(show)).toEqual([]);
  }, 240_000); // every route × every role: about a minute on a quiet machine, more on a busy one

  /** One or more concrete requests per route: each documented route that matches it, placeholders filled. */
  function probesFor(all: RoutePattern[]): Probe[] {
    const probes = new Map<string, Probe>();
    for (const route of all) {
      for (const documented of table.routes) {
        if (!alignment(documented, route)) continue;
        const write = !['GET', 'HEAD'].includes(route.method) && route.segments.at(-1) !== '_search';
        let paths: string[][] = [[]];
        for (const [i, segment] of documented.segments.entries()) {
          const valuesAfter = (prefix: string[]) => (!param(segment) ? [segment] : !param(route.segments[i]) ? [route.segments[i]] : fill(segment.slice(1), prefix.at(-1), write));
          paths = paths.flatMap((prefix) => valuesAfter(prefix).map((value) => [...prefix, value]));
        }
        for (const segments of paths) {
          const path = `/${segments.join('/')}`;
          const rule = governing(table.routes, route.method, segments);
          if (!rule || probes.has(`${route.method} ${path}`)) continue;
          const fhirType = segments[0] === FHIR_BASE[0] && segments[1] === FHIR_BASE[1] && segments[2] in RESOURCE_CLASS ? segments[2] : undefined;
          probes.set(`${route.method} ${path}`, { method: route.method, segments, path, documented: rule, write, fhirType });
        }
      }
    }
    return [...probes.values()];
  }

  /** A value for a placeholder: every FHIR type for `<Type>`; a real record for a read's id; a made-up id for a write. */
  function fill(name: string, before: string | undefined, write: boolean): string[] {
    if (name === 'Type') return Object.keys(RESOURCE_CLASS);
    if (name === 'version') return ['1'];
    if (!write && before && realIds[before]) return [realIds[before]];
    return [randomUUID()];
  }

  async function send(probe: Probe, caller: Caller): Promise<Answer> {
    const fhir = probe.path.startsWith('/fhir');
    const withBody = probe.write && probe.method !== 'DELETE';
    // The content type each endpoint takes, so the answer is about the caller, not about the media type.
    const contentType = probe.method === 'PATCH' ? 'application/json-patch+json' : fhir ? 'application/fhir+json' : 'application/json';
    const headers: Record<string, string> = {
      ...(caller.role === 'anonymous' ? {} : { Authorization: `Bearer ${await api.token(caller.name)}` }),
      ...(withBody ? { 'Content-Type': contentType } : {}),
      // A version, so a write is judged on who asks and what it names, not turned away for lack of one (428).
      ...(probe.write ? { 'If-Match': 'W/"1"' } : {}),
    };
    const body = !withBody ? undefined : probe.method === 'PATCH' ? '[]' : '{}';
    try {
      const response = await fetch(`${api.origin}${probe.path}`, { method: probe.method, headers, body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      return { probe, caller, status: response.status, body: await response.text() };
    } catch (error) {
      return { probe, caller, status: 0, body: `no answer: ${(error as Error).message}` };
    }
  }

  /** What is wrong with this answer under the route's documented rule, if anything. */
  function judge({ probe, caller, status, body }: Answer): string | undefined {
    const rule = probe.documented.rule;
    if (status === 0) return 'no answer';
    if (status >= 500) return 'a server error';
    if (rule.kind === 'public') return is2xx(status) ? undefined : `expected 2xx: the doc says public (\`${probe.documented.written}\`)`;
    if (caller.role === 'anonymous') return status === 401 ? undefined : 'expected 401 without a token';
    if (status === 401) return 'a valid token was refused';
    if (rule.kind === 'roles' && !rule.roles.includes(caller.role) && ![403, 404].includes(status)) {
      return `expected 403 or 404: the doc allows ${rule.roles.join(', ')} (\`${probe.documented.written}\`)`;
    }
    if (probe.write && is2xx(status)) {
      const harmless = HARMLESS_WRITES[show(probe.documented)];
      if (!harmless?.({ probe, caller, status, body })) return 'a write without a valid body succeeded';
    }
    const withoutPatientData = table.rolesWithoutPatientData.includes(caller.role);
    // A write's empty body may be refused before the caller is (400, 422): nothing is read or written either way.
    // 405: no interaction at all (a POST to one resource's URL), so nothing to refuse by role.
    const refusals = probe.write ? [400, 403, 404, 405, 422] : [403, 404];
    if (withoutPatientData && probe.fhirType && RESOURCE_CLASS[probe.fhirType] === 'patient' && !refusals.includes(status)) {
      return `expected ${refusals.join(', ')}: ${caller.role} gets no patient data ("Who may see what")`;
    }
    if (is2xx(status)) {
      if (withoutPatientData && (body.includes(patientIdentifiers.fodselsnummer) || patientResourceIn(body))) return `patient data in a ${caller.role} answer`;
      if (OUTSIDERS.includes(caller.name) && (body.includes(patientIdentifiers.fodselsnummer) || body.includes(patientIdentifiers.reference))) {
        return 'the answer names a patient this caller has no care relationship to';
      }
    }
    return undefined;
  }

  /** A stored patient-level resource anywhere in the answer (an object with a patient-level resourceType and meta), not a mere id beside a type name. */
  function patientResourceIn(body: string): string | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
    const find = (node: unknown): string | undefined => {
      if (Array.isArray(node)) return node.map(find).find(Boolean);
      if (!node || typeof node !== 'object') return undefined;
      const record = node as Record<string, unknown>;
      if (typeof record.resourceType === 'string' && RESOURCE_CLASS[record.resourceType] === 'patient' && record.meta) return record.resourceType;
      return Object.values(record).map(find).find(Boolean);
    };
    return find(parsed);
  }

  /** Each role a rule names is let through somewhere on the route (by at least one of its callers): the doc is not stricter than the code. */
  function unrefusedRolesMissing(answers: Answer[]): string[] {
    const problems: string[] = [];
    const byProbe = new Map<Probe, Answer[]>();
    for (const answer of answers) byProbe.set(answer.probe, [...(byProbe.get(answer.probe) ?? []), answer]);
    for (const [probe, probeAnswers] of byProbe) {
      if (probe.documented.rule.kind !== 'roles') continue;
      for (const role of probe.documented.rule.roles) {
        const ofRole = probeAnswers.filter((a) => a.caller.role === role);
        if (ofRole.length && ofRole.every((a) => [401, 403].includes(a.status))) {
          problems.push(`${probe.method} ${probe.path}: the doc allows ${role}, but every ${role} caller was refused (${ofRole.map((a) => `${a.caller.name} ${a.status}`).join(', ')})`);
        }
      }
    }
    return problems;
  }

  /** How many resources of each stored type there are, as the EHR (which may read all) counts them. */
  async function storedCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const ehr = await api.fhirClient('ehr');
    for (const type of Object.keys(RESOURCE_CLASS).filter((t) => !api.app.get(ReadOnlyTypes).get(t))) {
      const bundle = (await ehr.search({ resourceType: type, searchParams: { _summary: 'count' } } as never)) as unknown as Resource & { total: number };
      counts[type] = bundle.total;
    }
    return counts;
  }
});
