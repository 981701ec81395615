import {
  APPOINTMENT_STATUSES,
  AppointmentMoveRefused,
  AppointmentParty,
  AppointmentStatus,
  assertAppointmentMove,
  nextAppointmentStatusesFor,
  partiesAllowedToMoveAppointment,
  refusalOfAppointmentMove,
  TERMINAL_APPOINTMENT_STATUSES,
} from './appointment-status.rules';

const PARTIES: AppointmentParty[] = ['coordinator', 'participant', 'system'];

/** The lifecycle as the issue states it, written out independently of the table under test. */
const EXPECTED: Array<[AppointmentStatus, AppointmentStatus, AppointmentParty[]]> = [
  ['proposed', 'pending', ['system']],
  ['proposed', 'booked', ['system']],
  ['pending', 'booked', ['system']],
  ['booked', 'pending', ['system']],
  ['pending', 'proposed', ['coordinator']],
  ['booked', 'proposed', ['coordinator']],
  ['booked', 'arrived', ['coordinator']],
  ['booked', 'fulfilled', ['coordinator', 'participant']],
  ['arrived', 'fulfilled', ['coordinator', 'participant']],
  ['booked', 'noshow', ['coordinator']],
  ['arrived', 'noshow', ['coordinator']],
  ['proposed', 'cancelled', ['coordinator']],
  ['pending', 'cancelled', ['coordinator']],
  ['booked', 'cancelled', ['coordinator']],
  ['arrived', 'cancelled', ['coordinator']],
  ...(['proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow'] as const).map((from): [AppointmentStatus, AppointmentStatus, AppointmentParty[]] => [from, 'entered-in-error', ['coordinator']]),
];

function expectedParties(from: AppointmentStatus, to: AppointmentStatus): AppointmentParty[] | undefined {
  return EXPECTED.find(([f, t]) => f === from && t === to)?.[2];
}

describe('the joint consultation lifecycle', () => {
  const moves = APPOINTMENT_STATUSES.flatMap((from) => APPOINTMENT_STATUSES.filter((to) => to !== from).map((to) => [from, to] as const));

  it.each(moves)('%s → %s: allowed exactly for the parties the lifecycle names', (from, to) => {
    const allowedFor = expectedParties(from, to);
    expect(partiesAllowedToMoveAppointment(from, to)).toEqual(allowedFor);
    for (const party of PARTIES) {
      const refusal = refusalOfAppointmentMove(from, to, party);
      if (allowedFor?.includes(party)) expect(refusal).toBeUndefined();
      else expect(refusal?.kind).toBe(allowedFor ? 'wrong-party' : 'no-such-move');
    }
  });

  it('is created as proposed, by the coordinator only', () => {
    expect(refusalOfAppointmentMove(undefined, 'proposed', 'coordinator')).toBeUndefined();
    expect(refusalOfAppointmentMove(undefined, 'proposed', 'participant')).toMatchObject({ kind: 'wrong-party' });
    expect(refusalOfAppointmentMove(undefined, 'proposed', 'system')).toMatchObject({ kind: 'wrong-party' });
    for (const status of APPOINTMENT_STATUSES.filter((s) => s !== 'proposed')) {
      expect(refusalOfAppointmentMove(undefined, status, 'coordinator')).toMatchObject({ kind: 'no-such-move' });
    }
  });

  it('closes the terminal statuses, except that the coordinator may mark one entered-in-error', () => {
    for (const terminal of TERMINAL_APPOINTMENT_STATUSES) {
      const next = terminal === 'entered-in-error' ? [] : ['entered-in-error'];
      expect(nextAppointmentStatusesFor(terminal, 'coordinator')).toEqual(next);
      expect(nextAppointmentStatusesFor(terminal, 'participant')).toEqual([]);
      expect(nextAppointmentStatusesFor(terminal, 'system')).toEqual([]);
    }
  });

  it('never lets a participant move it while answers are awaited: their answer is their own participant status', () => {
    expect(nextAppointmentStatusesFor('proposed', 'participant')).toEqual([]);
    expect(nextAppointmentStatusesFor('pending', 'participant')).toEqual([]);
    expect(nextAppointmentStatusesFor('booked', 'participant')).toEqual(['fulfilled']);
  });

  it('gives a refusal that says why and what is possible', () => {
    expect(refusalOfAppointmentMove('cancelled', 'booked', 'coordinator')?.reason).toBe(
      'a consultation cannot go from cancelled to booked (cancelled is final); from cancelled it may go to entered-in-error',
    );
    expect(refusalOfAppointmentMove('pending', 'booked', 'coordinator')?.reason).toBe('only Bro, from the answers may move a consultation from pending to booked');
    expect(() => assertAppointmentMove('booked', 'cancelled', 'participant')).toThrow(AppointmentMoveRefused);
    expect(() => assertAppointmentMove('booked', 'cancelled', 'coordinator')).not.toThrow();
    expect(() => assertAppointmentMove('booked', 'booked', 'participant')).not.toThrow();
  });
});
