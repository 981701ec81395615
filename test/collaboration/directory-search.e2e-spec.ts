import { BERGEN_BOROUGHS, MUNICIPAL_SERVICE_TYPE_SYSTEM, MunicipalServiceType, OrganizationTypeCode, RejectionReason, Resource, withOpeningHours } from '@app/fhir';
import { DirectoryEntry, DirectorySearchPage } from '@app/fhir/api/directory-answers';
import { Database } from '../../apps/api/src/database/sql-client';
import { directoryWords } from '../../apps/api/src/collaboration/directory/directory-query';
import { foldForSearch } from '../../apps/api/src/fhir/search/string-folding';
import { daysFromNow } from '../support/clock';
import { WEEKDAYS_0800_1530, coding, createEntry, entryIdentifier, herEndpoint, homeNursingInAsane, onDutyNow, organizationEntry, runTag } from '../support/directory';
import { syntheticFodselsnummer } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';
import { testDirectory } from '../support/test-directory';
import { callAs, gpRole } from '../support/transfers';
import { enterReferralWorld, leaveReferralWorld, routedCase } from '../referrals/referral-api-fixtures';

jest.setTimeout(120_000);

/**
 * The directory's search against a known directory: typos and æøå, filters, the ranking (own name, same
 * district, recently collaborated, similarity), the cards' phone, addresses, opening hours and today's duty,
 * the projection kept on update and delete, "for this patient" by what the caller may see (404 otherwise,
 * audited), and access per role.
 */
