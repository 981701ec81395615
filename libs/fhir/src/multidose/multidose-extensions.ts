/** Extensions the multidose episode carries beside its state, mode and pharmacy (see multidose-state.ts). */

/** When the responsible doctor last sent the complete list (M25.1), valueDateTime. */
export const LAST_COMPLETE_LIST_EXTENSION = 'urn:bro:extension:last-complete-list';

/**
 * A dispensing report (M25.3) after the update's due date still showed a list older than the change: the
 * pharmacy packed the old list. valueDateTime: when that report came. Cleared by the next complete list.
 */
export const PACKED_OLD_LIST_EXTENSION = 'urn:bro:extension:packed-old-list';
