import { Resource, indexStayOf, isAcuteAdmission } from '@app/fhir';
import { SeededRandom } from '../seed/seeded-random';
import { dischargeHandoverEntries, handoverPatient } from './discharge-handover';
import { HandoverPlan } from './handover-plan';
import { REVOLVING_DOOR_SHARE, RevolvingDoorReadmissions } from './revolving-door-readmissions';

const DAY = 86_400_000;

function plan(birthDate: string, now = new Date()): HandoverPlan {
  return {
    content: dischargeHandoverEntries({
      patient: handoverPatient('01015012345', { birthDate }),
      requester: 'Organization/medisinsk',
      admittedAt: new Date(now.getTime() - 3 * DAY).toISOString(),
      dischargedAt: now.toISOString(),
      tasks: [{ category: 'PROVESVAR' }],
    }),
    channel: 'transaction',
    patientKind: 'listed',
    taskCount: 1,
  };
}

const encounterOf = (p: HandoverPlan, id: string): Resource => ({ ...p.content.entries.find((e) => e.resource?.resourceType === 'Encounter')!.resource!, id });

describe('revolving-door readmissions in the simulation', () => {
  it('sends the index stay first for some patients of 67 or more, so Bro flags the acute readmission that follows', () => {
    const readmissions = new RevolvingDoorReadmissions(new SeededRandom(7));
    const elderly = `${new Date().getUTCFullYear() - 80}-05-01`;
    const sent = Array.from({ length: 400 }, () => readmissions.prepare(plan(elderly)));
    const pairs = sent.filter((plans) => plans.length === 2);
    // Around the share (15 % of 400 = 60), give or take what a seeded draw gives.
    expect(pairs.length).toBeGreaterThan(400 * REVOLVING_DOOR_SHARE * 0.5);
    expect(pairs.length).toBeLessThan(400 * REVOLVING_DOOR_SHARE * 1.5);
    expect(readmissions.sent).toBe(pairs.length);
    for (const [index, readmission] of pairs) {
      const stay = encounterOf(readmission, 'r');
      expect(isAcuteAdmission(stay)).toBe(true);
      // By the indicator's own rules (one place), the readmission counts against the stay sent before it.
      expect(indexStayOf(stay, [{ resource: encounterOf(index, 'i') }], elderly)).toBeDefined();
    }
  });

  it('never makes a younger patient a revolving-door patient, and says how every admission came', () => {
    const readmissions = new RevolvingDoorReadmissions(new SeededRandom(11));
    const younger = `${new Date().getUTCFullYear() - 50}-05-01`;
    const sent = Array.from({ length: 200 }, () => readmissions.prepare(plan(younger)));
    expect(sent.every((plans) => plans.length === 1)).toBe(true);
    expect(sent.every(([only]) => encounterOf(only, 'x').priority !== undefined)).toBe(true);
  });
});