describe('collaboration directory search', () => {
  let api: TestApi;
  let database: Database;
  const tag = runTag();
  const refs: Record<string, string> = {};
  let callerDistrict: string;
  let otherDistrict: string;
  let patientId: string;

  const as = <T = DirectorySearchPage>(user: string, query: string) => callAs<T>(api, user, 'GET', `/api/directory/search?${query}`);
  const create = (resource: Resource) => createEntry(api, resource);
  const names = (page: DirectorySearchPage) => page.entries.map((entry) => entry.name);
  const entry = (page: DirectorySearchPage, ref: string): DirectoryEntry | undefined => page.entries.find((e) => e.reference === ref);
  const organization = organizationEntry;
  const person = async (given: string, family: string, organizationRef: string, extra: Partial<Resource> = {}) => {
    // The run's word as a middle name: found by it, and by the family name with it.
    const practitionerRef = await create({ resourceType: 'Practitioner', identifier: entryIdentifier(), name: [{ given: [given, tag], family }] });
    refs[`practitioner:${family}`] = practitionerRef;
    return create({ resourceType: 'PractitionerRole', identifier: entryIdentifier(), active: true, practitioner: { reference: practitionerRef }, organization: { reference: organizationRef }, ...extra });
  };

  beforeAll(async () => {
    api = await startTestApi();
    database = api.app.get(Database);
    // The demo GP's office decides "same district": the seed gives it one; a bare office gets one here.
    const officeRef = testDirectory().demoOrganizations.gpOfficeSentrum;
    const office = (await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/${officeRef}`)).body;
    const district = (office.address as Array<{ district?: string }> | undefined)?.find((a) => a.district)?.district;
    if (district) callerDistrict = district;
    else {
      callerDistrict = 'Bergenhus';
      const address = [...((office.address as object[] | undefined) ?? [{ city: 'Bergen' }])];
      address[0] = { ...address[0], district: callerDistrict };
      expect((await callAs(api, 'ehr', 'PUT', `/fhir/R4/${officeRef}`, { ...office, address })).status).toBe(200);
    }
    otherDistrict = BERGEN_BOROUGHS.find((b) => foldForSearch(b) !== foldForSearch(callerDistrict) && b !== 'Åsane')!;

    refs.hospital = await create(organization(`Haukeland universitetssjukehus ${tag}`, OrganizationTypeCode.Hospital));
    refs.her = await create(herEndpoint('8123456', 'Medisinsk avdeling, meldinger', 'discharge-summary-first'));
    refs.near = await create(
      withOpeningHours(
        organization(`Medisinsk avdeling, Haukeland ${tag}`, OrganizationTypeCode.HospitalUnit, callerDistrict, {
          partOf: { reference: refs.hospital },
          telecom: [{ system: 'phone', value: '+47 55 97 00 00', use: 'work' }],
          endpoint: [{ reference: refs.her }],
        }),
        WEEKDAYS_0800_1530,
      ),
    );
    refs.recent = await create(organization(`Ortopedisk avdeling, Haukeland ${tag}`, OrganizationTypeCode.HospitalUnit, otherDistrict, { partOf: { reference: refs.hospital } }));
    refs.far = await create(organization(`Kirurgisk avdeling, Haukeland ${tag}`, OrganizationTypeCode.HospitalUnit, otherDistrict, { partOf: { reference: refs.hospital } }));
    refs.doctor = await person('Per', 'Hansen', refs.near);
    refs.duty = await person('Ola', 'Vaktlege', refs.near, onDutyNow(8, '+47 55 97 11 11'));
    refs.homeNursing = await create(homeNursingInAsane(tag));
    refs.office = await create(organization(`Åsane ${tag} legesenter`, OrganizationTypeCode.GpOffice, 'Åsane'));
    refs.geriatrician = await person('Kari', 'Sørensen', refs.office, { specialty: [coding('urn:bro:test:specialty', 'geriatri', 'Geriatri')] });

    // The demo GP's office worked with the orthopaedic unit lately; and a patient of the demo GP was in the medical unit.
    const patient = await create({
      resourceType: 'Patient',
      identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: syntheticFodselsnummer() }],
      name: [{ family: 'Testesen', given: ['Kari'] }],
      birthDate: '1950-01-01',
      generalPractitioner: [{ reference: gpRole() }],
    });
    patientId = patient.split('/')[1];
    refs.referral = await create({
      resourceType: 'ServiceRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: patient },
      requester: { reference: refs.recent },
      performer: [{ reference: gpRole() }],
    });
    refs.stay = await create({
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'IMP' },
      subject: { reference: patient },
      serviceProvider: { reference: refs.near },
      // The doctor by their Practitioner: listed as their role at the unit.
      participant: [{ individual: { reference: refs['practitioner:Hansen'] } }],
      period: { start: daysFromNow(-10), end: daysFromNow(-7) },
    });
  });
  afterAll(() => api.close());

  it('folds the directory in the database exactly as the search folds what is typed', async () => {
    const samples = ['Åsane', 'Sørensen-Ødegård', 'ÆRØ  Kirurgisk avd.', 'Fjøsanger (Bergen)', 'Øystein Bjørnstad', 'Cæcilie Ødven', 'Straße', 'Ĳssel Łódź', 'Ångström\u0000x'];
    for (const sample of samples) {
      const { rows } = await database.query<{ folded: string }>('SELECT directory_fold($1) AS folded', [sample.replace('\u0000', ' ')]);
      expect([sample, rows[0].folded.split(' ').filter(Boolean)]).toEqual([sample, foldForSearch(sample).split(/[\s!-/:-@[-`{-~]+/).filter(Boolean)]);
    }
    expect(directoryWords('Åsane, Kirurgisk-avd. åsane')).toEqual(['asane', 'kirurgisk', 'avd']);
  });

  it('finds with a typo and ranks own names first, then the same district, then recent collaboration', async () => {
    const found = await as('gp', `q=haukland ${tag}`);
    expect(found.status).toBe(200);
    const order = found.body.entries.map((e) => e.reference);
    // Units and the hospital by their own names; people are found by theirs, not by their unit's.
    expect(order.slice(0, 2)).toEqual([refs.near, refs.recent]);
    expect(order.slice(2).sort()).toEqual([refs.far, refs.hospital].sort());
    expect(entry(found.body, refs.near)).toMatchObject({ sameDistrict: true, recentlyCollaborated: false, kind: 'hospital-unit' });
    expect(entry(found.body, refs.recent)).toMatchObject({ sameDistrict: false, recentlyCollaborated: true });
    expect(entry(found.body, refs.far)).toMatchObject({ sameDistrict: false, recentlyCollaborated: false });
    // The on-duty role is the unit's, never an entry of its own.
    expect(order).not.toContain(refs.duty);
    // Two letters swapped in a short name: within two edits of the name's start.
    expect((await as('gp', `q=hnasen ${tag}`)).body.entries.map((e) => e.reference)).toEqual([refs.doctor]);
    expect((await as('gp', `q=${tag} sorenesn`)).body.entries.map((e) => e.reference)).toEqual([refs.geriatrician]);
  });

  it('shows how to reach an entry: phone, electronic address with message types, opening hours and today’s duty', async () => {
    const found = await as('gp', `q=medisinsk ${tag}`);
    expect(entry(found.body, refs.near)).toEqual({
      reference: refs.near,
      kind: 'hospital-unit',
      name: `Medisinsk avdeling, Haukeland ${tag}`,
      type: 'Sykehusavdeling',
      organization: { reference: refs.hospital, display: `Haukeland universitetssjukehus ${tag}` },
      district: callerDistrict,
      phone: '+47 55 97 00 00',
      addresses: [
        {
          reference: refs.her,
          name: 'Medisinsk avdeling, meldinger',
          address: 'her:8123456',
          herId: '8123456',
          messageTypes: [{ code: 'EPIKRISE', display: 'Epikrise' }, { code: 'DIALOG_FORESPORSEL' }],
        },
      ],
      openingHours: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'], availableStartTime: '08:00:00', availableEndTime: '15:30:00' }],
      onDuty: { reference: refs.duty, name: `Ola ${tag} Vaktlege`, phone: '+47 55 97 11 11', start: expect.any(String), end: expect.any(String) },
      sameDistrict: true,
      recentlyCollaborated: false,
    });
    // A person shows their unit's phone and address when their role has none.
    const doctor = await as('gp', `q=hansen ${tag}`);
    expect(doctor.body.entries).toEqual([
      expect.objectContaining({ reference: refs.doctor, kind: 'person', name: `Per ${tag} Hansen`, phone: '+47 55 97 00 00', addresses: [expect.objectContaining({ herId: '8123456' })] }),
    ]);
  });

  it('ignores accents and case: "asane" and "SORENSEN" find Åsane and Sørensen', async () => {
    const asane = await as('coordinator', `q=asane ${tag}`);
    expect(names(asane.body).sort()).toEqual([`Hjemmesykepleien Åsane ${tag}`, `Åsane ${tag} legesenter`].sort());
    const sorensen = await as('coordinator', `q=SORENSEN ${tag.toUpperCase()}`);
    expect(sorensen.body.entries.map((e) => e.reference)).toEqual([refs.geriatrician]);
    expect(sorensen.body.entries[0]).toMatchObject({ district: 'Åsane', organization: { reference: refs.office } });
    const typed = await as('coordinator', `q=hjemesykepleien ${tag}`);
    expect(typed.body.entries.map((e) => e.reference)).toEqual([refs.homeNursing]);
  });

  it('filters by kind, service type, specialty and district', async () => {
    const service = await as('gp', `q=${tag}&kind=municipal-service&serviceType=${MunicipalServiceType.HomeNursing}`);
    expect(service.body.entries).toEqual([
      expect.objectContaining({
        reference: refs.homeNursing,
        type: 'Hjemmesykepleie',
        district: 'Åsane',
        phone: '+47 55 56 00 00',
        openingHours: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true }],
      }),
    ]);
    const bySystem = await as('gp', `q=${tag}&serviceType=${encodeURIComponent(`${MUNICIPAL_SERVICE_TYPE_SYSTEM}|${MunicipalServiceType.HomeNursing}`)}`);
    expect(bySystem.body.entries.map((e) => e.reference)).toEqual([refs.homeNursing]);
    const specialty = await as('gp', `q=${tag}&specialty=geriatri`);
    expect(specialty.body.entries.map((e) => e.reference)).toEqual([refs.geriatrician]);
    const district = await as('gp', `q=${tag}&district=asane`);
    expect(district.body.entries.map((e) => e.reference).sort()).toEqual([refs.homeNursing, refs.office, refs.geriatrician].sort());
    const units = await as('gp', `q=${tag}&kind=hospital-unit,gp-office&pageSize=2`);
    expect(units.body).toMatchObject({ page: 1, pageSize: 2, more: true });
    const next = await as('gp', `q=${tag}&kind=hospital-unit,gp-office&pageSize=2&page=2`);
    const all = [...units.body.entries, ...next.body.entries].map((e) => e.reference);
    expect(all.sort()).toEqual([refs.near, refs.recent, refs.far, refs.office].sort());
    expect(next.body.more).toBe(false);
  });

  it('keeps the projection on every write: a rename, a withdrawn address and a deleted role show at once', async () => {
    const far = (await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/${refs.far}`)).body;
    expect((await callAs(api, 'ehr', 'PUT', `/fhir/R4/${refs.far}`, { ...far, name: `Karkirurgisk avdeling, Haukeland ${tag}` })).status).toBe(200);
    expect(names((await as('gp', `q=karkirurgisk ${tag}`)).body)).toEqual([`Karkirurgisk avdeling, Haukeland ${tag}`]);

    const her = (await callAs<Resource>(api, 'ehr', 'GET', `/fhir/R4/${refs.her}`)).body;
    expect((await callAs(api, 'ehr', 'PUT', `/fhir/R4/${refs.her}`, { ...her, status: 'off' })).status).toBe(200);
    expect(entry((await as('gp', `q=medisinsk ${tag}&kind=hospital-unit`)).body, refs.near)?.addresses).toEqual([]);
    expect((await callAs(api, 'ehr', 'PUT', `/fhir/R4/${refs.her}`, { ...her, id: her.id, meta: undefined })).status).toBe(200);

    const extra = await person('Siri', 'Slettebakk', refs.far);
    expect((await as('gp', `q=slettebakk ${tag}`)).body.entries.map((e) => e.reference)).toEqual([extra]);
    expect((await callAs(api, 'ehr', 'DELETE', `/fhir/R4/${extra}`)).status).toBeLessThan(300);
    expect((await as('gp', `q=slettebakk ${tag}`)).body.entries).toEqual([]);
    // The unit's people show its new name.
    const role = await person('Tor', 'Tollefsen', refs.far);
    expect(entry((await as('gp', `q=tollefsen ${tag}`)).body, role)?.organization?.display).toBe(`Karkirurgisk avdeling, Haukeland ${tag}`);
  });

  it('lists the parties involved with a patient the caller may see, and audits what it read', async () => {
    const found = await as('gp', `patient=${patientId}`);
    expect(found.status).toBe(200);
    const involved = Object.fromEntries(found.body.entries.map((e) => [e.reference, [...(e.involvement ?? [])].sort()]));
    expect(involved).toEqual({
      [gpRole()]: ['general-practitioner', 'service-request-performer'],
      [refs.recent]: ['service-request-requester'],
      [refs.near]: ['encounter-service-provider'],
      [refs.doctor]: ['encounter-participant'],
    });
    // Narrowed by the name typed, as any search.
    expect((await as('gp', `patient=Patient/${patientId}&q=ortopedisk ${tag}`)).body.entries.map((e) => e.reference)).toEqual([refs.recent]);

    const { rows } = await database.query<{ entity: string; subtype: string }>(
      `SELECT entity_type || '/' || entity_id AS entity, subtype FROM audit_event WHERE agent_subject = 'gp' AND patient = $1 AND (query = $2 OR subtype = 'read')`,
      [`Patient/${patientId}`, `api/directory/search?patient=${patientId}`],
    );
    const audited = rows.map((row) => `${row.subtype} ${row.entity}`);
    expect(audited).toEqual(expect.arrayContaining([`read Patient/${patientId}`, `search-type ${refs.referral}`, `search-type ${refs.stay}`]));

    // The system that sees every patient gets them too.
    expect((await as('ehr', `patient=${patientId}`)).body.entries).toHaveLength(4);
  });

  it('answers a patient the caller may not see exactly as an unknown one', async () => {
    const unknown = await as('gp2', `patient=no-such-patient-${tag}`);
    expect(unknown.status).toBe(404);
    for (const user of ['gp2', 'coordinator', 'lowthreshold', 'quality', 'privacy', 'admin', 'registry']) {
      const hidden = await as(user, `patient=${patientId}`);
      expect([user, hidden.status]).toEqual([user, 404]);
      expect(JSON.stringify(hidden.body).replace(patientId, 'ID')).toEqual(JSON.stringify((await as(user, 'patient=ID')).body));
    }
    // Nothing of the patient was audited for those who could not see them.
    const { rows } = await database.query(`SELECT 1 FROM audit_event WHERE agent_subject = ANY($2::text[]) AND patient = $1`, [
      `Patient/${patientId}`,
      ['gp2', 'coordinator', 'lowthreshold', 'quality', 'privacy', 'admin', 'bro-directory-registry'],
    ]);
    expect(rows).toEqual([]);
  });

  it('lists for each role only the parties of what that role may see: a unit never learns of a low-threshold case', async () => {
    const world = await enterReferralWorld(api, (unit, service) => [
      { id: `primaer-${unit.slice(-8)}`, hospitalUnits: [unit], reasons: [RejectionReason.PrimaryCare], routeTo: service },
    ]);
    try {
      const { referral } = await routedCase(api, world);
      const patient = referral.patient!.id;
      const partiesFor = async (user: string) => {
        const found = await as(user, `patient=${patient}`);
        expect([user, found.status]).toEqual([user, 200]);
        return Object.fromEntries(found.body.entries.map((e) => [e.reference, [...(e.involvement ?? [])].sort()]));
      };
      // The GP sees the referral and the case it became; the hospital unit sees its referral only.
      expect(await partiesFor('gp')).toEqual({
        [gpRole()]: ['general-practitioner', 'service-request-requester', 'task-requester'],
        [world.unit]: ['service-request-performer', 'task-owner'],
        [world.service]: ['task-owner'],
      });
      expect(await partiesFor('coordinator')).toEqual({
        [gpRole()]: ['general-practitioner', 'service-request-requester', 'task-requester'],
        [world.unit]: ['service-request-performer', 'task-owner'],
      });
      // Low-threshold staff see their case, the referral it is based on and the patient: the same three parties.
      expect(await partiesFor('lowthreshold')).toEqual(await partiesFor('gp'));
    } finally {
      await leaveReferralWorld(api, world);
    }
  });

  it('opens the patient’s parties to the other GP under emergency access, audited as such', async () => {
    const reason = 'code:acute-care';
    const opened = await callAs<DirectorySearchPage>(api, 'gp2', 'GET', `/api/directory/search?patient=${patientId}`, undefined, { 'X-Bro-Emergency-Access': reason });
    expect(opened.status).toBe(200);
    expect(opened.body.entries.map((e) => e.reference).sort()).toEqual([gpRole(), refs.recent, refs.near, refs.doctor].sort());
    const { rows } = await database.query<{ purpose_of_use: string; entity_type: string }>(
      `SELECT DISTINCT purpose_of_use, entity_type FROM audit_event WHERE agent_subject = 'gp2' AND patient = $1 ORDER BY entity_type`,
      [`Patient/${patientId}`],
    );
    expect(rows).toEqual([
      { purpose_of_use: 'ETREAT', entity_type: 'Encounter' },
      { purpose_of_use: 'ETREAT', entity_type: 'Patient' },
      { purpose_of_use: 'ETREAT', entity_type: 'ServiceRequest' },
    ]);
  });

  it('lets every signed-in role search, a system client only with a directory scope, and refuses bad input', async () => {
    for (const user of ['gp', 'gp2', 'coordinator', 'lowthreshold', 'quality', 'privacy', 'admin', 'ehr', 'registry']) {
      const found = await as(user, `q=medisinsk ${tag}`);
      expect([user, found.status, found.body.entries?.[0]?.reference]).toEqual([user, 200, refs.near]);
    }
    expect((await as('reporting', `q=medisinsk ${tag}`)).status).toBe(403);
    expect((await as('kommune', `q=medisinsk ${tag}`)).status).toBe(403);
    for (const bad of [
      '',
      'q=%00%00',
      'q=%20,.-',
      `q=${'a'.repeat(201)}`,
      'q[x]=a',
      'q=a&q=b',
      'kind=bogus',
      'q=a&pageSize=51',
      'q=a&page=0',
      'q=a&unknown=1',
      'patient=../Patient/x',
      `serviceType=${encodeURIComponent('a b')}`,
      'serviceType=home%00nursing',
      'q=a&specialty=%00',
      'q=a&district=%00',
    ]) {
      expect([bad, (await as('gp', bad)).status]).toEqual([bad, 400]);
    }
    // LIKE's own characters are punctuation, so they separate words and never reach a pattern.
    expect((await as('gp', `q=${encodeURIComponent('%_\\')}`)).status).toBe(400);
    expect((await as('gp', `q=${encodeURIComponent(`%${tag}_`)}&kind=gp-office`)).body.entries.map((e) => e.reference)).toEqual([refs.office]);
    const noToken = await fetch(`${api.origin}/api/directory/search?q=a`);
    expect(noToken.status).toBe(401);
  });
});
