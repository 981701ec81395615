import { Injectable } from '@nestjs/common';
import { PATIENT_OBJECTS_TO_CONTACT_EXTENSION, REFERRAL_INITIAL_STATUS, Resource, TaskKind, withTaskKind } from '@app/fhir';
import { SendReferralRequest } from '@app/fhir/api/referral-answers';
import { AccessPolicy } from '../../access/access-policy';
import { DomainError } from '../../common/errors/domain-error';
import { SqlClient } from '../../database/sql-client';
import { FhirService } from '../../fhir/fhir.service';
import { tableNameOf } from '../../fhir/search/search-parameter.registry';
import { SqlParams } from '../../fhir/search/search-sql.builder';
import { StoredResource } from '../../fhir/store/stored-resource';

export interface SentReferral {
  serviceRequest: StoredResource;
  task: StoredResource;
}

/**
 * A GP refers a patient to a hospital unit: the ServiceRequest (the referral) and its fulfilment Task
 * (owned by the unit) in one transaction through FhirService as the GP, so the referral write rule sets
 * the dates the law counts from and the access policy decides exactly as on /fhir/R4. The checks here
 * only turn what would fail inside into a clear answer about the field that caused it.
 */
@Injectable()
export class ReferralSendService {
  constructor(private readonly fhir: FhirService) {}

  async send(caller: AccessPolicy, request: SendReferralRequest): Promise<SentReferral> {
    const requester = caller.scope.practitionerRoles[0];
    if (!requester) throw DomainError.unprocessable('you hold no GP role (PractitionerRole) in the directory, so you cannot send a referral', 'requester');
    return this.fhir.inTransaction(undefined, async (client) => {
      await this.assertPatient(client, caller, request.patientId);
      await this.assertHospitalUnit(client, request.hospitalUnit);
      const priority = request.priority ?? 'routine';
      const now = new Date().toISOString();
      const serviceRequest = await this.fhir.create(
        'ServiceRequest',
        {
          resourceType: 'ServiceRequest',
          status: 'active',
          intent: 'order',
          priority,
          subject: { reference: `Patient/${request.patientId}` },
          requester: { reference: requester },
          performer: [{ reference: request.hospitalUnit }],
          authoredOn: now,
          reasonCode: [{ text: request.reasonText }],
          ...(request.patientObjectsToContact ? { extension: [{ url: PATIENT_OBJECTS_TO_CONTACT_EXTENSION, valueBoolean: true }] } : {}),
        },
        { client, actor: caller.principal, access: caller },
      );
      const serviceRequestReference = `ServiceRequest/${serviceRequest.resource.id}`;
      const task: Resource = withTaskKind(
        {
          resourceType: 'Task',
          status: REFERRAL_INITIAL_STATUS,
          intent: 'order',
          priority,
          focus: { reference: serviceRequestReference },
          basedOn: [{ reference: serviceRequestReference }],
          for: { reference: `Patient/${request.patientId}` },
          requester: { reference: requester },
          owner: { reference: request.hospitalUnit },
          authoredOn: now,
        },
        TaskKind.ReferralFulfilment,
      );
      const stored = await this.fhir.create('Task', task, {
        client,
        actor: caller.principal,
        access: caller,
        link: { createdInRequest: new Set([serviceRequestReference]) },
      });
      return { serviceRequest, task: stored };
    });
  }

  /** 400 unless the patient exists and is one the GP may see (their list, their referrals and tasks). */
  private async assertPatient(client: SqlClient, caller: AccessPolicy, patientId: string): Promise<void> {
    const params = new SqlParams();
    const { rowCount } = await client.query(
      `SELECT 1 FROM "${tableNameOf('Patient')}" WHERE id = ${params.add(patientId)} AND ${caller.may('Patient', 'read') ? caller.visibleSql('Patient', params) : 'FALSE'}`,
      params.values,
    );
    if (!rowCount) throw DomainError.badRequest(`Patient/${patientId} is not a patient of yours`, 'patientId');
  }

  /** 400 unless the hospital unit is an Organization in the directory. */
  private async assertHospitalUnit(client: SqlClient, unit: string): Promise<void> {
    const { rowCount } = await client.query(`SELECT 1 FROM "${tableNameOf('Organization')}" WHERE id = $1`, [unit.slice('Organization/'.length)]);
    if (!rowCount) throw DomainError.badRequest(`${unit} is not an organisation in the directory`, 'hospitalUnit');
  }
}
