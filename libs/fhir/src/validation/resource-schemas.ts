/**
 * The resource types this validator knows, each with its R4 elements (DomainResource's are
 * added when the schemas are compiled). One file per resource or resource pair under ./schemas.
 */
import { ElementSpecs } from './element-schema';
import { APPOINTMENT } from './schemas/appointment.schema';
import { APPOINTMENT_RESPONSE } from './schemas/appointment-response.schema';
import { AUDIT_EVENT } from './schemas/audit-event.schema';
import { CODE_SYSTEM } from './schemas/code-system.schema';
import { COMMUNICATION } from './schemas/communication.schema';
import { ENCOUNTER } from './schemas/encounter.schema';
import { ENDPOINT } from './schemas/endpoint.schema';
import { EPISODE_OF_CARE } from './schemas/episode-of-care.schema';
import { FLAG } from './schemas/flag.schema';
import { MEDICATION_STATEMENT } from './schemas/medication-statement.schema';
import { HEALTHCARE_SERVICE, ORGANIZATION } from './schemas/organization.schema';
import { PATIENT } from './schemas/patient.schema';
import { PRACTITIONER, PRACTITIONER_ROLE } from './schemas/practitioner.schema';
import { SCHEDULE, SLOT } from './schemas/schedule.schema';
import { SERVICE_REQUEST } from './schemas/service-request.schema';
import { SUBSCRIPTION } from './schemas/subscription.schema';
import { TASK } from './schemas/task.schema';

export const RESOURCE_SCHEMAS = {
  Patient: PATIENT,
  Practitioner: PRACTITIONER,
  PractitionerRole: PRACTITIONER_ROLE,
  Organization: ORGANIZATION,
  HealthcareService: HEALTHCARE_SERVICE,
  Endpoint: ENDPOINT,
  Encounter: ENCOUNTER,
  EpisodeOfCare: EPISODE_OF_CARE,
  Task: TASK,
  ServiceRequest: SERVICE_REQUEST,
  Appointment: APPOINTMENT,
  AppointmentResponse: APPOINTMENT_RESPONSE,
  Schedule: SCHEDULE,
  Slot: SLOT,
  MedicationStatement: MEDICATION_STATEMENT,
  Communication: COMMUNICATION,
  Flag: FLAG,
  Subscription: SUBSCRIPTION,
  AuditEvent: AUDIT_EVENT,
  CodeSystem: CODE_SYSTEM,
} as const satisfies Record<string, ElementSpecs>;

export type ValidatedResourceType = keyof typeof RESOURCE_SCHEMAS;

export const VALIDATED_RESOURCE_TYPES = Object.keys(RESOURCE_SCHEMAS) as readonly ValidatedResourceType[];
