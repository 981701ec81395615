import {
  AppointmentResponseAnswer,
  Resource,
  consultationRoleOf,
  optionIndexOf,
  participantsOf,
  timeOptionsOf,
} from '@app/fhir';
import { ConsultationAnswerSummary, ConsultationSummary } from '@app/fhir/api/consultation-answers';

const referenceOf = (value: unknown): string | undefined => (value && typeof value === 'object' ? ((value as { reference?: unknown }).reference as string | undefined) : undefined);

/** The consultation's patient (`Patient/<id>`): the participant in the patient role. */
export function patientOfConsultation(appointment: Resource): string | undefined {
  return participantsOf(appointment as { participant?: unknown })
    .map((participant) => referenceOf(participant.actor))
    .find((reference) => reference?.startsWith('Patient/'));
}

/** What the coordinator must read: declines and other times proposed (plain yeses show as the participant's status). */
function answersToRead(appointment: Resource, responses: readonly AppointmentResponseAnswer[]): ConsultationAnswerSummary[] {
  const options = timeOptionsOf(appointment as { requestedPeriod?: unknown });
  return responses
    .filter((response) => response.participantStatus === 'declined' || response.participantStatus === 'tentative' || (response.participantStatus === 'accepted' && response.start !== undefined && optionIndexOf(options, response) < 0))
    .map((response) => ({
      actor: referenceOf(response.actor) ?? '',
      status: response.participantStatus,
      ...(response.start && response.end && response.participantStatus !== 'declined' ? { proposed: { start: response.start, end: response.end } } : {}),
      ...(response.comment ? { comment: response.comment } : {}),
      ...(response.meta?.lastUpdated ? { answeredAt: response.meta.lastUpdated } : {}),
    }));
}

/** A consultation as the web app lists it, for a caller acting for `actsFor`. */
export function summarizeConsultation(
  appointment: Resource,
  context: { actsFor: ReadonlySet<string>; patient?: { id: string; name?: string; birthDate?: string }; responses?: readonly AppointmentResponseAnswer[]; displays?: ReadonlyMap<string, string> },
): ConsultationSummary {
  const participants = participantsOf(appointment as { participant?: unknown });
  const links = Array.isArray(appointment.supportingInformation) ? appointment.supportingInformation.map(referenceOf) : [];
  const mine = participants.find((participant) => context.actsFor.has(referenceOf(participant.actor) ?? ''));
  const start = appointment.start as string | undefined;
  const end = appointment.end as string | undefined;
  return {
    id: appointment.id!,
    version: Number(appointment.meta?.versionId ?? 1),
    status: String(appointment.status),
    ...(context.patient ? { patient: context.patient } : {}),
    encounterId: links.find((link) => link?.startsWith('Encounter/'))?.slice('Encounter/'.length),
    taskIds: links.filter((link): link is string => link?.startsWith('Task/') === true).map((link) => link.slice('Task/'.length)),
    ...(typeof appointment.minutesDuration === 'number' ? { minutesDuration: appointment.minutesDuration } : {}),
    options: timeOptionsOf(appointment as { requestedPeriod?: unknown }),
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
    ...(typeof appointment.description === 'string' ? { description: appointment.description } : {}),
    participants: participants.map((participant) => {
      const reference = referenceOf(participant.actor);
      return {
        role: consultationRoleOf(participant),
        reference,
        display: (participant.actor as { display?: string } | undefined)?.display ?? (reference ? context.displays?.get(reference) : undefined),
        required: participant.required ?? 'required',
        status: participant.status,
      };
    }),
    ...(mine ? { myStatus: mine.status } : {}),
    answers: answersToRead(appointment, context.responses ?? []),
    ...(typeof appointment.comment === 'string' ? { comment: appointment.comment } : {}),
    lastUpdated: String(appointment.meta?.lastUpdated ?? ''),
  };
}
