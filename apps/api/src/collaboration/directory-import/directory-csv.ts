import {
  IdentifierSystem,
  MunicipalServiceType,
  ON_DUTY_ROLE_CODE,
  OpeningHours,
  OrganizationTypeCode,
  PERSON_ROLE_DISPLAY,
  REGISTRY_MESSAGE_TYPES,
  checkNorwegianIdentifier,
  parseOpeningHours,
} from '@app/fhir';
import type { DirectoryImportError } from '@app/fhir/api/directory-import-answers';
import { CsvFileError, columnKey, readCsvTable } from '../../common/csv/csv-records';

/**
 * The registry CSV the collaboration directory is bulk-loaded from (docs/directory.md, "Import"): one row per
 * entry, modelled on what the national registries export (Enhetsregisteret's orgnr, RESH's unit ids,
 * Adresseregisteret's HER ids with their parent and message types, HPR numbers). Pure: it reads the text into
 * rows and says what is wrong with each; finding the entries and writing them is the import service's.
 *
 * - A header row names the columns, in any order and case (Norwegian names accepted too); `kind` is required.
 * - A column left out of the header leaves that fact of every entry as it is; an empty cell in a column that is
 *   there clears it (no phone, no opening hours), except the identifying columns, which only ever add.
 */

export const MAX_DIRECTORY_CSV_BYTES = 4 * 1024 * 1024;
/** Rows in one file: a county's export; the whole country comes as several files (or through the bulk seed). */
export const MAX_DIRECTORY_CSV_ROWS = 10_000;
const MAX_CELL_LENGTH = 200;

export type DirectoryColumn =
  | 'kind'
  | 'orgnr'
  | 'resh_id'
  | 'her_id'
  | 'service_id'
  | 'hpr'
  | 'parent_orgnr'
  | 'parent_resh_id'
  | 'parent_her_id'
  | 'parent_service_id'
  | 'name'
  | 'given_name'
  | 'family_name'
  | 'type'
  | 'specialty'
  | 'district'
  | 'address'
  | 'postal_code'
  | 'city'
  | 'phone'
  | 'message_types'
  | 'opening_hours'
  | 'valid_from'
  | 'valid_to'
  | 'active';

export const DIRECTORY_COLUMNS: readonly DirectoryColumn[] = [
  'kind',
  'orgnr',
  'resh_id',
  'her_id',
  'service_id',
  'hpr',
  'parent_orgnr',
  'parent_resh_id',
  'parent_her_id',
  'parent_service_id',
  'name',
  'given_name',
  'family_name',
  'type',
  'specialty',
  'district',
  'address',
  'postal_code',
  'city',
  'phone',
  'message_types',
  'opening_hours',
  'valid_from',
  'valid_to',
  'active',
];

/** Other names a registry's export (or a Norwegian spreadsheet) uses for the columns. */
const ALIASES: Record<string, DirectoryColumn> = {
  ...Object.fromEntries(DIRECTORY_COLUMNS.map((column) => [column, column])),
  type_entry: 'kind',
  art: 'kind',
  organisasjonsnummer: 'orgnr',
  org_nr: 'orgnr',
  reshid: 'resh_id',
  resh: 'resh_id',
  herid: 'her_id',
  her: 'her_id',
  hpr_nummer: 'hpr',
  hprnr: 'hpr',
  parent_herid: 'parent_her_id',
  overordnet_her_id: 'parent_her_id',
  overordnet_orgnr: 'parent_orgnr',
  overordnet_resh_id: 'parent_resh_id',
  navn: 'name',
  fornavn: 'given_name',
  etternavn: 'family_name',
  spesialitet: 'specialty',
  bydel: 'district',
  adresse: 'address',
  postnummer: 'postal_code',
  poststed: 'city',
  telefon: 'phone',
  meldingstyper: 'message_types',
  åpningstider: 'opening_hours',
  apningstider: 'opening_hours',
  gyldig_fra: 'valid_from',
  gyldig_til: 'valid_to',
  aktiv: 'active',
};

export type DirectoryRowKind = 'organization' | 'service' | 'person';

const KINDS: Record<string, DirectoryRowKind> = {
  organization: 'organization',
  organisation: 'organization',
  organisasjon: 'organization',
  service: 'service',
  tjeneste: 'service',
  person: 'person',
};

/** How an entry (or its parent) is named: by the registries' identifiers. */
export interface EntryKeys {
  orgnr?: string;
  reshId?: string;
  herId?: string;
  serviceId?: string;
}

