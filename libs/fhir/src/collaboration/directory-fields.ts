/**
 * The collaboration directory's codes and where each fact lives in FHIR, spelled in one place: the
 * search projection, the CSV import, the seed and the web app all read them from here. Keep codes stable.
 *
 * - Hospital units (RESH), GP offices (ENH/HER): `Organization`, typed by `ORGANIZATION_TYPE_SYSTEM`.
 * - Municipal services: `HealthcareService`, typed by {@link MUNICIPAL_SERVICE_TYPE_SYSTEM}.
 * - People: `PractitionerRole` (with its `Practitioner`'s name), at an Organization or for a HealthcareService.
 * - District: the entry's `address.district` (a Bergen bydel, {@link BERGEN_BOROUGHS}); a person's is their organisation's.
 *   A HealthcareService has no address in R4: its district is the `display` of its first `coverageArea` (the borough
 *   it serves; Bro stores no Location, so that reference carries only its display), else its providing organisation's.
 *   A hospital unit without an address of its own takes its hospital's (`partOf`).
 * - Phone: `telecom` with `system` = phone; a person's role without one shows their organisation's.
 * - Electronic address: `Endpoint` (HER id in `identifier` and `address` = `her:<id>`, the message types it
 *   accepts in `payloadType`, {@link MESSAGE_TYPE_SYSTEM}), referenced from the entry's `endpoint` (a person's role without one
 *   shows their organisation's). Only `status` = active addresses are shown.
 * - Opening hours: `availableTime` on HealthcareService and PractitionerRole; an Organization carries the
 *   same shape in the {@link OPENING_HOURS_EXTENSION} extension (R4 has no element for it).
 * - On duty for GP questions: a PractitionerRole at the hospital unit coded {@link ON_DUTY_ROLE_CODE} whose
 *   `period` covers the day (one role per duty, start and end as dateTimes).
 */
export const MUNICIPAL_SERVICE_TYPE_SYSTEM = 'urn:bro:municipal-service-type';

export enum MunicipalServiceType {
  HomeNursing = 'home-nursing',
  LowThreshold = 'low-threshold',
  EmergencyClinic = 'emergency-clinic',
  PalliativeTeam = 'palliative-team',
  Psychologist = 'psychologist',
}

export const MUNICIPAL_SERVICE_TYPE_DISPLAY: Record<MunicipalServiceType, string> = {
  [MunicipalServiceType.HomeNursing]: 'Hjemmesykepleie',
  [MunicipalServiceType.LowThreshold]: 'Lavterskeltilbud',
  [MunicipalServiceType.EmergencyClinic]: 'Legevakt',
  [MunicipalServiceType.PalliativeTeam]: 'Palliativt team',
  [MunicipalServiceType.Psychologist]: 'Kommunepsykolog',
};

/** Bergen's eight boroughs (bydeler), as `address.district` holds them. */
export const BERGEN_BOROUGHS = ['Arna', 'Bergenhus', 'Fana', 'Fyllingsdalen', 'Laksevåg', 'Ytrebygda', 'Årstad', 'Åsane'] as const;

/** `Endpoint.payloadType`: the message types an address accepts (names as in the national address register). */
export const MESSAGE_TYPE_SYSTEM = 'urn:bro:message-type';

export enum MessageType {
  Dialog = 'DIALOG_FORESPORSEL',
  Referral = 'HENVISNING',
  DischargeSummary = 'EPIKRISE',
  ServiceReport = 'PLO',
  LabResult = 'SVAR_LAB',
}

/** What each message type is, for the published CodeSystem and the web app's card. */
export const MESSAGE_TYPE_CONCEPTS: Record<MessageType, { display: string; definition: string; displayEn: string }> = {
  [MessageType.Dialog]: { display: 'Dialogmelding', definition: 'A question or answer between health personnel about a patient (dialogmelding, forespørsel og svar).', displayEn: 'Dialogue message' },
  [MessageType.Referral]: { display: 'Henvisning', definition: 'A referral to specialist or municipal health services.', displayEn: 'Referral' },
  [MessageType.DischargeSummary]: { display: 'Epikrise', definition: 'A discharge summary from a hospital or a specialist.', displayEn: 'Discharge summary' },
  [MessageType.ServiceReport]: { display: 'PLO-melding', definition: 'Messages between the municipal pleie- og omsorgstjeneste and hospitals and GPs (PLO).', displayEn: 'Care services message' },
  [MessageType.LabResult]: { display: 'Svarrapport laboratorium', definition: 'A laboratory result report.', displayEn: 'Laboratory result' },
};

/** `Endpoint.connectionType` for a HER address (messages over the national health network). */
export const HER_CONNECTION_TYPE = { system: 'urn:bro:endpoint-connection-type', code: 'her-message' } as const;

export const OPENING_HOURS_EXTENSION = 'urn:bro:extension:opening-hours';

/** `PractitionerRole.code` of who answers GPs' questions at a hospital unit, for the role's `period`. */
export const ON_DUTY_ROLE_CODE = { system: 'urn:bro:practitioner-role', code: 'gp-questions-on-duty', display: 'Vakt for fastlegespørsmål' } as const;

/**
 * What a directory entry is: one row of the search per hospital unit, GP office, municipal service
 * (HealthcareService), person in a role (PractitionerRole), or other organisation (hospital, municipality,
 * pharmacy). The `kind` filter of /api/directory/search takes these.
 */
export enum DirectoryEntryKind {
  HospitalUnit = 'hospital-unit',
  GpOffice = 'gp-office',
  MunicipalService = 'municipal-service',
  Person = 'person',
  Organization = 'organization',
}

export const DIRECTORY_ENTRY_KINDS: readonly DirectoryEntryKind[] = Object.values(DirectoryEntryKind);

/** How long a Task, Appointment or ServiceRequest between two organisations counts as "recently collaborated". */
export const RECENT_COLLABORATION_DAYS = 90;
