import { Resource, TASK_CATEGORY_SYSTEM } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { dischargeHandoverEntries, handoverPatient } from './discharge-handover';
import { HandoverPlan, PatientKind } from './handover-plan';
import { MULTIDOSE_SHARE_75_PLUS } from './multidose-behaviour';
import { MultidoseDischarges } from './multidose-discharges';
import { MultidoseRegistrar } from './multidose-registrar';
import { MultidoseRoster } from './multidose-roster';
import { SimulationStats } from './simulation-stats';

const NOW = new Date('2026-12-06T10:00:00Z');
const GP_ROLE = 'PractitionerRole/gp-1';

function stored(id: string, number: string, birthDate: string): Resource {
  return { resourceType: 'Patient', id, identifier: [{ system: 'urn:oid:2.16.578.1.12.4.1.4.1', value: number }], birthDate, generalPractitioner: [{ reference: GP_ROLE }] };
}

function plan(patient: Resource, patientKind: PatientKind = 'demo-gp'): HandoverPlan {
  const content = dischargeHandoverEntries({
    patient: handoverPatient(String((patient.identifier as Array<{ value: string }>)[0].value)),
    requester: 'Organization/unit',
    admittedAt: '2026-12-02T10:00:00Z',
    dischargedAt: NOW.toISOString(),
    tasks: [{ category: 'KONTROLL' }],
  });
  return { content, channel: 'transaction', patientKind, taskCount: 1 };
}

const categoryOf = (p: HandoverPlan) =>
  (p.content.entries.find((e) => e.resource?.resourceType === 'Task')!.resource!.businessStatus as { coding: Array<{ system: string; code: string }> }).coding.find((c) => c.system === TASK_CATEGORY_SYSTEM)!.code;

function setUp(patients: Resource[]) {
  const register = jest.fn(async (patientId: string) => ({ patientId, episodeId: `ep-${patientId}`, gpUser: 'gp', listAt: '2026-11-01T10:00:00Z' }));
  const registrar = { user: 'gp', register } as unknown as MultidoseRegistrar;
  const roster = new MultidoseRoster();
  const stats = new SimulationStats(new SeededRandom(1).next);
  const discharges = new MultidoseDischarges(patients, [registrar], { gp: GP_ROLE }, roster, new SeededRandom(7), stats);
  return { discharges, register, roster, stats };
}

describe('multidose discharges in the simulation', () => {
  it('registers some patients of 75+ with their GP before the discharge and changes their medication; never younger ones', async () => {
    const old = Array.from({ length: 200 }, (_, i) => stored(`old-${i}`, `1${String(i).padStart(10, '0')}`, '1940-01-01'));
    const young = Array.from({ length: 200 }, (_, i) => stored(`young-${i}`, `2${String(i).padStart(10, '0')}`, '1970-01-01'));
    const { discharges, register, roster, stats } = setUp([...old, ...young]);
    const oldPlans = await Promise.all(old.map((p) => discharges.prepare(plan(p), NOW)));
    const youngPlans = await Promise.all(young.map((p) => discharges.prepare(plan(p), NOW)));
    expect(Math.abs(register.mock.calls.length / old.length - MULTIDOSE_SHARE_75_PLUS)).toBeLessThan(0.15);
    expect(register.mock.calls.every(([id]) => String(id).startsWith('old-'))).toBe(true);
    expect(roster.size).toBe(register.mock.calls.length);
    oldPlans.forEach((p, i) => expect(['RESEPT-NY', 'MED-JUST'].includes(categoryOf(p))).toBe(roster.get(old[i].id) !== undefined));
    expect(youngPlans.every((p) => categoryOf(p) === 'KONTROLL')).toBe(true);
    expect(stats.multidoseEvents['discharged with medication changes']).toBe(register.mock.calls.length);
  });

  it('knows the patients already on multidose with the demo GPs from the start', async () => {
    const { discharges, roster } = setUp([]);
    const known = jest.fn(async () => [{ patientId: 'seeded', episodeId: 'ep', gpUser: 'gp', listAt: '2026-11-01T10:00:00Z' }]);
    Object.assign((discharges as unknown as { registrars: Array<{ known: unknown }> }).registrars[0], { known });
    expect(await discharges.loadKnown(NOW)).toBe(1);
    expect(roster.get('seeded')).toBeDefined();
  });

  it('treats a patient on multidose as such at every later discharge, without registering again', async () => {
    const patient = stored('p', '10000000001', '1930-01-01');
    const { discharges, register, roster } = setUp([patient]);
    roster.add({ patientId: 'p', episodeId: 'ep', gpUser: 'gp', listAt: '2026-11-01T10:00:00Z' });
    for (let i = 0; i < 5; i++) expect(['RESEPT-NY', 'MED-JUST']).toContain(categoryOf(await discharges.prepare(plan(patient), NOW)));
    expect(register).not.toHaveBeenCalled();
  });

  it('leaves patients not on a demo GP’s list alone (only a demo GP can register them)', async () => {
    const patient = stored('p', '10000000001', '1930-01-01');
    const { discharges, register } = setUp([patient]);
    for (let i = 0; i < 20; i++) expect(categoryOf(await discharges.prepare(plan(patient, 'listed'), NOW))).toBe('KONTROLL');
    expect(register).not.toHaveBeenCalled();
  });
});
