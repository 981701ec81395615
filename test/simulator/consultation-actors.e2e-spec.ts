import type { ConsultationPage } from '@app/fhir/api/consultation-answers';
import { SeededRandom } from '../../tools/seed/seeded-random';
import { ActorActions } from '../../tools/simulator/actor-action';
import { BroApiClient } from '../../tools/simulator/bro-api.client';
import { ConsultationInviteeActor } from '../../tools/simulator/consultation-invitee.actor';
import { ConsultationPlannerActor } from '../../tools/simulator/consultation-planner.actor';
import { DemoTokenSource } from '../../tools/simulator/demo-token.source';
import { FhirClientAdapter } from '../../tools/simulator/fhir-client.adapter';
import { SimulationStats } from '../../tools/simulator/simulation-stats';
import { handoverPatient } from '../../tools/simulator/discharge-handover';
import { hospitalDoctorsOf, unitOfUser } from '../../tools/simulator/unit-doctors';
import { HospitalUnit } from '../../tools/simulator/simulation-directory';
import { TestApi, startTestApi } from '../support/test-api';
import { syntheticFodselsnummer } from '../support/fixtures';
import { callAs, gpRole, handover, postHandover } from '../support/transfers';
import { demoUnit } from '../support/test-directory';

jest.setTimeout(60_000);

/** A random source that always draws `value`: 0 makes every chance come true and every pick the first. The decisions are unit-tested; here the actors act on them. */
function always(value = 0): SeededRandom {
  return Object.assign(new SeededRandom(1), { next: () => value });
}

/**
 * The simulator's consultation actors against a real Bro: the coordinator proposes a consultation for a new
 * discharge with times Bro suggests from the seeded calendars; the demo GP's yes books it, a no gets it called off.
 */
describe('the simulated coordinator and GP (consultations)', () => {
  let api: TestApi;
  const issuer = () => process.env.OIDC_ISSUER!;
  const pace = { pollMs: 1_000, meanDelayMs: 1 };

  beforeAll(async () => {
    api = await startTestApi();
  });
  /** Every consultation of a coordinator's list, page by page: other files' consultations share the coordinator's unit. */
  const allOf = async (list: 'awaiting-answers' | 'upcoming') => {
    const all: ConsultationPage['consultations'] = [];
    for (let page = 1; ; page++) {
      const answer = await callAs<ConsultationPage>(api, 'coordinator', 'GET', `/api/consultations?list=${list}&pageSize=100&page=${page}`);
      all.push(...answer.body.consultations);
      if (answer.body.consultations.length < 100) return all;
    }
  };
  afterAll(async () => {
    await api?.close();
  });

  it("proposes for a discharge after it started; the GP's yes books it, a no gets it called off", async () => {
    const stats = new SimulationStats();
    const warnings: string[] = [];
    const actions = new ActorActions(stats, { info: () => undefined, debug: () => undefined, warn: (line) => warnings.push(line) });
    const fhir = new FhirClientAdapter(api.baseUrl, new DemoTokenSource(issuer(), 'ehr'));
    const unit: HospitalUnit = { reference: demoUnit(), name: 'Medisinsk avdeling, Haukeland' };
    expect(unitOfUser([unit], 'coordinator')).toEqual(unit);
    const doctors = await hospitalDoctorsOf(fhir, unit);
    expect(doctors.length).toBeGreaterThan(0);

    const planner = new ConsultationPlannerActor(new BroApiClient(api.origin, new DemoTokenSource(issuer(), 'coordinator')), doctors, pace, always(), stats, actions);
    const family = `Simulert${Date.now().toString(36)}`;
    const patient = handoverPatient(syntheticFodselsnummer(), { name: [{ family, given: ['Eldre'] }], birthDate: '1940-05-01', generalPractitioner: [{ reference: gpRole('gp') }] });
    await postHandover(await api.fhirClient('ehr'), handover({ patient, categories: ['KONTROLL', 'PROVESVAR', 'RESEPT-NY'] }));
    await planner.tick();
    expect(warnings).toEqual([]);
    // Only the discharge that came after it started: earlier ones are left alone.
    expect(stats.consultations.proposed).toBe(1);

    const invitee = new ConsultationInviteeActor({ user: 'gp', role: gpRole('gp') }, new BroApiClient(api.origin, new DemoTokenSource(issuer(), 'gp')), pace, always(), stats, actions);
    await invitee.tick();
    expect(stats.consultations.booked).toBeGreaterThanOrEqual(1);
    expect(warnings).toEqual([]);

    const ours = (await allOf('upcoming')).filter((consultation) => consultation.patient?.name?.includes(family));
    expect(ours).toHaveLength(1);
    expect(ours[0].status).toBe('booked');
    expect(ours[0].taskIds).toHaveLength(3);
    expect(ours[0].participants.find((participant) => participant.role === 'patient')?.required).toBe('information-only');

    // Another discharge; this time the GP declines (a draw of 0.85 falls in the decline share), and the coordinator calls it off.
    const declined = `Avslått${Date.now().toString(36)}`;
    await postHandover(await api.fhirClient('ehr'), handover({ patient: handoverPatient(syntheticFodselsnummer(), { name: [{ family: declined, given: ['Eldre'] }], birthDate: '1938-02-01', generalPractitioner: [{ reference: gpRole('gp') }] }), categories: ['KONTROLL'] }));
    await planner.tick();
    const decliner = new ConsultationInviteeActor({ user: 'gp', role: gpRole('gp') }, new BroApiClient(api.origin, new DemoTokenSource(issuer(), 'gp')), pace, always(0.85), stats, actions);
    await decliner.tick();
    const [answeredNo] = (await allOf('awaiting-answers')).filter((consultation) => consultation.patient?.name?.includes(declined));
    expect({ stats: stats.consultations, warnings, found: answeredNo !== undefined }).toMatchObject({ found: true });
    expect(answeredNo.answers.map((answer) => answer.status)).toEqual(['declined']);

    await planner.tick();
    expect(warnings).toEqual([]);
    const stored = await callAs<{ status: string; cancelationReason?: { coding?: Array<{ code?: string }> } }>(api, 'coordinator', 'GET', `/fhir/R4/Appointment/${answeredNo.id}`);
    expect(stored.body.status).toBe('cancelled');
    expect(stored.body.cancelationReason?.coding?.[0]?.code).toBe('AVSLATT');
  });
});
