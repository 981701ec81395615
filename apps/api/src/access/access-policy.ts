import { BroRole, CLINICAL_ROLES, Principal } from '../auth/principal';
import { ActorScope } from '../directory/actor-scope';
import { DomainError } from '../common/errors/domain-error';
import { SqlParams } from '../fhir/search/search-sql.builder';
import { ScopeLetter, scopesGrant } from './smart-scopes';
import { ownedSubscriptionsSql } from './subscription-ownership';

/** What a resource type holds, which decides who may see it at all. */
export type ResourceClass = 'directory' | 'availability' | 'patient' | 'audit' | 'subscription';

export const RESOURCE_CLASS: Record<string, ResourceClass> = {
  Practitioner: 'directory',
  PractitionerRole: 'directory',
  Organization: 'directory',
  HealthcareService: 'directory',
  Endpoint: 'directory',
  CodeSystem: 'directory',
  // Consultation calendars: no patient data, so every clinician reads them; whose they are decides who writes them.
  Schedule: 'availability',
  Slot: 'availability',
  Patient: 'patient',
  Encounter: 'patient',
  EpisodeOfCare: 'patient',
  Task: 'patient',
  ServiceRequest: 'patient',
  Appointment: 'patient',
  AppointmentResponse: 'patient',
  MedicationStatement: 'patient',
  Communication: 'patient',
  // A revolving-door Flag says something about the patient: whoever sees the patient sees it, no one else.
  Flag: 'patient',
  AuditEvent: 'audit',
  // Where change notifications go: set up by systems and operators, not by clinicians.
  Subscription: 'subscription',
};

export type Interaction = 'read' | 'search' | 'history' | 'create' | 'update' | 'delete';

const LETTER: Record<Interaction, ScopeLetter> = { read: 'r', search: 's', history: 'r', create: 'c', update: 'u', delete: 'd' };
const WRITES: Interaction[] = ['create', 'update', 'delete'];

/**
 * Who may do what to which class of resource, by role. System clients are held to their scopes on
 * top of this. Patient-level access is further narrowed to the caller's patients by {@link visiblePatientsSql}.
 */
const ALL: Interaction[] = ['read', 'search', 'history', 'create', 'update', 'delete'];

/**
 * `availability` (Schedule, Slot): a GP keeps their own calendar and a coordinator their unit's doctors';
 * whose calendar a write touches is checked by the consultations' write rule (the Schedule's actor).
 */
const ROLE_RULES: Record<BroRole, Partial<Record<ResourceClass, Interaction[]>>> = {
  gp: { directory: ['read', 'search'], availability: ALL, patient: ALL },
  coordinator: { directory: ['read', 'search'], availability: ALL, patient: ALL },
  lowthreshold: { directory: ['read', 'search'], availability: ['read', 'search'], patient: ALL },
  // Aggregates only: the quality team reads the board and the dashboard, never a patient-level resource.
  quality: { directory: ['read', 'search'], availability: ['read', 'search'] },
  privacy: { directory: ['read', 'search'], audit: ['read', 'search'] },
  admin: { directory: ALL, availability: ALL, subscription: ALL },
  system: {
    directory: ['read', 'search', 'history', 'create', 'update', 'delete'],
    availability: ALL,
    patient: ['read', 'search', 'history', 'create', 'update', 'delete'],
    subscription: ['read', 'search', 'history', 'create', 'update', 'delete'],
  },
};

/**
 * The participant references a caller takes part in a consultation as: what they act for, and the
 * PractitionerRoles held at their organisations (a GP office sees its GPs' consultations). Uncorrelated,
 * so PostgreSQL computes it once per query.
 */
function participatingAs(refs: string): string {
  return `(${refs} || ARRAY(SELECT 'PractitionerRole/' || id FROM fhir_practitioner_role WHERE sp_organization = ANY(${refs})))`;
}

/** `Appointment.serviceType` of a joint discharge consultation, as its token column holds it. */
const JOINT_CONSULTATION_TOKEN = `'sv:urn:bro:consultation-service-type|joint-discharge-consultation'`;

/**
 * Appointments the caller may see. A joint consultation only by its participants (and their offices) and
 * the unit that planned it: a patient's other GP or another unit seeing that patient does not see it.
 * Any other Appointment also by whoever sees one of its patients.
 */
function appointmentsSql(refs: string, patients: string): string {
  return `(sp_actor && ${participatingAs(refs)} OR sp_planning_unit = ANY(${refs})
    OR (NOT coalesce(sp_service_type @> ARRAY[${JOINT_CONSULTATION_TOKEN}], false) AND sp_actor && ARRAY(${patients})))`;
}

