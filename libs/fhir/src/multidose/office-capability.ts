/**
 * A GP office's e-multidose capability, carried on its `Organization` (type gp-office) as one complex
 * extension, so it is versioned, audited and read like the rest of the directory:
 *
 * ```json
 * { "url": "urn:bro:extension:gp-office-capability", "extension": [
 *     { "url": "pll-in-use-since", "valueDate": "2024-03-01" },
 *     { "url": "e-multidose-connected-since", "valueDate": "2025-01-15" },
 *     { "url": "epj-system", "valueString": "Infodoc" } ] }
 * ```
 *
 * Every sub-extension is optional; an office with none of them carries no extension. Plain functions only,
 * so the API, the CSV import, the seed and the web app check a capability the same way.
 */
import type { Resource } from '../fhir-types';

export const GP_OFFICE_CAPABILITY_EXTENSION = 'urn:bro:extension:gp-office-capability';

export enum OfficeCapabilityPart {
  /** The day the office started using the shared medication list (pasientens legemiddelliste, PLL). */
  PllInUseSince = 'pll-in-use-since',
  /** The day the office was connected to multidose in e-prescription (e-multidose), which works on the PLL list. */
  EMultidoseConnectedSince = 'e-multidose-connected-since',
  /** The office's EPJ system (electronic patient record), as the vendor names it: "Infodoc", "CGM Allmenn", "System X". */
  EpjSystem = 'epj-system',
}

/** Bro's own organisation type code of a GP office (urn:bro:organization-type). */
export const ORGANIZATION_TYPE_CODE_SYSTEM = 'urn:bro:organization-type';
export const GP_OFFICE_TYPE_CODE = 'gp-office';

/** What an office's capability says; absent fields are not known (or not in use). */
export interface OfficeCapability {
  pllInUseSince?: string;
  eMultidoseConnectedSince?: string;
  epjSystem?: string;
}

export type OfficeCapabilityField = keyof OfficeCapability;

/** A problem with one field of a capability, as the API, the CSV report and the form show it. */
export interface CapabilityProblem {
  field: OfficeCapabilityField;
  /** What kind of problem, so a page can say it in its own language. */
  code: CapabilityProblemCode;
  message: string;
}

export type CapabilityProblemCode = 'date-format' | 'date-too-early' | 'date-in-future' | 'needs-pll' | 'before-pll' | 'epj-not-text' | 'epj-control' | 'epj-too-long';

/** No since-date before this: neither PLL nor e-multidose existed then, so an earlier date is a typing error. */
export const EARLIEST_CAPABILITY_DATE = '2010-01-01';
export const MAX_EPJ_SYSTEM_LENGTH = 100;

const FIELD_PART: Record<OfficeCapabilityField, OfficeCapabilityPart> = {
  pllInUseSince: OfficeCapabilityPart.PllInUseSince,
  eMultidoseConnectedSince: OfficeCapabilityPart.EMultidoseConnectedSince,
  epjSystem: OfficeCapabilityPart.EpjSystem,
};

interface Extension {
  url?: unknown;
  valueDate?: unknown;
  valueString?: unknown;
  extension?: unknown;
  [key: string]: unknown;
}

function extensionsOf(node: unknown): Extension[] {
  const list = node && typeof node === 'object' ? (node as { extension?: unknown }).extension : undefined;
  return Array.isArray(list) ? (list.filter((item) => item && typeof item === 'object') as Extension[]) : [];
}

/** Whether the resource carries the capability extension at all (what the write rule selects by). */
export function hasOfficeCapability(resource: Resource): boolean {
  return extensionsOf(resource).some((extension) => extension.url === GP_OFFICE_CAPABILITY_EXTENSION);
}

/** Whether an Organization is a GP office (type urn:bro:organization-type|gp-office). */
export function isGpOffice(resource: Resource): boolean {
  const types = Array.isArray(resource.type) ? (resource.type as Array<{ coding?: Array<{ system?: string; code?: string }> }>) : [];
  return types.some((type) => (type.coding ?? []).some((coding) => coding.system === ORGANIZATION_TYPE_CODE_SYSTEM && coding.code === GP_OFFICE_TYPE_CODE));
}

/**
 * The capability an Organization carries, read leniently (the write rule has checked what was stored):
 * undefined when it carries none. A sub-extension of the wrong value type is left out.
 */
