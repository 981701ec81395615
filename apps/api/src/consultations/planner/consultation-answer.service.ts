import { Injectable } from '@nestjs/common';
import { Resource } from '@app/fhir';
import { TimeOption } from '@app/fhir/api/consultation-answers';
import { AccessPolicy } from '../../access/access-policy';
import { DomainError } from '../../common/errors/domain-error';
import { FhirService } from '../../fhir/fhir.service';
import { StoredResource } from '../../fhir/store/stored-resource';
import { participantOfCaller } from '../consultation-parties';

export type Answer = { answer: 'accept'; option?: TimeOption; comment?: string } | { answer: 'decline'; reason: string } | { answer: 'propose'; time: TimeOption; comment?: string };

/**
 * A participant answers an invitation: an AppointmentResponse written through FhirService, whose write
 * rule folds it into the consultation (and books it when everyone required agreed) in the same
 * transaction. Returns the consultation as it stands after the answer.
 */
@Injectable()
export class ConsultationAnswerService {
  constructor(private readonly fhir: FhirService) {}

  async answer(caller: AccessPolicy, appointmentId: string, answer: Answer): Promise<StoredResource> {
    return this.fhir.inTransaction(undefined, async (client) => {
      const appointment = await this.fhir.readForUpdate('Appointment', appointmentId, { client, access: caller });
      const participant = appointment && participantOfCaller(caller.scope, appointment.resource as { participant?: unknown });
      if (!appointment || !participant?.actor?.reference) throw DomainError.notFound(`Appointment/${appointmentId} is not a consultation you are invited to`);
      const response: Resource = {
        resourceType: 'AppointmentResponse',
        appointment: { reference: `Appointment/${appointmentId}` },
        actor: { reference: participant.actor.reference },
        ...(answer.answer === 'accept'
          ? { participantStatus: 'accepted', ...(answer.option ?? {}), ...(answer.comment ? { comment: answer.comment } : {}) }
          : answer.answer === 'decline'
            ? { participantStatus: 'declined', comment: answer.reason }
            : { participantStatus: 'tentative', ...answer.time, ...(answer.comment ? { comment: answer.comment } : {}) }),
      };
      await this.fhir.create('AppointmentResponse', response, { client, actor: caller.principal, access: caller });
      const after = await this.fhir.readForUpdate('Appointment', appointmentId, { client, access: caller });
      return after ?? appointment;
    });
  }
}
