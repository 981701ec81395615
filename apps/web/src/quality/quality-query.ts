import { QualityFilters } from '@app/fhir/board/board-metrics';
import { queryString } from '../api/api-client';

/** The dashboard's filters, from the address (so a view can be bookmarked and shared). */
export function qualityFiltersFrom(query: URLSearchParams): QualityFilters {
  const get = (name: keyof QualityFilters) => query.get(name) || undefined;
  return { from: get('from'), to: get('to'), unit: get('unit'), category: get('category'), office: get('office') };
}

/** The same query string for the JSON report and its CSV: the CSV is what the screen shows. */
export function qualityQuery(filters: QualityFilters): string {
  return queryString({ from: filters.from, to: filters.to, unit: filters.unit, category: filters.category, office: filters.office });
}

export const reportPath = (filters: QualityFilters) => `/api/quality/report${qualityQuery(filters)}`;
export type CsvFormat = 'excel' | 'standard';
export type CsvTable = 'weeks' | 'byCategory' | 'byUnit' | 'byOffice' | 'contestedReasons';

/** One table of the report as its own CSV file, in the format and language chosen (headings and the file's first line). */
export const csvPath = (filters: QualityFilters, table: CsvTable, format: CsvFormat, language: 'nb' | 'en') =>
  `/api/quality/report.csv${qualityQuery(filters)}${qualityQuery(filters) ? '&' : '?'}${new URLSearchParams({ table, format, lang: language }).toString()}`;