export function officeCapabilityOf(resource: Resource): OfficeCapability | undefined {
  const extension = extensionsOf(resource).find((candidate) => candidate.url === GP_OFFICE_CAPABILITY_EXTENSION);
  if (!extension) return undefined;
  const parts = extensionsOf(extension);
  const date = (part: OfficeCapabilityPart) => {
    const value = parts.find((candidate) => candidate.url === part)?.valueDate;
    return typeof value === 'string' ? value : undefined;
  };
  const epj = parts.find((candidate) => candidate.url === OfficeCapabilityPart.EpjSystem)?.valueString;
  return compactCapability({
    pllInUseSince: date(OfficeCapabilityPart.PllInUseSince),
    eMultidoseConnectedSince: date(OfficeCapabilityPart.EMultidoseConnectedSince),
    epjSystem: typeof epj === 'string' ? epj : undefined,
  });
}

/** The capability without its absent fields (blank text counts as absent), so two equal capabilities compare equal. */
export function compactCapability(capability: OfficeCapability): OfficeCapability {
  const compact: OfficeCapability = {};
  if (capability.pllInUseSince) compact.pllInUseSince = capability.pllInUseSince;
  if (capability.eMultidoseConnectedSince) compact.eMultidoseConnectedSince = capability.eMultidoseConnectedSince;
  const epj = capability.epjSystem?.trim();
  if (epj) compact.epjSystem = epj;
  return compact;
}

/** The extension for a capability; undefined when it says nothing. */
export function officeCapabilityExtension(capability: OfficeCapability): Extension | undefined {
  const compact = compactCapability(capability);
  const parts: Extension[] = [];
  if (compact.pllInUseSince) parts.push({ url: FIELD_PART.pllInUseSince, valueDate: compact.pllInUseSince });
  if (compact.eMultidoseConnectedSince) parts.push({ url: FIELD_PART.eMultidoseConnectedSince, valueDate: compact.eMultidoseConnectedSince });
  if (compact.epjSystem) parts.push({ url: FIELD_PART.epjSystem, valueString: compact.epjSystem });
  return parts.length ? { url: GP_OFFICE_CAPABILITY_EXTENSION, extension: parts } : undefined;
}

/** A copy of the Organization with its capability replaced (removed when the capability says nothing); other extensions kept. */
export function withOfficeCapability<T extends Resource>(resource: T, capability: OfficeCapability): T {
  const others = extensionsOf(resource).filter((extension) => extension.url !== GP_OFFICE_CAPABILITY_EXTENSION);
  const extension = officeCapabilityExtension(capability);
  const list = extension ? [...others, extension] : others;
  const copy: Resource = { ...resource };
  if (list.length) copy.extension = list;
  else delete copy.extension;
  return copy as T;
}

