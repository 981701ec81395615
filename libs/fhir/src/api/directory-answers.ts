/**
 * What /api/directory/search answers with: written by the API, read by the web app's search box, cards and
 * "Involvert rundt pasienten". Plain types only, so the browser imports this file directly. Kinds and codes
 * are those of libs/fhir/src/collaboration/directory-fields.ts.
 */

/** One electronic address: the HER id on the national health network and the message types it accepts. */
export interface DirectoryAddress {
  /** `Endpoint/<id>`. */
  reference: string;
  name?: string;
  /** `her:<id>`, as the Endpoint's address holds it. */
  address: string;
  herId?: string;
  /** Codes of urn:bro:message-type (DIALOG_FORESPORSEL, HENVISNING, EPIKRISE, PLO, SVAR_LAB), with their displays when given. */
  messageTypes: Array<{ code: string; display?: string }>;
}

/** Opening hours, as R4's `availableTime` holds them (Oslo local times, hh:mm:ss). */
export interface DirectoryOpeningHours {
  daysOfWeek: Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'>;
  allDay?: boolean;
  availableStartTime?: string;
  availableEndTime?: string;
}

/** Who answers GPs' questions at a hospital unit today, when the unit has said so. */
export interface DirectoryOnDuty {
  /** `PractitionerRole/<id>` of the duty. */
  reference: string;
  name: string;
  phone?: string;
  /** When the duty starts and ends (ISO instants). */
  start: string;
  end: string;
}

/** Why an entry is listed "for this patient": the part it has in the patient's care. */
export type DirectoryInvolvement =
  | 'general-practitioner'
  | 'task-requester'
  | 'task-owner'
  | 'encounter-service-provider'
  | 'encounter-participant'
  | 'appointment-participant'
  | 'service-request-requester'
  | 'service-request-performer'
  | 'episode-managing-organization'
  | 'episode-care-manager';

export interface DirectoryEntry {
  /** `Organization/<id>`, `HealthcareService/<id>` or `PractitionerRole/<id>`. */
  reference: string;
  /** hospital-unit, gp-office, municipal-service, person, organization. */
  kind: string;
  name: string;
  /** What it is, as people read it: "Sykehusavdeling", "Hjemmesykepleie", "Fastlege". */
  type?: string;
  /** The organisation it belongs to: a unit's hospital, a service's provider, a person's office or unit. */
  organization?: { reference: string; display?: string };
  district?: string;
  phone?: string;
  addresses: DirectoryAddress[];
  openingHours: DirectoryOpeningHours[];
  /** A hospital unit only: who is on duty for GPs' questions today, when known. */
  onDuty?: DirectoryOnDuty;
  /** Why it ranks where it does: the caller's district, a Task, Appointment or ServiceRequest with it in the last 90 days. */
  sameDistrict: boolean;
  recentlyCollaborated: boolean;
  /** "For this patient" only: the parts it has in the patient's care. */
  involvement?: DirectoryInvolvement[];
}

export interface DirectorySearchPage {
  entries: DirectoryEntry[];
  page: number;
  pageSize: number;
  /** Whether a next page has more. */
  more: boolean;
}