/** `Task.code` of a low-threshold triage Task (urn:bro:task-kind), as its token column holds it. */
const TRIAGE_TASK_TOKEN = `'sv:urn:bro:task-kind|lowthreshold-triage'`;

/**
 * The low-threshold cases of the services the caller works for: the one thing their access grows from. A
 * case Bro called off (the patient objected to contact, the referral was entered in error) leaves their view.
 */
function triageCasesSql(refs: string, column: string): string {
  return `SELECT ${column} FROM fhir_task WHERE ${triageCaseSql(refs)}`;
}

/** A Task row that is one of those cases. */
function triageCaseSql(refs: string): string {
  return `sp_owner = ANY(${refs}) AND sp_code @> ARRAY[${TRIAGE_TASK_TOKEN}] AND sp_status NOT IN ('cancelled', 'entered-in-error')`;
}

/**
 * The patients a clinician has a work-related need to see ("tjenstlig behov"), as SQL yielding
 * `Patient/<id>` references; `refs` is the bound array of what the caller acts for.
 * - GP: patients on their (or their office's) list, and patients of tasks, referrals and consultations involving them;
 * - hospital coordinator: patients with a stay, a hand-over or a consultation in their unit;
 * - low-threshold staff: patients of their service's low-threshold cases (nothing when the patient objected: no case).
 */
function visiblePatientsSql(role: BroRole, refs: string): string {
  switch (role) {
    case 'gp':
      return `SELECT 'Patient/' || id FROM fhir_patient WHERE sp_general_practitioner && ${refs}
        UNION ALL SELECT sp_subject FROM fhir_task WHERE sp_owner = ANY(${refs})
        UNION ALL SELECT sp_subject FROM fhir_service_request WHERE sp_requester = ANY(${refs}) OR sp_performer && ${refs}
        UNION ALL SELECT unnest(sp_actor) FROM fhir_appointment WHERE sp_actor && ${participatingAs(refs)}`;
    case 'coordinator':
      return `SELECT sp_subject FROM fhir_encounter WHERE sp_service_provider = ANY(${refs}) OR sp_practitioner && ${refs}
        UNION ALL SELECT sp_subject FROM fhir_task WHERE sp_requester = ANY(${refs}) OR sp_owner = ANY(${refs})
        UNION ALL SELECT sp_subject FROM fhir_service_request WHERE sp_requester = ANY(${refs}) OR sp_performer && ${refs}
        UNION ALL SELECT unnest(sp_actor) FROM fhir_appointment WHERE sp_actor && ${participatingAs(refs)} OR sp_planning_unit = ANY(${refs})`;
    case 'lowthreshold':
      return triageCasesSql(refs, 'sp_subject');
    default:
      return `SELECT NULL::text WHERE FALSE`;
  }
}

/** Per patient-level type: rows the caller takes part in directly, or that belong to one of their patients. */
const PATIENT_LEVEL_PREDICATES: Record<string, (refs: string, patients: string) => string> = {
  // By primary key: the visible references are turned into ids, not every id into a reference.
  Patient: (_refs, patients) => `id IN (SELECT substr(ref, 9) FROM (${patients}) AS visible(ref) WHERE ref LIKE 'Patient/%')`,
  Task: (refs, patients) => `(sp_owner = ANY(${refs}) OR sp_requester = ANY(${refs}) OR sp_subject IN (${patients}))`,
  Encounter: (refs, patients) => `(sp_service_provider = ANY(${refs}) OR sp_practitioner && ${refs} OR sp_subject IN (${patients}))`,
  ServiceRequest: (refs, patients) => `(sp_requester = ANY(${refs}) OR sp_performer && ${refs} OR sp_subject IN (${patients}))`,
  Appointment: appointmentsSql,
  // An answer is seen by whoever sees the Appointment it answers.
  AppointmentResponse: (refs, patients) => `sp_appointment IN (SELECT 'Appointment/' || id FROM fhir_appointment WHERE ${appointmentsSql(refs, patients)})`,
  MedicationStatement: (_refs, patients) => `sp_subject IN (${patients})`,
  // A multidose episode: its responsible doctor and their office, and whoever sees the patient.
  EpisodeOfCare: (refs, patients) => `(sp_care_manager = ANY(${refs}) OR sp_organization = ANY(${refs}) OR sp_patient IN (${patients}))`,
  Communication: (refs, patients) => `(sp_sender = ANY(${refs}) OR sp_recipient && ${refs} OR sp_subject IN (${patients}))`,
  Flag: (_refs, patients) => `sp_subject IN (${patients})`,
};

