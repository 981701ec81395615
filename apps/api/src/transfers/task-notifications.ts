import { CONTEST_REASONS, ContestReasonCode, NotificationKind, TASK_CATEGORIES, TaskCategoryCode } from '@app/fhir';
import { NotificationDraft } from '../outbox/notifications.channel';

/** What a discharge Task's change event carries under `transition` (see the Task lifecycle rule). */
export interface TaskTransitionPayload {
  /** The workflow whose Task it is (absent in events written before kinds: discharge). */
  taskKind?: string;
  from: string | null;
  to: string;
  owner: string | null;
  requester: string | null;
  priority: string;
  category: string | null;
  reason: string | null;
  resolution: string | null;
  due: string | null;
  actorRole: string | null;
  /** The task was given a new owner without a status change (assigned from the unassigned queue). */
  ownerAssigned?: boolean;
}


const URGENT = ['urgent', 'asap', 'stat'];

/** A task category's display name, or 'Oppgave' when it has none Bro knows. */
export function categoryName(category: string | null | undefined): string {
  return (category && TASK_CATEGORIES[category as TaskCategoryCode]?.display) || 'Oppgave';
}

/**
 * Who is told what when a discharge task changes (handed over, contested, taken back, re-assigned,
 * cancelled). No patient identifiers: the text names the
 * task, the recipient opens it in Bro (where access is checked and audited) to see whose it is.
 */
export function notificationsForTask(event: TaskTransitionPayload): NotificationDraft[] {
  const what = categoryName(event.category);
  const due = event.due ? ` Frist ${event.due}.` : '';
  const drafts: NotificationDraft[] = [];
  const handedOver = (event.to === 'requested' && (event.from === null || event.from === 'draft')) || (event.ownerAssigned === true && event.from === event.to);
  if (handedOver && event.owner) {
    const urgent = URGENT.includes(event.priority);
    drafts.push({
      recipient: event.owner,
      kind: urgent ? NotificationKind.UrgentTask : NotificationKind.NewTask,
      title: urgent ? `Haster: ny oppgave – ${what}` : `Ny oppgave – ${what}`,
      body: `Overført fra sykehuset ved utskrivning.${due}`,
      ...from(event.requester),
    });
  }
  if (event.to === 'rejected' && event.from !== 'rejected' && event.requester) {
    const reason = reasonDisplay(event.reason);
    drafts.push({ recipient: event.requester, kind: NotificationKind.TaskContested, title: `Oppgave bestridt – ${what}`, body: reason ? `Årsak: ${reason}.` : undefined, ...from(event.owner) });
  }
  if (event.from === 'rejected' && event.to === 'rejected' && event.owner) {
    if (event.resolution === 'taken-back') {
      drafts.push({ recipient: event.owner, kind: NotificationKind.TaskTakenBack, title: `Sykehuset tok tilbake oppgaven – ${what}`, ...from(event.requester) });
    }
    if (event.resolution === 'reassigned') {
      drafts.push({ recipient: event.owner, kind: NotificationKind.TaskReassigned, title: `Oppgaven ble sendt til en annen lege – ${what}`, ...from(event.requester) });
    }
  }
  if (event.to === 'cancelled') {
    const toOwner = event.actorRole !== 'gp';
    const recipient = toOwner ? event.owner : event.requester;
    // A GP who cancels a task not yet taken on gives a contest reason (task-status.rules.ts): the hospital is told which.
    const reason = reasonDisplay(event.reason);
    if (recipient) {
      drafts.push({
        recipient,
        kind: NotificationKind.TaskCancelled,
        title: `Oppgave avbrutt – ${what}`,
        ...(reason ? { body: `Årsak: ${reason}.` } : {}),
        ...from(toOwner ? event.requester : event.owner),
      });
    }
  }
  // A hold is the GP's own business: the hospital hears only of a question (information-message-notifications.ts).
  return drafts;
}

/** Who a notification comes from: the other party of the task (a directory reference), for the bell's groups. */
function from(party: string | null): { from?: string } {
  return party ? { from: party } : {};
}

function reasonDisplay(code: string | null): string | undefined {
  return code ? CONTEST_REASONS[code as ContestReasonCode]?.display : undefined;
}
