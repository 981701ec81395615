import { NotificationKind } from '@app/fhir';
import { TaskTransitionPayload, notificationsForTask } from './task-notifications';

const base: TaskTransitionPayload = {
  from: null,
  to: 'requested',
  owner: 'PractitionerRole/gp',
  requester: 'Organization/unit',
  priority: 'routine',
  category: 'PROVESVAR',
  reason: null,
  resolution: null,
  due: '2026-12-01',
  actorRole: 'system',
};

describe('task notifications', () => {
  it('tells the GP of a new task, urgent ones as urgent', () => {
    expect(notificationsForTask(base)).toEqual([
      {
        recipient: 'PractitionerRole/gp',
        kind: NotificationKind.NewTask,
        title: 'Ny oppgave – Oppfølging av prøvesvar',
        body: 'Overført fra sykehuset ved utskrivning. Frist 2026-12-01.',
        from: 'Organization/unit',
      },
    ]);
    expect(notificationsForTask({ ...base, priority: 'urgent' })[0].kind).toBe(NotificationKind.UrgentTask);
  });

  it('tells nobody of a task in the unassigned queue', () => {
    expect(notificationsForTask({ ...base, owner: null })).toEqual([]);
  });

  it('tells the GP a task from the unassigned queue was given to them, as of a new task', () => {
    const assigned = notificationsForTask({ ...base, from: 'requested', to: 'requested', ownerAssigned: true, actorRole: 'coordinator' });
    expect(assigned).toEqual([expect.objectContaining({ recipient: 'PractitionerRole/gp', kind: NotificationKind.NewTask, title: 'Ny oppgave – Oppfølging av prøvesvar' })]);
    // A due date moved on an owned task is no new task.
    expect(notificationsForTask({ ...base, from: 'requested', to: 'requested' })).toEqual([]);
  });

  it('tells the hospital of a contested task, and the GP when it is taken back', () => {
    expect(notificationsForTask({ ...base, from: 'requested', to: 'rejected', reason: 'SYKEHUSETS-ANSVAR' })).toEqual([
      expect.objectContaining({ recipient: 'Organization/unit', kind: NotificationKind.TaskContested, body: 'Årsak: Sykehusets ansvar.' }),
    ]);
    expect(notificationsForTask({ ...base, from: 'rejected', to: 'rejected', resolution: 'taken-back' })).toEqual([
      expect.objectContaining({ recipient: 'PractitionerRole/gp', kind: NotificationKind.TaskTakenBack }),
    ]);
  });

  it('says who a notification comes from, for the bell to group many alike, and never names the patient', () => {
    expect(notificationsForTask({ ...base, from: 'requested', to: 'rejected', reason: 'MANGLER-INFO' })[0].from).toBe('PractitionerRole/gp');
  });

  it("tells the hospital why a GP cancelled a new task (the contest reason a cancel of a new task needs)", () => {
    expect(notificationsForTask({ ...base, from: 'requested', to: 'cancelled', reason: 'IKKE-INDISERT', actorRole: 'gp' })).toEqual([
      { recipient: 'Organization/unit', kind: NotificationKind.TaskCancelled, title: 'Oppgave avbrutt – Oppfølging av prøvesvar', body: 'Årsak: Ikke medisinsk indisert.', from: 'PractitionerRole/gp' },
    ]);
  });

  it('says nothing on an ordinary step such as accepting', () => {
    expect(notificationsForTask({ ...base, from: 'requested', to: 'accepted', actorRole: 'gp' })).toEqual([]);
  });
});
