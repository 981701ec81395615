import { Injectable } from '@nestjs/common';
import {
  ConsultationRole,
  PATIENT_NOT_ATTENDING,
  Resource,
  consultationRoleType,
  jointDischargeConsultationServiceType,
  withPlanningUnit,
} from '@app/fhir';
import { ProposeConsultationRequest } from '@app/fhir/api/consultation-answers';
import { AccessPolicy } from '../../access/access-policy';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { tableNameOf } from '../../fhir/search/search-parameter.registry';
import { SqlParams } from '../../fhir/search/search-sql.builder';
import { StoredResource } from '../../fhir/store/stored-resource';

/** What the coordinator proposes: the web app's request as it is. */
export type Proposal = ProposeConsultationRequest;

const OPEN_TASK = `resource->>'status' IN ('draft', 'requested', 'received', 'accepted', 'in-progress', 'on-hold')`;
const referenceOf = (value: unknown): string | undefined => (value && typeof value === 'object' ? ((value as { reference?: unknown }).reference as string | undefined) : undefined);

/**
 * The coordinator proposes a consultation for a discharge: the Appointment is built from the stay (its
 * patient, its open hand-over Tasks, the GP they went to) and written through FhirService, so the
 * consultation lifecycle and the access policy decide it as they would a FHIR create.
 */
@Injectable()
export class ConsultationProposalService {
  constructor(private readonly fhir: FhirService) {}

  async propose(caller: AccessPolicy, proposal: Proposal): Promise<StoredResource> {
    return this.fhir.inTransaction(undefined, async (client) => {
      const params = new SqlParams();
      const { rows: encounters } = await client.query<{ resource: Resource }>(
        `SELECT resource FROM "${tableNameOf('Encounter')}" WHERE id = ${params.add(proposal.encounterId)} AND ${caller.visibleSql('Encounter', params)}`,
        params.values,
      );
      const encounter = encounters[0]?.resource;
      if (!encounter) throw DomainError.notFound(`Encounter/${proposal.encounterId} is not a stay of your unit`);
      const patient = referenceOf(encounter.subject);
      if (!patient?.startsWith('Patient/')) throw DomainError.unprocessable('the stay names no patient', 'encounterId');
      const tasks = await this.handoverTasks(caller, proposal, client);
      const unit = this.planningUnit(caller, encounter, tasks);
      const gp = proposal.gp ?? tasks.map((task) => referenceOf(task.owner)).find((owner) => owner?.startsWith('PractitionerRole/'));
      if (!gp) throw DomainError.unprocessable('name the GP (gp): the stay has no hand-over task owned by one', 'gp');
      const participant = (role: ConsultationRole, reference: string, required: string, status: string) => ({ type: consultationRoleType(role), actor: { reference }, required, status });
      const appointment: Resource = withPlanningUnit(
        {
          resourceType: 'Appointment',
          status: 'proposed',
          serviceType: [jointDischargeConsultationServiceType()],
          supportingInformation: [{ reference: `Encounter/${encounter.id}` }, ...tasks.map((task) => ({ reference: `Task/${task.id}` }))],
          minutesDuration: proposal.minutesDuration,
          requestedPeriod: proposal.options,
          ...(proposal.description ? { description: proposal.description } : {}),
          participant: [
            // The doctor's calendar is where the times came from: their yes is given with the proposal.
            participant(ConsultationRole.HospitalDoctor, proposal.hospitalDoctor, 'required', 'accepted'),
            participant(ConsultationRole.GeneralPractitioner, gp, 'required', 'needs-action'),
            participant(ConsultationRole.Patient, patient, proposal.patientAttends ? 'required' : PATIENT_NOT_ATTENDING, 'accepted'),
            ...(proposal.municipalService ? [participant(ConsultationRole.MunicipalService, proposal.municipalService, 'optional', 'needs-action')] : []),
          ],
        } as Resource & { extension?: Array<{ url?: string }> },
        unit,
      );
      return this.fhir.create('Appointment', appointment, { client, actor: caller.principal, access: caller });
    });
  }

  /** The stay's open hand-over Tasks the caller may see (those named, or all of them): one statement. */
  private async handoverTasks(caller: AccessPolicy, proposal: Proposal, client: Parameters<Parameters<FhirService['inTransaction']>[1]>[0]): Promise<Resource[]> {
    const params = new SqlParams();
    const named = proposal.taskIds ? ` AND id = ANY(${params.add(proposal.taskIds)}::text[])` : '';
    const { rows } = await client.query<{ resource: Resource }>(
      `SELECT resource FROM "${tableNameOf('Task')}" WHERE sp_encounter = ${params.add(`Encounter/${proposal.encounterId}`)} AND ${OPEN_TASK}${named} AND ${caller.visibleSql('Task', params)} ORDER BY id`,
      params.values,
    );
    const missing = proposal.taskIds?.find((id) => !rows.some((row) => row.resource.id === id));
    if (missing) throw DomainError.unprocessable(`Task/${missing} is no open hand-over task of this stay`, 'taskIds');
    return rows.map((row) => row.resource);
  }

  /** The unit that plans it: the stay's own, else the unit that handed its tasks over, among those the caller acts for. */
  private planningUnit(caller: AccessPolicy, encounter: Resource, tasks: Resource[]): string {
    const candidates = [referenceOf(encounter.serviceProvider), ...tasks.map((task) => referenceOf(task.requester))];
    const unit = candidates.find((reference) => reference?.startsWith('Organization/') && caller.scope.actsFor.has(reference));
    if (!unit) throw DomainError.forbidden('only a coordinator of the unit that discharged the patient proposes a consultation for the stay', 'encounterId');
    return unit;
  }
}
