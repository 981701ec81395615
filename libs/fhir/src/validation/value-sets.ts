/** R4 value sets with a required binding that more than one resource or datatype uses. */

/** http://hl7.org/fhir/ValueSet/administrative-gender */
export const ADMINISTRATIVE_GENDER = ['male', 'female', 'other', 'unknown'] as const;

/** http://hl7.org/fhir/ValueSet/request-priority */
export const REQUEST_PRIORITY = ['routine', 'urgent', 'asap', 'stat'] as const;

/** http://hl7.org/fhir/ValueSet/days-of-week */
export const DAYS_OF_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** http://hl7.org/fhir/ValueSet/encounter-status */
export const ENCOUNTER_STATUS = ['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown'] as const;

/** http://hl7.org/fhir/ValueSet/publication-status */
export const PUBLICATION_STATUS = ['draft', 'active', 'retired', 'unknown'] as const;

/** http://hl7.org/fhir/ValueSet/units-of-time */
export const UNITS_OF_TIME = ['s', 'min', 'h', 'd', 'wk', 'mo', 'a'] as const;

/** http://hl7.org/fhir/ValueSet/event-timing */
export const EVENT_TIMING = [
  'MORN', 'MORN.early', 'MORN.late', 'NOON', 'AFT', 'AFT.early', 'AFT.late', 'EVE', 'EVE.early', 'EVE.late', 'NIGHT', 'PHS',
  'HS', 'WAKE', 'C', 'CM', 'CD', 'CV', 'AC', 'ACM', 'ACD', 'ACV', 'PC', 'PCM', 'PCD', 'PCV',
] as const;