/**
 * Where a role's need is narrower than "everything about their patients" (a table per role, complete:
 * a type it leaves out, that role never sees). Low-threshold staff see their
 * service's cases, the rejected referral each case is based on (its Task and ServiceRequest), those
 * patients and what they themselves sent or received, and nothing else of the patient's record. A hospital
 * unit sees a patient's low-threshold case only if it is a party to it (it is not: the case is the
 * municipality's), whatever else it sees of the patient.
 */
const ROLE_PREDICATES: Partial<Record<BroRole, Record<string, (refs: string, patients: string) => string>>> = {
  lowthreshold: {
    Patient: PATIENT_LEVEL_PREDICATES.Patient,
    // The cases themselves by their own columns (a claim or an outcome reads one case: answered from its row,
    // without first listing every case of the service), and by primary key the referral Task each is based on.
    Task: (refs) =>
      `((${triageCaseSql(refs)}) OR id IN (SELECT substr(ref, 6) FROM (${triageCasesSql(refs, 'unnest(sp_based_on)')}) AS based(ref) WHERE ref LIKE 'Task/%'))`,
    ServiceRequest: (refs) => `'ServiceRequest/' || id IN (${triageCasesSql(refs, 'sp_focus')})`,
    Communication: (refs) => `(sp_sender = ANY(${refs}) OR sp_recipient && ${refs})`,
  },
  coordinator: {
    ...PATIENT_LEVEL_PREDICATES,
    Task: (refs, patients) => `(sp_owner = ANY(${refs}) OR sp_requester = ANY(${refs}) OR (sp_subject IN (${patients}) AND NOT coalesce(sp_code @> ARRAY[${TRIAGE_TASK_TOKEN}], false)))`,
    // A patient's multidose episode only while they are in one of the unit's beds (the pharmacy's packing is paused then).
    EpisodeOfCare: (refs) =>
      `sp_patient IN (SELECT sp_subject FROM fhir_encounter WHERE (sp_service_provider = ANY(${refs}) OR sp_practitioner && ${refs}) AND sp_status IN ('arrived', 'triaged', 'in-progress', 'onleave'))`,
  },
};

/** `Communication.category` of an e-prescription event (urn:bro:eresept-message), as its token column starts. */
const ERESEPT_TOKEN_PREFIX = `'sv:urn:bro:eresept-message|'`;

/**
 * A pharmacy's system client sees the multidose episodes of its own pharmacy (by HER id), those patients,
 * and the e-prescription events about them; nothing else of anyone's record. `hers` is the bound array of
 * its pharmacies' HER ids.
 */
const PHARMACY_PREDICATES: Record<string, (hers: string) => string> = {
  EpisodeOfCare: (hers) => `sp_pharmacy = ANY(${hers})`,
  Patient: (hers) => `id IN (SELECT substr(sp_patient, 9) FROM fhir_episode_of_care WHERE sp_pharmacy = ANY(${hers}) AND sp_patient LIKE 'Patient/%')`,
  Communication: (hers) =>
    `(sp_subject IN (SELECT sp_patient FROM fhir_episode_of_care WHERE sp_pharmacy = ANY(${hers})) AND EXISTS (SELECT 1 FROM unnest(sp_category) AS category WHERE starts_with(category, ${ERESEPT_TOKEN_PREFIX})))`,
};

/**
 * One caller's access, decided in one place for every path (FHIR, /api, messages, exports):
 * may they do this interaction on this type at all (403 when not), and which rows may they see
 * (an SQL condition, so searches are filtered in the database and totals stay true).
 *
 * Emergency access never widens {@link visibleSql}: writes, links and conditional matches keep to the
 * care relationship, so nothing done under emergency access outlives the request. Only reads widen,
 * through {@link forEmergencyPatient} (a search naming one patient) and {@link mayReadAnyOneResource}.
 */
export class AccessPolicy {
  constructor(
    readonly principal: Principal,
    /** What the caller acts for in the directory: whose owner or requester they are. */
    readonly scope: ActorScope,
    /** Under emergency access: the one patient (`Patient/<id>`) this request's reads are opened to. */
    private readonly emergencyPatient?: string,
  ) {}

  get role(): BroRole {
    return this.principal.role;
  }

  /** Emergency access (nødrett) in force for this request: a clinician who gave a reason. */
  get emergency(): boolean {
    return Boolean(this.principal.emergencyAccessReason) && CLINICAL_ROLES.includes(this.role);
  }

  /** Whether the caller sees every row of patient-level types (system clients): no narrowing, so no hidden rows. */
  get seesAllPatients(): boolean {
    return this.role === 'system' && !this.pharmacy;
  }

  /** A pharmacy's system client: narrowed to its own pharmacy's multidose patients. */
  get pharmacy(): boolean {
    return this.role === 'system' && (this.scope.pharmacyHerIds?.length ?? 0) > 0;
  }

