import { Injectable } from '@nestjs/common';
import { CANCELLATION_REASONS, isJointDischargeConsultation } from '@app/fhir';
import { AccessPolicy } from '../../access/access-policy';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { StoredResource } from '../../fhir/store/stored-resource';

export interface CancelInput {
  appointmentId: string;
  /** The consultation's version the caller saw (If-Match); the current one when left out. */
  version?: number;
  /** A code of the cancellation reasons (HL7's or Bro's); `other` needs `text`. */
  reason: string;
  text?: string;
}

/**
 * The coordinator calls off a consultation. An Appointment update like any other: the lifecycle rule decides
 * whether this party may cancel from this status and that the reason is coded, so this file only shapes it.
 */
@Injectable()
export class ConsultationCancelService {
  constructor(private readonly fhir: FhirService) {}

  async cancel(caller: AccessPolicy, input: CancelInput): Promise<StoredResource> {
    const reason = CANCELLATION_REASONS.find((known) => known.code === input.reason);
    if (!reason) throw DomainError.badRequest(`reason is one of ${CANCELLATION_REASONS.map((known) => known.code).join(', ')}`, 'reason');
    return this.fhir.inTransaction(undefined, async (client) => {
      const appointment = await this.fhir.readForUpdate('Appointment', input.appointmentId, { client, access: caller });
      if (!appointment || !isJointDischargeConsultation(appointment.resource as { serviceType?: unknown })) {
        throw DomainError.notFound(`Appointment/${input.appointmentId} is not a consultation you planned or take part in`);
      }
      if (input.version !== undefined && input.version !== appointment.versionId) {
        throw DomainError.preconditionFailed(`Appointment/${input.appointmentId} has changed since you saw it (now version ${appointment.versionId})`);
      }
      const text = input.text?.trim();
      const cancelationReason = { coding: [{ system: reason.system, code: reason.code, display: reason.display }], ...(text ? { text } : {}) };
      return this.fhir.update(
        'Appointment',
        input.appointmentId,
        { ...appointment.resource, status: 'cancelled', cancelationReason },
        { client, ifMatch: appointment.versionId, actor: caller.principal, access: caller, current: appointment },
      );
    });
  }
}
