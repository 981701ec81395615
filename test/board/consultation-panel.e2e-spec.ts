import Client from 'fhir-kit-client';
import { Resource } from '@app/fhir';
import { BoardSnapshot, SUPPRESSED } from '@app/fhir/board/board-metrics';
import { ConsultationBoardPanel } from '@app/fhir/consultations/consultation-board-panel';
import { PRACTITIONER_ROLE_CODE_SYSTEM, PractitionerRoleCode } from '../../tools/seed/directory-codes';
import { coordinatorUpdates, optionIn, proposeConsultation } from '../consultations/proposed-consultation';
import { TestApi, startTestApi } from '../support/test-api';
import { demoUnit } from '../support/test-directory';
import { callAs, handover, newPatient, postHandover } from '../support/transfers';

jest.setTimeout(60_000);

const GP_OFFICE_TYPE = { coding: [{ system: 'urn:bro:organization-type', code: 'gp-office' }] };

describe('the joint consultations panel', () => {
  let api: TestApi;
  let ehr: Client;
  let office: string;

  async function panelOf(scope: string): Promise<ConsultationBoardPanel> {
    const answer = await callAs<BoardSnapshot>(api, 'quality', 'GET', `/api/board?scope=${encodeURIComponent(scope)}`);
    expect(answer.status).toBe(200);
    return answer.body.panels.consultations!;
  }

  beforeAll(async () => {
    api = await startTestApi();
    ehr = await api.fhirClient('ehr');
    // A GP office of its own, so its board counts this file's consultations and hand-overs only.
    const created = (await ehr.create({ resourceType: 'Organization', body: { resourceType: 'Organization', name: 'Konsultasjonstest legesenter', type: [GP_OFFICE_TYPE] } } as never)) as Resource;
    office = `Organization/${created.id}`;
    const role = (await ehr.create({
      resourceType: 'PractitionerRole',
      body: { resourceType: 'PractitionerRole', active: true, organization: { reference: office }, code: [{ coding: [{ system: PRACTITIONER_ROLE_CODE_SYSTEM, code: PractitionerRoleCode.Gp }] }] },
    } as never)) as Resource;
    const gp = `PractitionerRole/${role.id}`;
    // Six discharges with a consultation (one later called off), six without.
    const consultations: Resource[] = [];
    for (let i = 0; i < 6; i++) consultations.push(await proposeConsultation(api, ehr, [optionIn(48 + i)], { gp, owner: office }));
    for (let i = 0; i < 6; i++) await postHandover(ehr, handover({ patient: newPatient(gp), categories: ['PROVESVAR'], owner: office }));
    await coordinatorUpdates(api, consultations[0], { status: 'cancelled', cancelationReason: { coding: [{ system: 'urn:bro:consultation-cancellation-reason', code: 'IKKE-BEHOV' }] } });
  });
  afterAll(async () => {
    await api.close();
  });

  it("counts this week's proposed consultations by what became of them, hiding the one called off and the count that would give it away", async () => {
    const panel = await panelOf(`office:${office}`);
    expect(panel.weeks).toHaveLength(12);
    const thisWeek = panel.weeks.at(-1)!;
    // 6 proposed, 5 awaiting, 1 cancelled: the 1 is hidden, and so is the 5 (6 − 5 would give it back).
    expect([thisWeek.proposed, thisWeek.awaiting, thisWeek.booked, thisWeek.held, thisWeek.declinedOrCancelled]).toEqual([6, SUPPRESSED, 0, 0, SUPPRESSED]);
    expect(panel.weeks.slice(0, -1).every((week) => week.proposed === 0)).toBe(true);
    expect(panel.byUnit.map((row) => [row.unit, row.proposed])).toEqual([[demoUnit(), 6]]);
  });

  it("gives the quality team the same figures, and nobody else", async () => {
    const scope = `office:${office}`;
    const figures = await callAs<ConsultationBoardPanel>(api, 'quality', 'GET', `/api/quality/consultations?scope=${encodeURIComponent(scope)}`);
    expect(figures.status).toBe(200);
    expect(figures.body).toEqual(await panelOf(scope));
    expect((await callAs(api, 'quality', 'GET', '/api/quality/consultations?scope=everything')).status).toBe(400);
    expect((await callAs(api, 'coordinator', 'GET', '/api/quality/consultations')).status).toBe(403);
    expect((await callAs(api, 'gp', 'GET', '/api/quality/consultations')).status).toBe(403);
  });

  it('counts the discharges that had a consultation, and contested tasks with and without one', async () => {
    const panel = await panelOf(`office:${office}`);
    expect(panel.dischargesWithConsultation).toEqual({ of: 12, count: 6, share: 0.5 });
    expect(panel.contestedWithConsultation).toEqual({ of: 6, count: 0, share: 0 });
    expect(panel.contestedWithoutConsultation).toEqual({ of: 6, count: 0, share: 0 });
  });
});
