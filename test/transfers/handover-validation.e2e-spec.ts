import { Bundle, Resource } from '@app/fhir';
import { HandoverRecipientAnswer } from '@app/fhir/api/handover-recipient-answers';
import { IdentifierSystem } from '@app/fhir/identifiers/identifier-systems';
import { Database } from '../../apps/api/src/database/sql-client';
import { asTransaction } from '../../tools/simulator/discharge-handover';
import { daysFromNow } from '../support/clock';
import { syntheticFodselsnummer } from '../support/fixtures';
import { TestApi, startTestApi } from '../support/test-api';
import { testDirectory } from '../support/test-directory';
import { callAs, gpRole, handover, newPatient } from '../support/transfers';

interface Outcome {
  resourceType: string;
  issue: Array<{ code: string; diagnostics?: string; expression?: string[] }>;
}

type Content = ReturnType<typeof handover>;

const osloToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo' }).format(new Date());

/**
 * The hand-over form's nonsense, sent straight to the API as a coordinator (the form's user) would: each is
 * refused with 422 naming what is wrong, and nothing of it is written, not even the patient.
 */
describe('hand-overs the API refuses, and the look-up before sending', () => {
  let api: TestApi;
  let database: Database;

  beforeAll(async () => {
    api = await startTestApi();
    database = api.app.get(Database);
  });
  afterAll(async () => {
    await api.close();
  });

  const fodselsnummerOf = (content: Content) => ((content.entries[0].resource!.identifier as Array<{ value: string }>)[0]).value;
  const taskOf = (content: Content) => content.entries[2].resource as Record<string, unknown>;
  const encounterOf = (content: Content) => content.entries[1].resource as Record<string, unknown>;

  /** Sends the hand-over as the coordinator; expects a refusal and that none of it was stored. */
  async function refused(content: Content): Promise<Outcome['issue'][number]> {
    const answer = await callAs<Outcome>(api, 'coordinator', 'POST', '/fhir/R4', asTransaction(content));
    expect(answer.status).toBe(422);
    expect(answer.body.resourceType).toBe('OperationOutcome');
    const stay = (encounterOf(content).identifier as Array<{ value: string }>)[0].value;
    const { rows } = await database.query<{ patients: string; stays: string; handovers: string }>(
      `SELECT (SELECT count(*) FROM fhir_identifier WHERE resource_type = 'Patient' AND value = $1) AS patients,
              (SELECT count(*) FROM fhir_identifier WHERE resource_type = 'Encounter' AND value = $2) AS stays,
              (SELECT count(*) FROM discharge_handover WHERE encounter_identifier LIKE '%|' || $2) AS handovers`,
      [fodselsnummerOf(content), stay],
    );
    expect(rows[0]).toEqual({ patients: '0', stays: '0', handovers: '0' });
    return answer.body.issue[0];
  }

  it('refuses a discharge in the future (next year)', async () => {
    const content = handover({ patient: newPatient(gpRole()), dischargedAt: daysFromNow(365) });
    const issue = await refused(content);
    expect(issue.diagnostics).toMatch(/discharge .* lies in the future/);
    expect(issue.expression).toEqual(['Bundle.entry[1]', 'Encounter.period']);
  });

  it('refuses a discharge before the admission', async () => {
    const content = handover({ patient: newPatient(gpRole()), dischargedAt: daysFromNow(-2), admittedAt: daysFromNow(-1) });
    expect((await refused(content)).diagnostics).toMatch(/before the admission/);
  });

  it('refuses a task due before the discharge day (a due date in 2020)', async () => {
    const content = handover({ patient: newPatient(gpRole()) });
    taskOf(content).restriction = { period: { end: '2020-03-01' } };
    const issue = await refused(content);
    expect(issue.diagnostics).toMatch(/due date .* before the discharge day/);
    expect(issue.expression).toEqual(['Bundle.entry[2]', 'Task.restriction.period.end']);
  });

  it('refuses a due date that is no day (2026-02-30)', async () => {
    const content = handover({ patient: newPatient(gpRole()) });
    taskOf(content).restriction = { period: { end: `${new Date().getFullYear() + 1}-02-30` } };
    expect((await refused(content)).diagnostics).toBeDefined();
  });

  it('refuses a task without a description, and one of only spaces', async () => {
    for (const description of [undefined, '   ']) {
      const content = handover({ patient: newPatient(gpRole()) });
      if (description === undefined) delete taskOf(content).description;
      else taskOf(content).description = description;
      const issue = await refused(content);
      expect(issue.diagnostics).toMatch(/Task\.description/);
    }
  });

  it('refuses a fødselsnummer with letters or wrong check digits', async () => {
    for (const value of ['1201ab45678', '12345678901']) {
      const content = handover({ patient: newPatient(gpRole()) });
      (content.entries[0].resource!.identifier as Array<{ value: string }>)[0].value = value;
      const issue = await refused(content);
      expect(issue.diagnostics).toMatch(/not a valid fødselsnummer/);
    }
  });

  it('takes a sensible hand-over: discharged now, due from today on', async () => {
    const content = handover({ patient: newPatient(gpRole()), dischargedAt: new Date().toISOString() });
    taskOf(content).restriction = { period: { end: osloToday() } };
    const answer = await callAs<Bundle>(api, 'coordinator', 'POST', '/fhir/R4', asTransaction(content));
    expect(answer.status).toBe(200);
    const tasks = (answer.body.entry ?? []).map((entry) => entry.resource).filter((resource): resource is Resource => resource?.resourceType === 'Task');
    expect(tasks).toHaveLength(1);
    expect((tasks[0].restriction as { period: { end: string } }).period.end).toBe(osloToday());
  });

  describe('POST /api/handovers/recipient', () => {
    it('names a known patient and their GP, and audits the look-up', async () => {
      const ehr = await api.fhirClient('ehr');
      const fodselsnummer = syntheticFodselsnummer();
      const patient = (await ehr.create({
        resourceType: 'Patient',
        body: {
          resourceType: 'Patient',
          identifier: [{ system: IdentifierSystem.Fodselsnummer, value: fodselsnummer }],
          name: [{ given: ['Oppslag'], family: 'Pasientsen' }],
          birthDate: '1950-01-01',
          generalPractitioner: [{ reference: gpRole('gp') }],
        },
      } as never)) as unknown as Resource;

      const answer = await callAs<HandoverRecipientAnswer>(api, 'coordinator', 'POST', '/api/handovers/recipient', { personNumber: fodselsnummer });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        patient: { id: patient.id, name: 'Oppslag Pasientsen', birthDate: '1950-01-01' },
        recipient: { kind: 'gp', reference: gpRole('gp'), name: 'Kari Fastlege', office: { reference: testDirectory().demoOrganizations.gpOfficeSentrum, name: 'Sentrum legesenter' } },
      });
      const { rows } = await database.query(`SELECT 1 FROM audit_event WHERE agent_subject = 'coordinator' AND subtype = 'search-type' AND patient = $1 AND query = 'api/handovers/recipient'`, [
        `Patient/${patient.id}`,
      ]);
      expect(rows).toHaveLength(1);
    });

    it('says when Bro does not know the patient yet: the tasks would wait unassigned', async () => {
      const answer = await callAs<HandoverRecipientAnswer>(api, 'coordinator', 'POST', '/api/handovers/recipient', { personNumber: syntheticFodselsnummer() });
      expect(answer).toEqual({ status: 200, body: { recipient: { kind: 'unassigned' } } });
    });

    it('refuses a number that is no fødselsnummer, and anyone who does not send hand-overs', async () => {
      for (const personNumber of ['1201ab45678', '12345678901', '123']) {
        const answer = await callAs<{ message?: string }>(api, 'coordinator', 'POST', '/api/handovers/recipient', { personNumber });
        expect(answer.status).toBe(400);
      }
      expect((await callAs(api, 'coordinator', 'POST', '/api/handovers/recipient', { personNumber: syntheticFodselsnummer(), extra: 1 })).status).toBe(400);
      for (const user of ['gp', 'quality', 'lowthreshold']) {
        expect((await callAs(api, user, 'POST', '/api/handovers/recipient', { personNumber: syntheticFodselsnummer() })).status).toBe(403);
      }
    });
  });
});
