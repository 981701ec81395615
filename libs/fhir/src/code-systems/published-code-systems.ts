import { Resource } from '../fhir-types';
import { BRO_CANCELLATION_REASON_SYSTEM, CANCELLATION_REASONS } from '../consultations/consultation-cancellation-reason';
import { CONSULTATION_OUTCOMES, CONSULTATION_OUTCOME_SYSTEM } from '../consultations/consultation-outcome';
import { CONSULTATION_ROLES, CONSULTATION_ROLE_SYSTEM } from '../consultations/consultation-participant-role';
import { CONSULTATION_SERVICE_TYPES, CONSULTATION_SERVICE_TYPE_SYSTEM } from '../consultations/consultation-service-type';
import { REJECTION_REASONS, REJECTION_REASON_SYSTEM } from '../referrals/referral-rejection-reason';
import { CONTACT_ATTEMPT_RESULTS, CONTACT_ATTEMPT_RESULT_SYSTEM, TRIAGE_OUTCOMES, TRIAGE_OUTCOME_SYSTEM } from '../referrals/triage-outcome';
import { MESSAGE_EVENTS, MESSAGE_EVENT_SYSTEM } from '../messaging/message-events';
import { CONTEST_REASONS, CONTEST_REASON_SYSTEM } from '../transfers/contest-reason';
import { TASK_CATEGORIES, TASK_CATEGORY_SYSTEM } from '../transfers/task-category';
import { TASK_KINDS, TASK_KIND_SYSTEM } from '../workflows/task-kind';
import { HER_CONNECTION_TYPE, MESSAGE_TYPE_CONCEPTS, MESSAGE_TYPE_SYSTEM, MUNICIPAL_SERVICE_TYPE_DISPLAY, MUNICIPAL_SERVICE_TYPE_SYSTEM } from '../collaboration/directory-fields';

interface Concept {
  code: string;
  display: string;
  definition: string;
  displayEn?: string;
}

function codeSystem(id: string, url: string, name: string, title: string, description: string, concepts: Concept[]): Resource {
  return {
    resourceType: 'CodeSystem',
    id,
    url,
    version: '1',
    name,
    title,
    status: 'active',
    experimental: false,
    publisher: 'Bro',
    description,
    caseSensitive: true,
    content: 'complete',
    count: concepts.length,
    concept: concepts.map(({ code, display, definition, displayEn }) => ({
      code,
      display,
      definition,
      ...(displayEn ? { designation: [{ language: 'en', value: displayEn }] } : {}),
    })),
  };
}