/** One data row, read and checked on its own. Text facts are `undefined` when the column is absent, `''` to clear. */
export interface DirectoryCsvRow {
  row: number;
  kind: DirectoryRowKind;
  keys: EntryKeys;
  hpr?: string;
  /** The parent named (organisation or service); undefined when the row names none. */
  parent?: EntryKeys;
  name?: string;
  given?: string[];
  family?: string;
  type?: string;
  specialty?: string[];
  district?: string;
  address?: { line?: string; postalCode?: string; city?: string };
  phone?: string;
  messageTypes?: string[];
  openingHours?: OpeningHours[];
  validFrom?: string;
  validTo?: string;
  active?: boolean;
}

export interface ParsedDirectoryCsv {
  columns: DirectoryColumn[];
  rows: DirectoryCsvRow[];
  errors: DirectoryImportError[];
}

export const DIRECTORY_CSV_HEADER_EXAMPLE = 'kind;orgnr;resh_id;her_id;parent_orgnr;name;type;district;phone;message_types;opening_hours';

const ORGANIZATION_TYPES = new Set<string>(Object.values(OrganizationTypeCode));
const SERVICE_TYPES = new Set<string>(Object.values(MunicipalServiceType));
const PHONE = /^\+?[0-9][0-9 ()-]{2,24}$/;
const HER_ID = /^\d{1,9}$/;
const SERVICE_ID = /^[A-Za-z0-9][A-Za-z0-9\-._]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const CONTROL = /\p{Cc}/u;

const YES = ['', 'ja', 'j', 'yes', 'y', 'true', '1', 'aktiv', 'active'];
const NO = ['nei', 'n', 'no', 'false', '0', 'inaktiv', 'inactive', 'nedlagt'];

function realDate(text: string): boolean {
  const day = text.slice(0, 10);
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === day && (DATE.test(text) || !Number.isNaN(Date.parse(text)));
}

/** "Anne Marie Berg" → given Anne Marie, family Berg: what a registry's one-name column gives. */
function splitName(name: string): { given: string[]; family: string } {
  const parts = name.split(/\s+/).filter(Boolean);
  const family = parts.pop() ?? '';
  return { given: parts, family };
}

/** The file's data rows, read or refused as unreadable (a refused row may have several errors): what an import's progress counts to. */
export function dataRowCount(parsed: ParsedDirectoryCsv): number {
  return parsed.rows.length + new Set(parsed.errors.map((error) => error.row)).size;
}

/** Reads the registry CSV: the header decides the columns; every data row is checked on its own. */
export function parseDirectoryCsv(input: string): ParsedDirectoryCsv {
  const { header, rows: records } = readCsvTable(input, { maxBytes: MAX_DIRECTORY_CSV_BYTES, maxRows: MAX_DIRECTORY_CSV_ROWS, expectedHeader: DIRECTORY_CSV_HEADER_EXAMPLE });
  const columns: DirectoryColumn[] = [];
  const unknown: string[] = [];
  for (const name of header.fields) {
    const column = ALIASES[columnKey(name)];
    if (!column) unknown.push(name.trim() || '(blank)');
    else if (columns.includes(column)) throw new CsvFileError(`the column ${column} is named twice in the header`);
    else columns.push(column);
  }
  if (unknown.length) {
    throw new CsvFileError(`unknown column ${unknown.slice(0, 5).map((name) => `"${name.slice(0, 40)}"`).join(', ')} in the header; the columns are ${DIRECTORY_COLUMNS.join(', ')}`);
  }
  if (!columns.includes('kind')) throw new CsvFileError('the header has no kind column: say of each row whether it is an organization, a service or a person');

  const rows: DirectoryCsvRow[] = [];
  const errors: DirectoryImportError[] = [];
  for (const record of records) {
    const rowErrors: DirectoryImportError[] = [];
    const error = (field: string, message: string) => rowErrors.push({ row: record.line, field, message });
    if (record.fields.length !== columns.length) {
      errors.push({ row: record.line, field: 'row', message: `the row has ${record.fields.length} fields, the header ${columns.length}` });
      continue;
    }
    const cell = (column: DirectoryColumn): string | undefined => {
      const index = columns.indexOf(column);
      return index < 0 ? undefined : record.fields[index].trim();
    };
    for (const column of columns) {
      const value = cell(column)!;
      if (value.length > MAX_CELL_LENGTH) error(column, `the cell is longer than ${MAX_CELL_LENGTH} characters`);
      else if (CONTROL.test(value)) error(column, 'the cell holds a control character (a tab or line break inside a field)');
    }
    if (rowErrors.length) {
      errors.push(...rowErrors);
      continue;
    }
    const parsed = readRow(record.line, cell, error);
    if (rowErrors.length || !parsed) errors.push(...rowErrors);
    else rows.push(parsed);
  }
  return { columns, rows, errors };
}

