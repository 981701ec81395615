import { randomUUID } from 'node:crypto';
import { Bundle, Resource } from '@app/fhir';
import { daysFromNow } from '../support/clock';
import { Identified, organization, patient, practitioner, task } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs, gpRole } from '../support/transfers';

type Entry = { fullUrl?: string; resource: Resource; search?: { mode: 'match' | 'include' | 'outcome' } };
type Searchset = Omit<Bundle, 'entry' | 'link'> & { total?: number; entry?: Entry[]; link?: Array<{ relation: string; url: string }> };
type Outcome = { resourceType: string; issue: Array<{ severity: string; code: string; diagnostics?: string }> };

const SUBSETTED = { system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED' };
const MAX_PAGE_SIZE = 10;
const tokenOf = (resource: Identified) => `${resource.identifier[0].system}|${resource.identifier[0].value}`;
const refOf = (resource: Resource) => `${resource.resourceType}/${resource.id}`;
const entries = (bundle: Searchset, mode: 'match' | 'include' | 'outcome' = 'match') => (bundle.entry ?? []).filter((e) => e.search?.mode === mode);
const refs = (bundle: Searchset, mode: 'match' | 'include' = 'match') => entries(bundle, mode).map((e) => refOf(e.resource));
const linkOf = (bundle: Searchset, relation: string) => bundle.link?.find((link) => link.relation === relation)?.url;
const tagsOf = (resource: Resource) => (resource.meta as { tag?: unknown[] } | undefined)?.tag ?? [];

/**
 * The search features integrators send beyond plain parameters: chains, `_has`, iterated includes,
 * subsets, several sort keys, a capped `_count` and lenient handling; each as the caller's access allows.
 */
describe('FHIR search features', () => {
  let api: TestApi;
  const get = <T = Searchset>(user: string, path: string, headers: Record<string, string> = {}) => callAs<T>(api, user, 'GET', `/fhir/R4/${path}`, undefined, headers);
  const create = async <T extends Resource>(resource: T, user = 'ehr'): Promise<T> => {
    const answer = await callAs<T>(api, user, 'POST', `/fhir/R4/${resource.resourceType}`, resource);
    if (answer.status !== 201) throw new Error(`${resource.resourceType} not created: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const search = async (path: string, user = 'ehr', headers: Record<string, string> = {}) => {
    const answer = await get(user, path, headers);
    if (answer.status !== 200) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  let office: Identified;
  let unit: Identified;
  let role: Identified;
  let doctor: Identified;
  /** gp's patient, with a stay at this file's unit. */
  let patientA: Identified;
  /** gp2's patient. */
  let patientQ: Identified;
  let stayA: Identified;
  let stayQ: Identified;
  let taskA: Identified;
  let taskQ: Identified;
  let taskOfOffice: Identified;

  beforeAll(async () => {
    api = await startTestApi({ FHIR_DEFAULT_PAGE_SIZE: String(MAX_PAGE_SIZE), FHIR_MAX_PAGE_SIZE: String(MAX_PAGE_SIZE) });
    office = await create(organization('Kjedekontoret'));
    unit = await create(organization('Kjedeposten', { partOf: { reference: refOf(office) } }));
    doctor = await create(practitioner());
    role = await create({
      resourceType: 'PractitionerRole',
      identifier: [{ system: 'urn:bro:test:role', value: randomUUID() }],
      practitioner: { reference: refOf(doctor) },
      organization: { reference: refOf(office) },
    } as Identified);
    patientA = await create(patient({ generalPractitioner: [{ reference: gpRole('gp') }] }));
    patientQ = await create(patient({ generalPractitioner: [{ reference: gpRole('gp2') }] }));
    const stay = (subject: Resource): Identified => ({
      resourceType: 'Encounter',
      identifier: [{ system: 'urn:bro:test:stay', value: randomUUID() }],
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: refOf(subject) },
      serviceProvider: { reference: refOf(unit) },
    });
    stayA = await create(stay(patientA));
    stayQ = await create(stay(patientQ));
    // gp2 sees their own task, but not the stay of gp's patient it is about.
    taskQ = await create(task(patientQ.id!, gpRole('gp2'), { focus: { reference: refOf(stayA) } }));
    // gp2 sees the stay of their patient, but not gp's task about it.
    taskA = await create(task(patientA.id!, refOf(role), { focus: { reference: refOf(stayQ) } }));
    taskOfOffice = await create(task(patientA.id!, refOf(office), { status: 'draft' }));
  });
  afterAll(() => api.close());

  describe('chained search, one level', () => {
    it('finds tasks by their patient\'s identifier, and roles by their organization\'s', async () => {
      expect(refs(await search(`Task?patient.identifier=${encodeURIComponent(tokenOf(patientA))}`))).toEqual([refOf(taskOfOffice), refOf(taskA)]);
      expect(refs(await search(`Task?subject:Patient.identifier=${encodeURIComponent(tokenOf(patientQ))}`))).toEqual([refOf(taskQ)]);
      expect(refs(await search(`PractitionerRole?organization.identifier=${encodeURIComponent(tokenOf(office))}`))).toEqual([refOf(role)]);
      expect(refs(await search(`Task?patient.identifier=${encodeURIComponent(`urn:other|${patientA.identifier[0].value}`)}`))).toEqual([]);
    });

    it('follows a reference to several types when narrowed with :Type, by reference, token and date parameters', async () => {
      expect(refs(await search(`Task?owner:PractitionerRole.organization=${refOf(office)}`))).toEqual([refOf(taskA)]);
      expect(refs(await search(`Task?owner:PractitionerRole.practitioner=${refOf(doctor)}&status=requested`))).toEqual([refOf(taskA)]);
      expect(refs(await search(`Task?focus:Encounter.status=finished&patient=${refOf(patientQ)}`))).toEqual([refOf(taskQ)]);
      expect(refs(await search(`Task?patient.birthdate=1950-01-01&owner=${refOf(role)}`))).toEqual([refOf(taskA)]);
      expect(refs(await search(`Task?patient.birthdate=1951&owner=${refOf(role)}`))).toEqual([]);
    });

    it('without :Type, searches every target type that has the parameter', async () => {
      // Task.owner may be a role, an organisation, a practitioner, a service or a patient: the office owns one task.
      expect(refs(await search(`Task?owner.identifier=${encodeURIComponent(tokenOf(office))}`))).toEqual([refOf(taskOfOffice)]);
      expect(refs(await search(`Task?owner.identifier=${encodeURIComponent(tokenOf(role))}`))).toEqual([refOf(taskA)]);
      // What it cannot run answers 400: deeper chains, chains off a non-reference, a target the reference never has.
      for (const path of [
        `Task?patient.organization.identifier=x`,
        `Task?status.identifier=x`,
        `Task?owner:Encounter.status=finished`,
        `Task?patient.colour=blue`,
        `Task?patient._sort=birthdate`,
      ]) {
        const answer = await get<Outcome>('ehr', path);
        expect([path, answer.status, answer.body.resourceType]).toEqual([path, 400, 'OperationOutcome']);
      }
    });

    it('never matches through a resource the caller may not see', async () => {
      const chained = `Task?_id=${taskQ.id}&focus:Encounter.identifier=${encodeURIComponent(tokenOf(stayA))}`;
      expect(refs(await search(chained, 'ehr'))).toEqual([refOf(taskQ)]);
      // gp2 sees taskQ, but the stay it points to belongs to gp's patient.
      expect(refs(await search(`Task?_id=${taskQ.id}`, 'gp2'))).toEqual([refOf(taskQ)]);
      const asGp2 = await search(chained, 'gp2');
      expect([asGp2.total, refs(asGp2)]).toEqual([0, []]);
      const byPatient = await search(`Task?patient.identifier=${encodeURIComponent(tokenOf(patientA))}`, 'gp2');
      expect([byPatient.total, refs(byPatient)]).toEqual([0, []]);
      // gp sees their patient's task and the patient: the chain finds it.
      expect(refs(await search(`Task?patient.identifier=${encodeURIComponent(tokenOf(patientA))}&owner=${refOf(role)}`, 'gp'))).toEqual([refOf(taskA)]);
    });

    it('answers 403 for a chain into a type the caller may not search', async () => {
      // bro-reporting: system/Task.rs system/Patient.r (read by id, no search of Patients).
      const answer = await get<Outcome>('reporting', `Task?patient.identifier=${encodeURIComponent(tokenOf(patientA))}`);
      expect([answer.status, answer.body.resourceType]).toEqual([403, 'OperationOutcome']);
      expect((await get('reporting', `Task?patient=${refOf(patientA)}`)).status).toBe(200);
    });
  });

  describe('_has, one level', () => {
    it('finds resources other resources point to', async () => {
      expect(refs(await search(`Patient?_id=${patientA.id},${patientQ.id}&_has:Task:patient:status=draft`))).toEqual([refOf(patientA)]);
      expect(refs(await search(`Organization?_has:Task:owner:identifier=${encodeURIComponent(tokenOf(taskOfOffice))}`))).toEqual([refOf(office)]);
      expect(refs(await search(`Organization?_has:PractitionerRole:organization:practitioner=${refOf(doctor)}`))).toEqual([refOf(office)]);
      expect(refs(await search(`Encounter?_has:Task:focus:patient=${refOf(patientQ)}`))).toEqual([refOf(stayA)]);
      for (const path of [
        'Patient?_has:Task:patient:_has:Communication:based-on:status=completed',
        'Patient?_has:Task:encounter:status=draft',
        'Patient?_has:Task:patient=x',
        'Patient?_has:Nothing:patient:status=draft',
      ]) {
        const answer = await get<Outcome>('ehr', path);
        expect([path, answer.status]).toEqual([path, 400]);
      }
    });

    it('counts only referring resources the caller may see', async () => {
      const has = `Encounter?_id=${stayQ.id}&_has:Task:focus:status=requested`;
      expect(refs(await search(has, 'ehr'))).toEqual([refOf(stayQ)]);
      // gp2 sees the stay of their patient, but the task pointing at it is gp's.
      expect(refs(await search(`Encounter?_id=${stayQ.id}`, 'gp2'))).toEqual([refOf(stayQ)]);
      const asGp2 = await search(has, 'gp2');
      expect([asGp2.total, refs(asGp2)]).toEqual([0, []]);
      // The quality team may search the directory, but not Tasks: no _has through them.
      expect((await get('quality', `Organization?_id=${office.id}`)).status).toBe(200);
      expect((await get('quality', `Organization?_id=${office.id}&_has:Task:owner:status=draft`)).status).toBe(403);
    });
  });

  describe('_include:iterate', () => {
    it('follows includes from included resources too', async () => {
      const plain = await search(`Task?_id=${taskA.id}&_include=Task:owner`);
      expect(refs(plain, 'include')).toEqual([refOf(role)]);
      const iterated = await search(`Task?_id=${taskA.id}&_include=Task:owner&_include:iterate=PractitionerRole:organization&_include:iterate=Organization:partof`);
      expect(refs(iterated, 'include').sort()).toEqual([refOf(role), refOf(office)].sort());
      const twoRounds = await search(`Encounter?_id=${stayA.id}&_include=Encounter:service-provider&_include:iterate=Organization:partof`);
      expect(refs(twoRounds, 'include').sort()).toEqual([refOf(unit), refOf(office)].sort());
      const reverse = await search(`Patient?_id=${patientQ.id}&_revinclude=Task:patient&_include:iterate=Task:focus`);
      expect(refs(reverse, 'include').sort()).toEqual([refOf(taskQ), refOf(stayA)].sort());
    });

    it('never follows references out of what the caller may not read', async () => {
      const path = `Task?_id=${taskQ.id}&_include=Task:focus&_include:iterate=Encounter:service-provider`;
      expect(refs(await search(path, 'ehr'), 'include').sort()).toEqual([refOf(stayA), refOf(unit)].sort());
      const asGp2 = await search(path, 'gp2');
      expect(refs(asGp2)).toEqual([refOf(taskQ)]);
      expect(refs(asGp2, 'include')).toEqual([]);
    });

    it('refuses the wildcard and other include modifiers with 400', async () => {
      for (const path of [`Task?_id=${taskA.id}&_include=*`, `Task?_id=${taskA.id}&_include=Task:*`, `Task?_id=${taskA.id}&_include:recurse=Task:owner`]) {
        expect([path, (await get('ehr', path)).status]).toEqual([path, 400]);
      }
    });
  });

  describe('_summary and _elements', () => {
    let narrated: Identified;
    beforeAll(async () => {
      narrated = await create(
        task(patientA.id!, refOf(role), {
          status: 'draft',
          description: 'Følg opp blodprøver',
          note: [{ text: 'Ikke i sammendraget' }],
          text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml"><p>Oppfølging</p></div>' },
        }),
      );
    });
    const matchOf = async (query: string) => entries(await search(`Task?_id=${narrated.id}&${query}`))[0].resource;

    it('_summary=true keeps the summary elements, tagged SUBSETTED', async () => {
      const summary = await matchOf('_summary=true');
      expect(summary).toMatchObject({ resourceType: 'Task', id: narrated.id, status: 'draft', intent: 'order', description: 'Følg opp blodprøver', owner: { reference: refOf(role) } });
      expect(summary).not.toHaveProperty('text');
      expect(summary).not.toHaveProperty('note');
      expect(tagsOf(summary)).toContainEqual(SUBSETTED);
      expect((summary.meta as { versionId?: string }).versionId).toBe('1');
    });

    it('_summary=text keeps the narrative and the mandatory elements; _summary=data all but the narrative', async () => {
      const text = await matchOf('_summary=text');
      expect(Object.keys(text).sort()).toEqual(['id', 'intent', 'meta', 'resourceType', 'status', 'text']);
      expect(tagsOf(text)).toContainEqual(SUBSETTED);
      const data = await matchOf('_summary=data');
      expect(data).not.toHaveProperty('text');
      expect(data).toMatchObject({ note: [{ text: 'Ikke i sammendraget' }], description: 'Følg opp blodprøver' });
      expect(tagsOf(data)).toContainEqual(SUBSETTED);
      const whole = await matchOf('_summary=false');
      expect(whole).toHaveProperty('text');
      expect(tagsOf(whole)).toEqual([]);
    });

    it('_elements returns the named elements of matches, with mandatory ones; included resources stay whole', async () => {
      const bundle = await search(`Task?_id=${narrated.id}&_elements=description,owner&_include=Task:patient`);
      const match = entries(bundle)[0].resource;
      expect(Object.keys(match).sort()).toEqual(['description', 'id', 'intent', 'meta', 'owner', 'resourceType', 'status']);
      expect(tagsOf(match)).toContainEqual(SUBSETTED);
      const included = entries(bundle, 'include')[0].resource;
      expect(included).toMatchObject({ id: patientA.id, generalPractitioner: [{ reference: gpRole('gp') }] });
      expect(tagsOf(included)).toEqual([]);
      expect(linkOf(bundle, 'self')).toContain('_elements=description%2Cowner');
    });

    it('works on read too', async () => {
      const summary = (await get<Resource>('ehr', `Task/${narrated.id}?_summary=true`)).body;
      expect(summary).not.toHaveProperty('note');
      expect(tagsOf(summary)).toContainEqual(SUBSETTED);
      const elements = (await get<Resource>('ehr', `Patient/${patientA.id}?_elements=birthDate`)).body;
      expect(Object.keys(elements).sort()).toEqual(['birthDate', 'id', 'meta', 'resourceType']);
    });

    it('refuses unknown values, unknown or nested elements and both at once with 400', async () => {
      for (const query of ['_summary=short', '_elements=colour', '_elements=owner.reference', '_elements=status&_summary=true']) {
        const answer = await get<Outcome>('ehr', `Task?_id=${narrated.id}&${query}`);
        expect([query, answer.status, answer.body.resourceType]).toEqual([query, 400, 'OperationOutcome']);
      }
      expect((await get('ehr', `Task/${narrated.id}?_summary=count`)).status).toBe(400);
    });
  });

  describe('_sort on several keys', () => {
    const sortOffice = () => create(organization('Sorteringskontoret'));

    /** Pages through with `next` links (and back with `previous` from the last page). */
    async function pageThrough(first: string, user = 'ehr') {
      let page = await search(first, user);
      const total = page.total;
      const pages = [refs(page)];
      for (let next = linkOf(page, 'next'); next; next = linkOf(page, 'next')) {
        page = await search(next.slice(api.baseUrl.length + 1), user);
        pages.push(refs(page));
      }
      const backwards = [refs(page)];
      for (let previous = linkOf(page, 'previous'); previous; previous = linkOf(page, 'previous')) {
        page = await search(previous.slice(api.baseUrl.length + 1), user);
        backwards.unshift(refs(page));
      }
      return { total, pages, backwards };
    }

    it('pages a mixed-direction order with missing values across pages without losing or repeating a row', async () => {
      const owner = await sortOffice();
      // Priorities with gaps (none), authored dates with gaps and ties: every NULL and every tie crosses a page edge.
      const specs: Array<[string | undefined, number | undefined]> = [
        ['urgent', -1], [undefined, -2], ['routine', -3], ['routine', -3], ['routine', undefined], [undefined, undefined],
        ['asap', -5], ['routine', -1], [undefined, -2], ['urgent', undefined], ['stat', -4],
      ];
      const created: Array<{ ref: string; priority: string; authored: string }> = [];
      for (const [priority, days] of specs) {
        const authored = days === undefined ? undefined : daysFromNow(days).slice(0, 10);
        const body = task(patientA.id!, refOf(owner), { authoredOn: authored, priority });
        if (priority === undefined) delete body.priority;
        if (authored === undefined) delete body.authoredOn;
        const made = await create(body);
        created.push({ ref: refOf(made), priority: priority ?? '', authored: authored ?? '' });
      }
      const { total, pages, backwards } = await pageThrough(`Task?owner=${refOf(owner)}&_sort=priority,-authored-on&_count=3`);
      expect(total).toBe(specs.length);
      expect(pages.map((page) => page.length)).toEqual([3, 3, 3, 2]);
      expect(backwards).toEqual(pages);
      const seen = pages.flat();
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual(created.map((c) => c.ref).sort());
      // Missing priorities first (ascending), then by priority; within one, newest authored first, missing dates last.
      const keys = seen.map((ref) => created.find((c) => c.ref === ref)!);
      for (let i = 1; i < keys.length; i++) {
        const [before, after] = [keys[i - 1], keys[i]];
        const inOrder = before.priority < after.priority || (before.priority === after.priority && (before.authored >= after.authored || after.authored === ''));
        expect({ before, after, inOrder }).toEqual({ before, after, inOrder: true });
      }
      expect(keys[0].priority).toBe('');
    });

    it('pages a same-direction order on a code and _lastUpdated', async () => {
      const owner = await sortOffice();
      const made: string[] = [];
      for (const status of ['draft', 'requested', 'draft', 'requested', 'draft']) made.push(refOf(await create(task(patientA.id!, refOf(owner), { status }))));
      const { pages } = await pageThrough(`Task?owner=${refOf(owner)}&_sort=-status,-_lastUpdated&_count=2`);
      expect(pages.flat()).toEqual([made[3], made[1], made[4], made[2], made[0]]);
    });

    it('refuses a key it cannot sort by, and a cursor from another order, with 400', async () => {
      expect((await get('ehr', 'Task?_sort=code')).status).toBe(400);
      expect((await get('ehr', 'Task?_sort=owner')).status).toBe(400);
      const owner = await sortOffice();
      for (let i = 0; i < 3; i++) await create(task(patientA.id!, refOf(owner)));
      const next = linkOf(await search(`Task?owner=${refOf(owner)}&_sort=priority,-authored-on&_count=1`), 'next')!;
      const cursor = new URL(next).searchParams.get('_cursor')!;
      const elsewhere = await get<Outcome>('ehr', `Task?owner=${refOf(owner)}&_sort=_lastUpdated&_count=1&_cursor=${cursor}`);
      expect([elsewhere.status, elsewhere.body.resourceType]).toEqual([400, 'OperationOutcome']);
      const forged = Buffer.from(JSON.stringify(['n', ['routine', "2026'; --"], 'abc'])).toString('base64url');
      expect((await get('ehr', `Task?owner=${refOf(owner)}&_sort=priority,-authored-on&_cursor=${forged}`)).status).toBe(400);
    });
  });

  describe('_count and Prefer: handling', () => {
    let owner: Resource;
    beforeAll(async () => {
      owner = await create(organization('Tellekontoret'));
      for (let i = 0; i < MAX_PAGE_SIZE + 2; i++) await create(organization(`Avdeling ${i}`, { partOf: { reference: refOf(owner) } }));
    });

    it('caps _count above the maximum to a page of the maximum, and the links say so', async () => {
      const page = await search(`Organization?partof=${refOf(owner)}&_count=${MAX_PAGE_SIZE * 100}`);
      expect(page.total).toBe(MAX_PAGE_SIZE + 2);
      expect(entries(page)).toHaveLength(MAX_PAGE_SIZE);
      expect(new URL(linkOf(page, 'self')!).searchParams.get('_count')).toBe(String(MAX_PAGE_SIZE));
      expect(new URL(linkOf(page, 'next')!).searchParams.get('_count')).toBe(String(MAX_PAGE_SIZE));
      const rest = await search(linkOf(page, 'next')!.slice(api.baseUrl.length + 1));
      expect(entries(rest)).toHaveLength(2);
      const huge = await search(`Organization?partof=${refOf(owner)}&_count=99999999999999999999`);
      expect([entries(huge).length, new URL(linkOf(huge, 'self')!).searchParams.get('_count')]).toEqual([MAX_PAGE_SIZE, String(MAX_PAGE_SIZE)]);
    });

    it('with handling=lenient, leaves out unknown parameters and modifiers and reports them in an outcome entry; strict by default', async () => {
      const query = `Organization?partof=${refOf(owner)}&colour=blue`;
      for (const headers of [{}, { Prefer: 'handling=strict' }] as Array<Record<string, string>>) {
        const answer = await get<Outcome>('ehr', query, headers);
        expect([answer.status, answer.body.issue[0].diagnostics]).toEqual([400, expect.stringContaining('colour')]);
      }
      expect(entries(await search(query, 'ehr', { Prefer: 'handling=lenient' }))).toHaveLength(MAX_PAGE_SIZE);
      const bundle = await search(`Organization?partof=${refOf(owner)}&colour=blue&name:fancy=x&_count=3`, 'ehr', { Prefer: 'handling=lenient' });
      expect(bundle.total).toBe(MAX_PAGE_SIZE + 2);
      expect(entries(bundle)).toHaveLength(3);
      const outcome = entries(bundle, 'outcome');
      expect(outcome).toHaveLength(1);
      const issues = (outcome[0].resource as unknown as Outcome).issue;
      expect(issues.map((issue) => [issue.severity, issue.code])).toEqual([['warning', 'not-supported'], ['warning', 'not-supported']]);
      expect(issues[0].diagnostics).toContain('colour');
      expect(issues[1].diagnostics).toContain('name:fancy');
      for (const relation of ['self', 'next']) {
        const params = [...new URL(linkOf(bundle, relation)!).searchParams.keys()];
        expect(params).not.toContain('colour');
        expect(params).not.toContain('name:fancy');
        expect(params).toContain('partof');
      }
      const next = await search(linkOf(bundle, 'next')!.slice(api.baseUrl.length + 1));
      expect(entries(next)).toHaveLength(3);
      // Leniency is about what Bro does not offer: an invalid value of a parameter it knows is still refused.
      const invalid = await get<Outcome>('ehr', `Task?colour=blue&authored-on=yesterday`, { Prefer: 'handling=lenient' });
      expect([invalid.status, invalid.body.issue.length, invalid.body.issue[0].diagnostics]).toEqual([400, 1, expect.stringContaining('authored-on')]);
    });
  });

  it('declares what it offers in the CapabilityStatement', async () => {
    const statement = (await callAs<{ rest: Array<{ resource: Array<{ type: string; documentation?: string }> }> }>(api, 'ehr', 'GET', '/fhir/R4/metadata')).body;
    const taskEntry = statement.rest[0].resource.find((resource) => resource.type === 'Task')!;
    expect(taskEntry.documentation).toContain('Chained search, one level');
    expect(taskEntry.documentation).toContain('_include:iterate');
    expect(taskEntry.documentation).toContain('priority');
    const patientEntry = statement.rest[0].resource.find((resource) => resource.type === 'Patient')!;
    expect(patientEntry.documentation).toContain('_has:Task:patient:<parameter>');
  });
});
