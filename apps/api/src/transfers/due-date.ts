import { addDays, osloDate } from '../common/calendar/oslo-calendar';

/** Due date of a transferred task: `days` calendar days after the discharge day, in Bergen time. */
export function defaultDueDate(dischargedAt: Date, days: number): string {
  return addDays(osloDate(dischargedAt), days);
}