/** The CodeSystems Bro defines, served read-only at /fhir/R4/CodeSystem so senders can validate against them. */
export const PUBLISHED_CODE_SYSTEMS: Resource[] = [
  codeSystem(
    'task-kind',
    TASK_KIND_SYSTEM,
    'BroTaskKind',
    'Oppgavetyper',
    "Which workflow a Task belongs to (a coding of Task.code): each workflow's rules, notifications and figures take only their own kind.",
    Object.entries(TASK_KINDS).map(([code, kind]) => ({ code, ...kind })),
  ),
  codeSystem(
    'task-category',
    TASK_CATEGORY_SYSTEM,
    'BroTaskCategory',
    'Kategorier for oppgaveoverføring',
    'Categories of tasks transferred from hospital to GP at discharge (Task.businessStatus).',
    Object.values(TASK_CATEGORIES),
  ),
  codeSystem(
    'contest-reason',
    CONTEST_REASON_SYSTEM,
    'BroContestReason',
    'Årsaker til bestridt oppgave',
    'Why a GP contests a transferred task (Task.statusReason).',
    Object.entries(CONTEST_REASONS).map(([code, reason]) => ({ code, ...reason })),
  ),
  codeSystem(
    'message-event',
    MESSAGE_EVENT_SYSTEM,
    'BroMessageEvent',
    'Meldingshendelser',
    'FHIR messaging events Bro processes at $process-message (MessageHeader.eventCoding).',
    Object.entries(MESSAGE_EVENTS).map(([code, event]) => ({ code, ...event })),
  ),
  codeSystem(
    'consultation-service-type',
    CONSULTATION_SERVICE_TYPE_SYSTEM,
    'BroConsultationServiceType',
    'Konsultasjonstyper',
    "What kind of meeting an Appointment is (Appointment.serviceType): Bro's consultation rules take only their own type.",
    Object.entries(CONSULTATION_SERVICE_TYPES).map(([code, type]) => ({ code, ...type })),
  ),
  codeSystem(
    'consultation-role',
    CONSULTATION_ROLE_SYSTEM,
    'BroConsultationRole',
    'Roller i felleskonsultasjon',
    'Who a participant of a joint consultation is (Appointment.participant.type), beside HL7 v3 ParticipationType where one fits.',
    Object.entries(CONSULTATION_ROLES).map(([code, { display, displayEn, definition }]) => ({ code, display, displayEn, definition })),
  ),
  codeSystem(
    'consultation-cancellation-reason',
    BRO_CANCELLATION_REASON_SYSTEM,
    'BroConsultationCancellationReason',
    'Årsaker til avlyst felleskonsultasjon',
    "Why a joint consultation was called off (Appointment.cancelationReason), where HL7's appointment-cancellation-reason has no code.",
    CANCELLATION_REASONS.filter((reason) => reason.system === BRO_CANCELLATION_REASON_SYSTEM).map(({ code, display, displayEn, definition }) => ({ code, display, displayEn, definition })),
  ),
  codeSystem(
    'consultation-outcome',
    CONSULTATION_OUTCOME_SYSTEM,
    'BroConsultationOutcome',
    'Utfall av felleskonsultasjon',
    'What a joint consultation agreed for each hand-over Task of the discharge (Task.statusReason).',
    Object.entries(CONSULTATION_OUTCOMES).map(([code, { display, displayEn, definition }]) => ({ code, display, displayEn, definition })),
  ),
  codeSystem(
    'referral-rejection-reason',
    REJECTION_REASON_SYSTEM,
    'BroReferralRejectionReason',
    'Årsaker til avslått henvisning',
    "Why a hospital rejected a referral (the referral Task's statusReason); routing rules to the low-threshold service go by these.",
    Object.entries(REJECTION_REASONS).map(([code, { display, displayEn, definition }]) => ({ code, display, displayEn, definition })),
  ),
  codeSystem(
    'lowthreshold-outcome',
    TRIAGE_OUTCOME_SYSTEM,
    'BroLowThresholdOutcome',
    'Utfall i lavterskeltilbudet',
    "What the low-threshold service's triage of a rejected referral came to (the triage Task's output).",
    Object.entries(TRIAGE_OUTCOMES).map(([code, { display, displayEn, definition }]) => ({ code, display, displayEn, definition })),
  ),
  codeSystem(
    'contact-attempt-result',
    CONTACT_ATTEMPT_RESULT_SYSTEM,
    'BroContactAttemptResult',
    'Resultat av kontaktforsøk',
    'How one attempt to contact a patient went (a Task.note of a low-threshold triage Task).',
    Object.entries(CONTACT_ATTEMPT_RESULTS).map(([code, { display, displayEn }]) => ({ code, display, displayEn, definition: displayEn })),
  ),
  codeSystem(
    'municipal-service-type',
    MUNICIPAL_SERVICE_TYPE_SYSTEM,
    'BroMunicipalServiceType',
    'Kommunale tjenester',
    "The kind of municipal service a directory entry is (HealthcareService.type): the directory's serviceType filter takes these.",
    Object.entries(MUNICIPAL_SERVICE_TYPE_DISPLAY).map(([code, display]) => ({ code, display, definition: `The municipality's ${display.toLowerCase()} service.` })),
  ),
  codeSystem(
    'message-type',
    MESSAGE_TYPE_SYSTEM,
    'BroMessageType',
    'Meldingstyper',
    'The message types an electronic address accepts (Endpoint.payloadType), named as in the national address register.',
    Object.entries(MESSAGE_TYPE_CONCEPTS).map(([code, concept]) => ({ code, ...concept })),
  ),
  codeSystem(
    'endpoint-connection-type',
    HER_CONNECTION_TYPE.system,
    'BroEndpointConnectionType',
    'Adressetyper',
    'How an electronic address is reached (Endpoint.connectionType).',
    [{ code: HER_CONNECTION_TYPE.code, display: 'HER-adresse', definition: 'Messages over the national health network to a HER id (address her:<id>).', displayEn: 'HER address' }],
  ),
];
