import type { DirectoryImportError } from '@app/fhir/api/directory-import-answers';
import { DirectoryCsvRow, EntryKeys } from './directory-csv';

export interface WaveItem {
  row: DirectoryCsvRow;
  /** The line of the row in the same file that defines this row's parent, written in an earlier wave. */
  dependsOn?: number;
}

/** What a row defines, as keys other rows' parents name it by. */
function definedKeys(row: DirectoryCsvRow): string[] {
  const { orgnr, reshId, herId, serviceId } = row.keys;
  if (row.kind === 'organization') return [orgnr && `org|orgnr|${orgnr}`, reshId && `org|resh|${reshId}`, herId && `org|her|${herId}`].filter(Boolean) as string[];
  if (row.kind === 'service') return [serviceId && `svc|id|${serviceId}`, herId && `svc|her|${herId}`].filter(Boolean) as string[];
  const parent = row.parent ?? {};
  return [`person|${row.hpr}|${parent.orgnr ?? ''}|${parent.reshId ?? ''}|${parent.herId ?? ''}|${parent.serviceId ?? ''}|${row.type ?? ''}|${row.validFrom ?? ''}`];
}

/** The keys a parent is named by: an organisation, or for a person also a service. */
function parentKeys(parent: EntryKeys, kind: DirectoryCsvRow['kind']): string[] {
  const keys = [parent.orgnr && `org|orgnr|${parent.orgnr}`, parent.reshId && `org|resh|${parent.reshId}`, parent.herId && `org|her|${parent.herId}`];
  if (kind === 'person') keys.push(parent.serviceId && `svc|id|${parent.serviceId}`, parent.herId && `svc|her|${parent.herId}`);
  return keys.filter(Boolean) as string[];
}

const KIND_ORDER = { organization: 0, service: 1, person: 2 } as const;

/**
 * The order rows are written in: waves, each after the one before, so an entry's parent in the same file is
 * written first (a hospital before its units, an organisation before its services and people). Within a
 * wave rows are independent. A row defining an entry an earlier line defined, and rows whose parents form a
 * loop, are refused.
 */
export function importWaves(rows: DirectoryCsvRow[]): { waves: WaveItem[][]; refused: DirectoryImportError[] } {
  const refused: DirectoryImportError[] = [];
  const definedBy = new Map<string, DirectoryCsvRow>();
  const kept: DirectoryCsvRow[] = [];
  for (const row of rows) {
    const keys = definedKeys(row);
    const earlier = keys.map((key) => definedBy.get(key)).find(Boolean);
    if (earlier) {
      refused.push({ row: row.row, field: 'row', message: `the same entry is on line ${earlier.row}; give each entry once` });
      continue;
    }
    for (const key of keys) definedBy.set(key, row);
    kept.push(row);
  }
  const parentOf = new Map<DirectoryCsvRow, DirectoryCsvRow | undefined>();
  for (const row of kept) {
    const parent = row.parent && parentKeys(row.parent, row.kind).map((key) => definedBy.get(key)).find((found) => found && found !== row);
    parentOf.set(row, parent);
  }
  const depth = new Map<DirectoryCsvRow, number>();
  const depthOf = (row: DirectoryCsvRow, seen: Set<DirectoryCsvRow>): number => {
    const known = depth.get(row);
    if (known !== undefined) return known;
    if (seen.has(row)) return -1;
    seen.add(row);
    const parent = parentOf.get(row);
    const parentDepth = parent ? depthOf(parent, seen) : -1;
    const value = parent && parentDepth < 0 ? -1 : parentDepth + 1;
    depth.set(row, value);
    return value;
  };
  const waves = new Map<number, WaveItem[]>();
  const sorted = [...kept].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.row - b.row);
  for (const row of sorted) {
    const level = depthOf(row, new Set());
    if (level < 0) {
      refused.push({ row: row.row, field: 'row', message: 'its parent is, through the file, part of itself: the parents form a loop' });
      continue;
    }
    // Organisations by depth; then every service (their parents are organisations), then every person.
    const wave = row.kind === 'organization' ? level : 1_000_000 + KIND_ORDER[row.kind];
    waves.set(wave, [...(waves.get(wave) ?? []), { row, dependsOn: parentOf.get(row)?.row }]);
  }
  return { waves: [...waves].sort(([a], [b]) => a - b).map(([, items]) => items), refused };
}