  /**
   * The same caller, with reads also opened to one named patient: what emergency access grants a
   * search that names that patient. Undefined without emergency access in force.
   */
  forEmergencyPatient(patientReference: string): AccessPolicy | undefined {
    if (!this.emergency) return undefined;
    return new AccessPolicy(this.principal, this.scope, patientReference);
  }

  /** A read of one resource by id (read, vread, instance history) under emergency access opens that resource only. */
  mayReadAnyOneResource(resourceType: string): boolean {
    return this.emergency && RESOURCE_CLASS[resourceType] === 'patient';
  }

  classOf(resourceType: string): ResourceClass {
    const found = RESOURCE_CLASS[resourceType];
    if (!found) throw new Error(`no access class declared for ${resourceType}`);
    return found;
  }

  /** Whether the caller's role (and, for a system client, its scopes) allows the interaction on the type. */
  may(resourceType: string, interaction: Interaction): boolean {
    const resourceClass = RESOURCE_CLASS[resourceType];
    if (!resourceClass || !(ROLE_RULES[this.role]?.[resourceClass] ?? []).includes(interaction)) return false;
    return this.role !== 'system' || scopesGrant(this.principal.scopes, resourceType, LETTER[interaction]);
  }

  /** 403 unless the caller's role (and, for a system client, its scopes) allows the interaction on the type. */
  assertMay(resourceType: string, interaction: Interaction): void {
    const resourceClass = this.classOf(resourceType);
    const allowed = ROLE_RULES[this.role]?.[resourceClass] ?? [];
    if (!allowed.includes(interaction)) {
      if (resourceClass === 'audit' && WRITES.includes(interaction)) throw DomainError.forbidden('audit events are written by Bro and never changed or deleted');
      throw DomainError.forbidden(`a ${this.role} user may not ${interaction} ${resourceType} resources`);
    }
    if (this.role === 'system' && !scopesGrant(this.principal.scopes, resourceType, LETTER[interaction])) {
      throw DomainError.forbidden(`this client's scopes do not grant ${interaction} on ${resourceType} (system/${resourceType}.${LETTER[interaction]})`);
    }
  }

  /** The SQL condition rows of `resourceType` the caller may see satisfy ('TRUE' when not narrowed). */
  visibleSql(resourceType: string, params: SqlParams): string {
    const resourceClass = this.classOf(resourceType);
    // A Subscription is its creator's alone, whatever their role: others find nothing, as if it did not exist.
    if (resourceClass === 'subscription') return ownedSubscriptionsSql(this.principal, params);
    if (resourceClass !== 'patient') return 'TRUE';
    if (this.pharmacy) {
      const predicate = PHARMACY_PREDICATES[resourceType];
      return predicate ? predicate(`${params.add(this.scope.pharmacyHerIds)}::text[]`) : 'FALSE';
    }
    if (this.role === 'system') return 'TRUE';
    // A type missing from a role's own table is one that role never sees.
    const predicate = (ROLE_PREDICATES[this.role] ?? PATIENT_LEVEL_PREDICATES)[resourceType];
    if (!predicate || !CLINICAL_ROLES.includes(this.role)) return 'FALSE';
    const refs = `${params.add([...this.scope.actsFor])}::text[]`;
    const patients = visiblePatientsSql(this.role, refs);
    if (!this.emergencyPatient) return predicate(refs, patients);
    return predicate(refs, `${patients} UNION ALL SELECT ${params.add(this.emergencyPatient)}::text`);
  }
}

/**
 * Which boards a role may watch. Boards are aggregates with small counts suppressed, so everyone
 * signed in may watch the whole municipality's; a hospital's or a GP office's board is for the
 * people working there (`own`), and for the quality team and administrators (`any`). System clients
 * have no board.
 */
export type BoardAccess = 'any' | 'own' | 'municipality' | 'none';

export const BOARD_ACCESS: Record<BroRole, BoardAccess> = {
  gp: 'own',
  coordinator: 'own',
  lowthreshold: 'municipality',
  quality: 'any',
  privacy: 'municipality',
  admin: 'any',
  system: 'none',
};

/** The quality dashboard and its CSV export: aggregates for the quality team, and administrators. */
export const QUALITY_DASHBOARD_ROLES: readonly BroRole[] = ['quality', 'admin'];

/**
 * Who sends discharge hand-overs: the hospital side (a discharge coordinator, the hospital's system). A
 * hand-over establishes the care relationship, so they may also look up, by a complete and valid
 * fødselsnummer or D-nummer, who the patient is and whose inbox the hand-over will reach before sending
 * it (audited): no more than sending it would tell them, without writing anything.
 */
export const HANDOVER_SENDER_ROLES: readonly BroRole[] = ['coordinator', 'system'];
