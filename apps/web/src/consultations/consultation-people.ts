import type { ConsultationParticipantSummary, ConsultationSummary } from '@app/fhir/api/consultation-answers';
import { CONSULTATION_ROLES, isConsultationRole } from '@app/fhir/consultations';
import { Language } from '../i18n/dictionary';

/** A participant's role in the user's language, from the shared code system. */
export function roleLabel(role: string | undefined, language: Language): string {
  if (!isConsultationRole(role)) return role ?? '';
  return language === 'en' ? CONSULTATION_ROLES[role].displayEn : CONSULTATION_ROLES[role].display;
}

export function participantWithRole(consultation: ConsultationSummary, role: string): ConsultationParticipantSummary | undefined {
  return consultation.participants.find((participant) => participant.role === role);
}

/** Who a participant is, by name where the API gave one, else by their role. */
export function participantName(participant: ConsultationParticipantSummary | undefined, language: Language): string {
  if (!participant) return '';
  return participant.display ?? roleLabel(participant.role, language);
}