type Cell = (column: DirectoryColumn) => string | undefined;

function identifierProblem(column: DirectoryColumn, value: string): string | undefined {
  if (column.endsWith('orgnr')) return checkNorwegianIdentifier(IdentifierSystem.Organisasjonsnummer, value);
  if (column.endsWith('resh_id')) return checkNorwegianIdentifier(IdentifierSystem.Resh, value) ?? (value.length > 12 ? `"${value}" is not a valid RESH-id: too long` : undefined);
  if (column.endsWith('her_id')) return HER_ID.test(value) ? undefined : `"${value}" is not a valid HER id: it must be 1–9 digits`;
  if (column.endsWith('service_id')) return SERVICE_ID.test(value) ? undefined : `"${value}" is not a service id: letters, digits, - . _ (at most 64)`;
  if (column === 'hpr') return checkNorwegianIdentifier(IdentifierSystem.Hpr, value);
  return undefined;
}

function readRow(line: number, cell: Cell, error: (field: string, message: string) => void): DirectoryCsvRow | undefined {
  const kindText = cell('kind')!.toLowerCase();
  const kind = KINDS[kindText];
  if (!kind) {
    error('kind', `"${kindText.slice(0, 40)}" is no kind of entry: write organization, service or person`);
    return undefined;
  }
  const identifier = (column: DirectoryColumn): string | undefined => {
    const value = cell(column) || undefined;
    if (value === undefined) return undefined;
    const problem = identifierProblem(column, value);
    if (problem) {
      error(column, problem);
      return undefined;
    }
    return value;
  };
  const keys: EntryKeys = {};
  const parent: EntryKeys = {};
  const orgnr = identifier('orgnr');
  const reshId = identifier('resh_id');
  const herId = identifier('her_id');
  const serviceId = identifier('service_id');
  const hpr = identifier('hpr');
  const parentKeys = {
    orgnr: identifier('parent_orgnr'),
    reshId: identifier('parent_resh_id'),
    herId: identifier('parent_her_id'),
    serviceId: identifier('parent_service_id'),
  };
  for (const [key, value] of Object.entries(parentKeys)) if (value) parent[key as keyof EntryKeys] = value;
  const hasParent = Object.keys(parent).length > 0;
  const namesParent = ['parent_orgnr', 'parent_resh_id', 'parent_her_id', 'parent_service_id'].some((column) => cell(column as DirectoryColumn));

  const out: DirectoryCsvRow = { row: line, kind, keys };
  if (herId) keys.herId = herId;
  switch (kind) {
    case 'organization':
      if (orgnr) keys.orgnr = orgnr;
      if (reshId) keys.reshId = reshId;
      if (!cell('orgnr') && !cell('resh_id') && !cell('her_id')) error('orgnr', 'an organization is named by its orgnr, RESH id or HER id: give at least one');
      if (cell('service_id') || cell('hpr')) error(cell('service_id') ? 'service_id' : 'hpr', 'an organization has no service id or HPR number');
      if (parent.serviceId) error('parent_service_id', 'an organization is part of another organization, not of a service');
      break;
    case 'service':
      if (serviceId) keys.serviceId = serviceId;
      if (!cell('service_id') && !cell('her_id')) error('service_id', 'a service is named by its service id or HER id: give at least one');
      if (cell('orgnr') || cell('resh_id') || cell('hpr')) error(cell('orgnr') ? 'orgnr' : cell('resh_id') ? 'resh_id' : 'hpr', 'a service is named by its service id or HER id; its organization goes in parent_orgnr (or parent_resh_id, parent_her_id)');
      if (parent.serviceId) error('parent_service_id', 'a service is provided by an organization, not by another service');
      break;
    case 'person':
      if (!cell('hpr')) error('hpr', 'a person is named by their HPR number');
      if (cell('orgnr') || cell('resh_id') || cell('service_id')) error(cell('orgnr') ? 'orgnr' : cell('resh_id') ? 'resh_id' : 'service_id', "a person's organization (or service) goes in the parent columns");
      if (!namesParent) error('parent_orgnr', 'say where the person works: parent_orgnr, parent_resh_id, parent_her_id or parent_service_id');
      break;
  }
  if (hpr) out.hpr = hpr;
  if (hasParent) out.parent = parent;

  const type = cell('type');
  if (type !== undefined && type !== '') {
    const known = kind === 'organization' ? ORGANIZATION_TYPES : kind === 'service' ? SERVICE_TYPES : new Set(Object.keys(PERSON_ROLE_DISPLAY));
    const code = type.toLowerCase();
    if (!known.has(code)) error('type', `"${type.slice(0, 40)}" is no ${kind === 'person' ? 'role' : `${kind} type`}; the codes are ${[...known].join(', ')}`);
    else out.type = code;
  } else if (type === '') error('type', `give the ${kind === 'person' ? 'role' : `${kind} type`}`);

  const name = cell('name');
  const given = cell('given_name');
  const family = cell('family_name');
  if (kind === 'person') {
    if (given !== undefined || family !== undefined) {
      if (!family) error('family_name', 'give the family name');
      if (given !== undefined) out.given = given.split(/\s+/).filter(Boolean);
      if (family) out.family = family;
    } else if (name !== undefined) {
      const split = splitName(name);
      if (!split.family) error('name', 'give the name');
      out.given = split.given;
      out.family = split.family;
    }
  } else if (name !== undefined) {
    if (name === '') error('name', 'give the name');
    out.name = name;
  }

  const specialty = cell('specialty');
  if (specialty !== undefined) {
    if (kind === 'organization' && specialty !== '') error('specialty', 'specialty belongs on services and people; a hospital unit says it by its name');
    out.specialty = specialty.split(/[|,]/).map((item) => item.trim()).filter(Boolean);
  }
  const district = cell('district');
  if (district !== undefined) {
    if (district.length > 100) error('district', 'the district is at most 100 characters');
    if (kind === 'person' && district !== '') error('district', "a person's district is their organization's");
    out.district = district;
  }
  const address = { line: cell('address'), postalCode: cell('postal_code'), city: cell('city') };
  if (Object.values(address).some((part) => part !== undefined)) {
    if (kind !== 'organization' && Object.values(address).some(Boolean)) error('address', 'addresses belong on organizations; a service says the district it covers');
    if (address.postalCode && !/^\d{4}$/.test(address.postalCode)) error('postal_code', `"${address.postalCode}" is not a Norwegian postcode (4 digits)`);
    out.address = address;
  }
  const phone = cell('phone');
  if (phone !== undefined) {
    if (phone !== '' && !PHONE.test(phone)) error('phone', `"${phone.slice(0, 40)}" is not a phone number`);
    out.phone = phone;
  }
  const messageTypes = cell('message_types');
  if (messageTypes !== undefined) {
    const codes = messageTypes.split(/[|,\s]+/).map((code) => code.trim().toUpperCase()).filter(Boolean);
    const wrong = codes.filter((code) => !REGISTRY_MESSAGE_TYPES.includes(code));
    if (wrong.length) error('message_types', `unknown message type ${wrong.slice(0, 3).join(', ')}; the types are ${REGISTRY_MESSAGE_TYPES.join(', ')}`);
    if (codes.length && !herId) error('message_types', 'message types belong to a HER address: give her_id');
    out.messageTypes = [...new Set(codes)];
  }
  const hours = cell('opening_hours');
  if (hours !== undefined) {
    const read = parseOpeningHours(hours);
    if ('problem' in read) error('opening_hours', read.problem);
    else out.openingHours = read.hours;
  }
  const validFrom = cell('valid_from');
  const validTo = cell('valid_to');
  for (const [column, value] of [['valid_from', validFrom], ['valid_to', validTo]] as const) {
    if (!value) continue;
    if (kind !== 'person') error(column, 'validity periods belong to people\'s roles');
    else if (!(DATE.test(value) || DATE_TIME.test(value)) || !realDate(value)) error(column, `"${value.slice(0, 40)}" is not a date (YYYY-MM-DD) or a time with its offset (2026-03-01T08:00+01:00)`);
  }
  if (validFrom && validTo && Date.parse(validTo.length === 10 ? `${validTo}T23:59:59Z` : validTo) < Date.parse(validFrom.length === 10 ? `${validFrom}T00:00:00Z` : validFrom)) {
    error('valid_to', 'the role ends before it begins');
  }
  if (validFrom !== undefined) out.validFrom = validFrom;
  if (validTo !== undefined) out.validTo = validTo;
  if (kind === 'person' && out.type === ON_DUTY_ROLE_CODE.code) {
    for (const [column, value] of [['valid_from', validFrom], ['valid_to', validTo]] as const) {
      if (!value || !DATE_TIME.test(value)) error(column, 'a duty for GP questions has a start and an end, each a time with its offset (2026-03-01T08:00+01:00)');
    }
  }
  const active = cell('active');
  if (active !== undefined) {
    const lower = active.toLowerCase();
    if (YES.includes(lower)) out.active = true;
    else if (NO.includes(lower)) out.active = false;
    else error('active', `"${active.slice(0, 20)}" is neither yes nor no (ja/nei, true/false)`);
  }
  return out;
}
