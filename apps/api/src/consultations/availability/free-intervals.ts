import { intersectIntervals, Interval, normalizeIntervals, subtractIntervals } from './intervals';

export interface SlotTime {
  status: string;
  start: string;
  end: string;
}

/**
 * When a practitioner is free for a consultation: their free Slots, less any busy or entered-in-error
 * Slot laid over them, less the consultations they are already booked in.
 */
export function freeIntervalsOf(slots: readonly SlotTime[], booked: readonly Interval[]): Interval[] {
  const toInterval = (slot: SlotTime): Interval => ({ start: Date.parse(slot.start), end: Date.parse(slot.end) });
  const free = normalizeIntervals(slots.filter((slot) => slot.status === 'free').map(toInterval));
  const blocked = normalizeIntervals([...slots.filter((slot) => slot.status !== 'free').map(toInterval), ...booked]);
  return subtractIntervals(free, blocked);
}

/** When all of them are free: one sweep per participant over the running intersection. */
export function commonFreeIntervals(freeByParticipant: ReadonlyArray<readonly Interval[]>): Interval[] {
  if (freeByParticipant.length === 0) return [];
  return freeByParticipant.slice(1).reduce<Interval[]>((common, free) => intersectIntervals(common, normalizeIntervals(free)), normalizeIntervals(freeByParticipant[0]));
}
