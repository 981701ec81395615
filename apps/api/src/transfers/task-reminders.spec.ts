import { morningInBergen, nextOverdueReminder, plannedTaskReminders } from './task-reminders';

describe('task reminders', () => {
  it('reminds at 08:00 Bergen time, in winter and in summer', () => {
    expect(morningInBergen('2026-12-01').toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(morningInBergen('2026-06-01').toISOString()).toBe('2026-06-01T06:00:00.000Z');
  });

  it('plans the morning before the due date and the morning after, for open tasks only', () => {
    const now = new Date('2026-11-23T10:00:00Z');
    expect(plannedTaskReminders('accepted', '2026-11-30', now)).toEqual([
      { kind: 'due-soon', round: 0, at: new Date('2026-11-29T07:00:00Z') },
      { kind: 'overdue', round: 0, at: new Date('2026-12-01T07:00:00Z') },
    ]);
    // Due tomorrow morning's reminder already passed: only the overdue one remains.
    expect(plannedTaskReminders('requested', '2026-11-24', now).map((r) => r.kind)).toEqual(['overdue']);
    expect(plannedTaskReminders('completed', '2026-11-30', now)).toEqual([]);
    expect(plannedTaskReminders('accepted', undefined, now)).toEqual([]);
  });

  it('repeats an overdue reminder weekly', () => {
    const first = plannedTaskReminders('accepted', '2026-11-30', new Date('2026-11-23T10:00:00Z'))[1];
    expect(nextOverdueReminder(first, new Date('2026-12-01T08:00:00Z'))).toEqual({ kind: 'overdue', round: 1, at: new Date('2026-12-08T07:00:00Z') });
    // Long overdue: the next weekly slot after now, not a burst of missed ones.
    expect(nextOverdueReminder(first, new Date('2027-01-20T12:00:00Z')).at).toEqual(new Date('2027-01-26T07:00:00Z'));
  });
});
