/**
 * The lifecycle of a joint discharge consultation (Appointment.status): which moves exist and who may
 * make each. This table is the only place the rule is written; the write rule, the web app's buttons,
 * the answer folding and the workers all consult it, and docs/consultations.md shows it (a test keeps
 * the two equal).
 */
export const APPOINTMENT_STATUSES = [
  'proposed',
  'pending',
  'booked',
  'arrived',
  'fulfilled',
  'cancelled',
  'noshow',
  'entered-in-error',
  'checked-in',
  'waitlist',
] as const;

export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** R4 statuses a consultation never takes (a walk-in's check-in, a waiting list): no move leads to or from them. */
export const UNUSED_APPOINTMENT_STATUSES: readonly AppointmentStatus[] = ['checked-in', 'waitlist'];

/**
 * Who makes a move:
 * - `coordinator`: the hospital unit that planned the consultation (its coordinators and its system);
 * - `participant`: a practitioner taking part, about the consultation as a whole (recording that it was held);
 * - `system`: Bro itself, deriving the status from the participants' answers. No caller may claim it.
 * A participant's own answer is not a status move: it is their participant.status, via AppointmentResponse.
 */
export type AppointmentParty = 'coordinator' | 'participant' | 'system';

/** Where a consultation starts: the coordinator proposes one or more times. */
export const INITIAL_APPOINTMENT_STATUSES: readonly AppointmentStatus[] = ['proposed'];

export const TERMINAL_APPOINTMENT_STATUSES: readonly AppointmentStatus[] = ['fulfilled', 'cancelled', 'noshow', 'entered-in-error'];

/** Still waiting for answers: the coordinator's "awaiting answers" list, and where answers count. */
export const ANSWERABLE_APPOINTMENT_STATUSES: readonly AppointmentStatus[] = ['proposed', 'pending', 'booked'];

export interface AppointmentMoveRule {
  from: AppointmentStatus;
  to: AppointmentStatus;
  by: readonly AppointmentParty[];
  /** Why the move exists, as the documentation and a refused caller read it. */
  when: string;
}

export const APPOINTMENT_MOVES: readonly AppointmentMoveRule[] = [
  { from: 'proposed', to: 'pending', by: ['system'], when: 'the first answer arrives and no time is agreed yet' },
  { from: 'proposed', to: 'booked', by: ['system'], when: 'the answers agree on one time at once' },
  { from: 'pending', to: 'booked', by: ['system'], when: 'every required participant accepted the same time; the other times are released' },
  { from: 'booked', to: 'pending', by: ['system'], when: 'a required participant withdraws their acceptance' },
  { from: 'pending', to: 'proposed', by: ['coordinator'], when: 'the coordinator proposes new times; earlier answers no longer count' },
  { from: 'booked', to: 'proposed', by: ['coordinator'], when: 'rebooking: new times are proposed; the booked time stays in the history' },
  { from: 'booked', to: 'arrived', by: ['coordinator'], when: 'the participants have joined' },
  { from: 'booked', to: 'fulfilled', by: ['coordinator', 'participant'], when: 'the consultation was held and its outcome recorded' },
  { from: 'arrived', to: 'fulfilled', by: ['coordinator', 'participant'], when: 'the consultation was held and its outcome recorded' },
  { from: 'booked', to: 'noshow', by: ['coordinator'], when: 'a required participant did not turn up' },
  { from: 'arrived', to: 'noshow', by: ['coordinator'], when: 'a required participant did not turn up' },
  { from: 'proposed', to: 'cancelled', by: ['coordinator'], when: 'called off, with a coded reason' },
  { from: 'pending', to: 'cancelled', by: ['coordinator'], when: 'called off, with a coded reason' },
  { from: 'booked', to: 'cancelled', by: ['coordinator'], when: 'called off, with a coded reason' },
  { from: 'arrived', to: 'cancelled', by: ['coordinator'], when: 'called off, with a coded reason' },
  ...APPOINTMENT_STATUSES.filter((from) => from !== 'entered-in-error' && !UNUSED_APPOINTMENT_STATUSES.includes(from)).map(
    (from): AppointmentMoveRule => ({ from, to: 'entered-in-error', by: ['coordinator'], when: 'planned by mistake: it never counted' }),
  ),
];

export function isAppointmentStatus(value: unknown): value is AppointmentStatus {
  return typeof value === 'string' && (APPOINTMENT_STATUSES as readonly string[]).includes(value);
}

export function isTerminalAppointmentStatus(status: AppointmentStatus): boolean {
  return TERMINAL_APPOINTMENT_STATUSES.includes(status);
}

/** Who may move a consultation between two statuses; undefined when the table has no such move. */
export function partiesAllowedToMoveAppointment(from: AppointmentStatus, to: AppointmentStatus): readonly AppointmentParty[] | undefined {
  return APPOINTMENT_MOVES.find((rule) => rule.from === from && rule.to === to)?.by;
}

/** What a party may do next, e.g. for the planner's buttons. */
export function nextAppointmentStatusesFor(from: AppointmentStatus, party: AppointmentParty): AppointmentStatus[] {
  return APPOINTMENT_MOVES.filter((rule) => rule.from === from && rule.by.includes(party)).map((rule) => rule.to);
}

const PARTY_NAMES: Record<AppointmentParty, string> = {
  coordinator: 'the planning hospital unit',
  participant: 'a participant',
  system: 'Bro, from the answers',
};

/**
 * Why a move is refused: `no-such-move` (the table has none: a 409 conflict with the current status) or
 * `wrong-party` (the move exists, someone else makes it: a 403).
 */
export interface AppointmentMoveRefusal {
  kind: 'no-such-move' | 'wrong-party';
  reason: string;
}

/**
 * The refusal of a move, or undefined when the party may make it. `from` is undefined on create. An
 * unchanged status is not a move (answers and edits are checked elsewhere).
 */
export function refusalOfAppointmentMove(from: AppointmentStatus | undefined, to: AppointmentStatus, party: AppointmentParty): AppointmentMoveRefusal | undefined {
  if (from === undefined) {
    if (!INITIAL_APPOINTMENT_STATUSES.includes(to)) {
      return { kind: 'no-such-move', reason: `a joint consultation is created as ${INITIAL_APPOINTMENT_STATUSES.join(' or ')}; ${to} is reached from the answers and by status changes` };
    }
    return party === 'coordinator' ? undefined : { kind: 'wrong-party', reason: `only ${PARTY_NAMES.coordinator} proposes a joint consultation` };
  }
  if (from === to) return undefined;
  const allowed = partiesAllowedToMoveAppointment(from, to);
  if (!allowed) {
    const next = APPOINTMENT_MOVES.filter((rule) => rule.from === from).map((rule) => rule.to);
    const closed = isTerminalAppointmentStatus(from) ? ` (${from} is final)` : '';
    return { kind: 'no-such-move', reason: `a consultation cannot go from ${from} to ${to}${closed}; from ${from} it may go to ${next.join(', ') || 'nothing'}` };
  }
  if (!allowed.includes(party)) {
    return { kind: 'wrong-party', reason: `only ${allowed.map((p) => PARTY_NAMES[p]).join(' or ')} may move a consultation from ${from} to ${to}` };
  }
  return undefined;
}

export class AppointmentMoveRefused extends Error {
  constructor(readonly refusal: AppointmentMoveRefusal) {
    super(refusal.reason);
    this.name = 'AppointmentMoveRefused';
  }
}

/** Throws {@link AppointmentMoveRefused} (with its kind, for the HTTP status) unless the party may make the move. */
export function assertAppointmentMove(from: AppointmentStatus | undefined, to: AppointmentStatus, party: AppointmentParty): void {
  const refusal = refusalOfAppointmentMove(from, to, party);
  if (refusal) throw new AppointmentMoveRefused(refusal);
}
