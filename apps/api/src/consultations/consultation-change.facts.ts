import {
  AppointmentResponseAnswer,
  cancellationReasonOf,
  consultationRoleOf,
  optionsProposedAt,
  participantsOf,
  planningUnitOf,
  Resource,
  timeOptionsOf,
} from '@app/fhir';
import { ConsultationAnswerFacts, ConsultationChangeFacts } from './consultation-event';
import { consultationFields } from './consultation-fields';

type Extensible = Parameters<typeof optionsProposedAt>[0] & Parameters<typeof planningUnitOf>[0];

const stringOrNull = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * What a version of a joint consultation changed, for the handlers (notifications, reminders), read
 * from the two versions: no patient identifiers, only the participants' directory references.
 */
export function consultationChangeFacts(next: Resource, previous: Resource | undefined): ConsultationChangeFacts {
  const reason = next.status === 'cancelled' ? cancellationReasonOf(next.cancelationReason as Parameters<typeof cancellationReasonOf>[0]) : undefined;
  const reasonText = (next.cancelationReason as { text?: string } | undefined)?.text;
  const place = (resource: Resource | undefined) => JSON.stringify([resource?.description ?? null, resource?.patientInstruction ?? null]);
  return {
    from: previous ? String(previous.status) : null,
    to: String(next.status),
    coordinator: planningUnitOf(next as Extensible) ?? null,
    participants: participantsOf(consultationFields(next))
      .filter((participant) => participant.actor?.reference)
      .map((participant) => ({
        actor: participant.actor!.reference!,
        role: consultationRoleOf(participant) ?? null,
        status: participant.status,
        required: participant.required ?? null,
      })),
    optionsProposed: !previous || optionsProposedAt(next as Extensible) !== optionsProposedAt(previous as Extensible),
    options: timeOptionsOf(consultationFields(next)).map(({ start, end }) => ({ start, end })),
    start: stringOrNull(next.start),
    end: stringOrNull(next.end),
    previousStart: previous ? stringOrNull(previous.start) : null,
    placeChanged: previous !== undefined && place(next) !== place(previous),
    cancellationReason: reason ? { code: reason.code, display: reason.display, text: reason.code === 'other' ? (reasonText ?? null) : null } : null,
  };
}

/** What one answer says, for the planning unit's notification. */
export function consultationAnswerFacts(answer: AppointmentResponseAnswer, appointment: Resource): ConsultationAnswerFacts {
  const actor = answer.actor?.reference ?? '';
  const participant = participantsOf(consultationFields(appointment)).find((candidate) => candidate.actor?.reference === actor);
  return {
    appointment: `Appointment/${appointment.id}`,
    actor,
    role: participant ? (consultationRoleOf(participant) ?? null) : null,
    participantStatus: answer.participantStatus,
    coordinator: planningUnitOf(appointment as Extensible) ?? null,
    start: answer.start ?? null,
    end: answer.end ?? null,
  };
}
