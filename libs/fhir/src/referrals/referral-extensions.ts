/**
 * The extensions the referral workflow adds. Everything else is plain R4: the ServiceRequest is the
 * referral, its fulfilment Task (owned by the hospital unit) carries the answer in `businessStatus`
 * (Volven 9148), the rejection reason in `statusReason`, and in `restriction.period` when it was
 * received (start) and the assessment deadline (end); the triage Task (owned by the low-threshold
 * `HealthcareService`) is `basedOn` the ServiceRequest and the rejected Task, with its deadline in
 * `restriction.period.end`, contact attempts in `note` and the outcome in `output`.
 */

/** On the ServiceRequest: the patient does not want to be contacted by the low-threshold service (valueBoolean). */
export const PATIENT_OBJECTS_TO_CONTACT_EXTENSION = 'urn:bro:extension:patient-objects-to-contact';

/** On a triage Task: who claimed it (valueReference with the person's display and HPR number). */
export const CLAIMED_BY_EXTENSION = 'urn:bro:extension:claimed-by';

/** On a triage Task: the routing rule that sent it there, as `<rule set version>/<rule id>` (valueString). */
export const ROUTED_BY_RULE_EXTENSION = 'urn:bro:extension:routed-by-rule';

/** On a `Task.note`: the note records a contact attempt, and how it went (valueCoding from urn:bro:contact-attempt-result). */
export const CONTACT_ATTEMPT_EXTENSION = 'urn:bro:extension:contact-attempt';

/** Task.priority values the queue flags as urgent. */
export const URGENT_PRIORITIES: readonly string[] = ['urgent', 'asap', 'stat'];

export const REFERRAL_ASSESSMENT_WORKING_DAYS = 10;
