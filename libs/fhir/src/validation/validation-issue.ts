/**
 * What the validator reports. The codes are FHIR IssueType codes, chosen so a caller can tell
 * "not well-formed FHIR" (400) from "well-formed but not acceptable" (422):
 *
 * - `structure`: wrong JSON shape (an array where one value belongs or the reverse, an object
 *   where a primitive belongs), an element R4 does not define, two alternatives of one choice
 *   element, an extension with both or neither of value[x] and nested extensions.
 * - `required`: a required element is missing.
 * - `invalid`: an empty object, array or string, or null (FHIR forbids empty values), or a
 *   primitive that does not match its datatype (a date that is not a date, a malformed reference).
 * - `value`: well-formed, but against a rule: a Norwegian identifier with wrong check digits, a
 *   reference to a resource type the element does not allow, a local reference to nothing.
 * - `code-invalid`: a code outside a required value set.
 * - `invariant`: against one of R4's constraints on the resource as a whole (dom-3: a contained
 *   resource nothing refers to; the StructureDefinition validator's dom-2, dom-4, ele-1, ext-1…).
 * - `not-supported`: a resourceType this validator does not handle.
 */
export type ValidationIssueCode = 'structure' | 'required' | 'value' | 'invalid' | 'code-invalid' | 'invariant' | 'not-supported';

export interface ValidationIssue {
  severity: 'error' | 'warning';
  code: ValidationIssueCode;
  /** Where, FHIRPath-like: `Patient.identifier[0].value`, `Task.restriction.period.end`. */
  expression: string;
  diagnostics: string;
}