/** Whether `text` is a real calendar day written YYYY-MM-DD (2025-02-30 is not). */
export function isCalendarDate(text: unknown): text is string {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [year, month, day] = text.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Everything wrong with a capability, field by field (none: it may be stored). `today` is the Oslo calendar
 * day (YYYY-MM-DD) the dates may not pass. The rules:
 * - each date a real day, YYYY-MM-DD, from {@link EARLIEST_CAPABILITY_DATE} and not after today;
 * - e-multidose connected implies PLL in use, and not from before it: the e-multidose Bro follows sends the
 *   doctor's complete list (M25.1), which is the PLL list, so an office cannot be on it without PLL;
 * - the EPJ system is 1–100 characters of text without control characters.
 */
export function officeCapabilityProblems(capability: OfficeCapability, today: string): CapabilityProblem[] {
  const problems: CapabilityProblem[] = [];
  const dateProblem = (field: 'pllInUseSince' | 'eMultidoseConnectedSince', what: string) => {
    const value = capability[field];
    if (value === undefined || value === '') return false;
    if (typeof value !== 'string' || !isCalendarDate(value)) {
      problems.push({ field, code: 'date-format', message: `${what} must be a real calendar day written YYYY-MM-DD, such as 2024-03-01; got ${describe(value)}` });
    } else if (value < EARLIEST_CAPABILITY_DATE) {
      problems.push({ field, code: 'date-too-early', message: `${what} ${value} is before ${EARLIEST_CAPABILITY_DATE}; neither PLL nor e-multidose existed then` });
    } else if (value > today) {
      problems.push({ field, code: 'date-in-future', message: `${what} ${value} is in the future; record it on the day it happens (today is ${today})` });
    } else return true;
    return false;
  };
  const pllValid = dateProblem('pllInUseSince', 'PLL in use since');
  const emdValid = dateProblem('eMultidoseConnectedSince', 'e-multidose connected since');
  if (emdValid && !capability.pllInUseSince) {
    problems.push({ field: 'eMultidoseConnectedSince', code: 'needs-pll', message: 'an office connected to e-multidose uses PLL (the multidose list is the PLL list): give PLL in use since as well' });
  } else if (emdValid && pllValid && capability.eMultidoseConnectedSince! < capability.pllInUseSince!) {
    problems.push({
      field: 'eMultidoseConnectedSince',
      code: 'before-pll',
      message: `e-multidose connected since ${capability.eMultidoseConnectedSince} is before PLL in use since ${capability.pllInUseSince}; e-multidose works on the PLL list, so it cannot start first`,
    });
  }
  const epj = capability.epjSystem;
  if (epj !== undefined && epj !== '') {
    if (typeof epj !== 'string') problems.push({ field: 'epjSystem', code: 'epj-not-text', message: 'EPJ system must be text, such as "Infodoc"' });
    // eslint-disable-next-line no-control-regex
    else if (/[\u0000-\u001f\u007f]/.test(epj)) problems.push({ field: 'epjSystem', code: 'epj-control', message: 'EPJ system must be one line of text without control characters' });
    else if (epj.trim().length > MAX_EPJ_SYSTEM_LENGTH) problems.push({ field: 'epjSystem', code: 'epj-too-long', message: `EPJ system is longer than ${MAX_EPJ_SYSTEM_LENGTH} characters` });
  }
  return problems;
}

function describe(value: unknown): string {
  if (typeof value !== 'string') return typeof value;
  // eslint-disable-next-line no-control-regex
  const shown = value.replace(/[\u0000-\u001f\u007f]/g, '�');
  return `"${shown.length > 40 ? `${shown.slice(0, 40)}…` : shown}"`;
}

/** The name of a capability field in the API and the CSV (`pllInUseSince`) as its sub-extension url (`pll-in-use-since`). */
export function capabilityPartOf(field: OfficeCapabilityField): OfficeCapabilityPart {
  return FIELD_PART[field];
}

/**
 * A capability as the write rule finds it on a resource, strictly: what is wrong with the extension's
 * shape (unknown sub-extensions, a value of the wrong type, a part given twice), for a 422 that names it.
 */
export function officeCapabilityShapeProblems(resource: Resource): string[] {
  const all = extensionsOf(resource).filter((extension) => extension.url === GP_OFFICE_CAPABILITY_EXTENSION);
  if (all.length === 0) return [];
  if (all.length > 1) return [`${GP_OFFICE_CAPABILITY_EXTENSION} is given ${all.length} times; an office has one capability`];
  const [extension] = all;
  const problems: string[] = [];
  if (Object.keys(extension).some((key) => key.startsWith('value'))) problems.push(`${GP_OFFICE_CAPABILITY_EXTENSION} is a complex extension: its parts go in extension[], not a value`);
  const parts = extensionsOf(extension);
  if (parts.length === 0) problems.push(`${GP_OFFICE_CAPABILITY_EXTENSION} has no parts; leave the extension out when nothing is known`);
  const known = Object.values(OfficeCapabilityPart) as string[];
  const seen = new Set<string>();
  for (const part of parts) {
    const url = typeof part.url === 'string' ? part.url : '';
    if (!known.includes(url)) {
      problems.push(`${GP_OFFICE_CAPABILITY_EXTENSION} has an unknown part "${url}"; its parts are ${known.join(', ')}`);
      continue;
    }
    if (seen.has(url)) problems.push(`${GP_OFFICE_CAPABILITY_EXTENSION}: ${url} is given twice`);
    seen.add(url);
    const valueKeys = Object.keys(part).filter((key) => key.startsWith('value'));
    const expected = url === OfficeCapabilityPart.EpjSystem ? 'valueString' : 'valueDate';
    if (valueKeys.length !== 1 || valueKeys[0] !== expected) problems.push(`${GP_OFFICE_CAPABILITY_EXTENSION}: ${url} takes ${expected}`);
  }
  return problems;
}
