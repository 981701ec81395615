import { TimeOption } from '@app/fhir/api/consultation-answers';
import { DomainError } from '../../common/errors/domain-error';
import { parseFhirDateRange } from '../../fhir/search/fhir-date-range';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function instant(value: unknown, field: string): string {
  if (typeof value !== 'string' || !INSTANT.test(value) || !parseFhirDateRange(value)) {
    throw DomainError.badRequest(`${field} must be an instant with its offset (2026-03-24T14:00:00+01:00)`, field);
  }
  return new Date(Date.parse(value)).toISOString();
}

/** A time option from a body, `{ start, end }` as instants, start before end; nothing else in it. */
export function readTimeOption(value: unknown, field: string): TimeOption {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw DomainError.badRequest(`${field} must be { start, end }`, field);
  const extra = Object.keys(value).filter((key) => key !== 'start' && key !== 'end');
  if (extra.length) throw DomainError.badRequest(`${field} takes start and end, not ${extra.join(', ')}`, field);
  const option = { start: instant((value as TimeOption).start, `${field}.start`), end: instant((value as TimeOption).end, `${field}.end`) };
  if (!(Date.parse(option.start) < Date.parse(option.end))) throw DomainError.badRequest(`${field}.end must come after its start`, `${field}.end`);
  return option;
}

