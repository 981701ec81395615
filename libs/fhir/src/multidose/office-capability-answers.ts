import type { OfficeCapability } from './office-capability';

/**
 * What `/api/multidose/offices` answers with: written by the API, read by the admin page. Plain types
 * only, so the browser imports this file directly (`@app/fhir/multidose/office-capability-answers`).
 */

/** One GP office as the admin list shows it: the directory's facts, its capability and the version to edit. */
export interface OfficeCapabilityRow {
  /** `Organization/<id>`. */
  office: string;
  name: string;
  orgnr?: string;
  herId?: string;
  /** Organization.active: an office that has closed stays listed but is not counted on the board. */
  active: boolean;
  /** Active GPs (PractitionerRoles with the GP code) at the office. */
  gps: number;
  capability: OfficeCapability;
  /** The Organization's version: what a change says it edited. */
  version: number;
  lastUpdated: string;
}

/** `GET /api/multidose/offices?page&pageSize&q`: GP offices by name, `q` matching name, orgnr or HER id. */
export interface OfficeCapabilityPage {
  total: number;
  page: number;
  pageSize: number;
  offices: OfficeCapabilityRow[];
}

/** `PUT /api/multidose/offices/<id>/capability`: the version edited and the capability as it should be (absent or empty: not known). */
export interface OfficeCapabilityChange extends OfficeCapability {
  version: number;
}

/** One version of an office's capability, from the Organization's FHIR history. */
export interface OfficeCapabilityVersion {
  version: number;
  lastUpdated: string;
  /** update, create or delete, as the FHIR history says. */
  method: string;
  capability: OfficeCapability;
  /** Whether this version changed the capability (not only other fields of the Organization). */
  capabilityChanged: boolean;
}

/** `GET /api/multidose/offices/<id>/history`: the capability over every version of the Organization, newest first. */
export interface OfficeCapabilityHistory {
  office: string;
  name: string;
  versions: OfficeCapabilityVersion[];
}

/** One refused CSV row: its line number in the file (the header is line 1), the column and why. */
export interface CapabilityImportError {
  row: number;
  field: string;
  message: string;
}

/** `POST /api/multidose/offices/import`: what became of every row. */
export interface CapabilityImportReport {
  /** Data rows read (blank lines not counted). */
  rows: number;
  /** Rows whose office's capability was changed (each its own write, its own version). */
  updated: number;
  /** Rows that said what the office already had: nothing written. */
  unchanged: number;
  /** Rows refused, each named in `errors` (a row may have several). */
  failed: number;
  errors: CapabilityImportError[];
}
