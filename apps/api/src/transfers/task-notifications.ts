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
}


const URGENT = ['urgent', 'asap', 'stat'];

/** A task category's display name, or 'Oppgave' when it has none Bro knows. */
export function categoryName(category: string | null | undefined): string {
  return (category && TASK_CATEGORIES[category as TaskCategoryCode]?.display) || 'Oppgave';
}

/**
 * Who is told what when a discharge task changes (handed over, contested, taken back, re-assigned,
 * cancelled, put on hold). No patient identifiers: the text names the
 * task, the recipient opens it in Bro (where access is checked and audited) to see whose it is.
 */
export function notificationsForTask(event: TaskTransitionPayload): NotificationDraft[] {
  const what = categoryName(event.category);
  const due = event.due ? ` Frist ${event.due}.` : '';
  const drafts: NotificationDraft[] = [];
  const handedOver = event.to === 'requested' && (event.from === null || event.from === 'draft');
  if (handedOver && event.owner) {
    const urgent = URGENT.includes(event.priority);
    drafts.push({
      recipient: event.owner,
      kind: urgent ? NotificationKind.UrgentTask : NotificationKind.NewTask,
      title: urgent ? `Haster: ny oppgave – ${what}` : `Ny oppgave – ${what}`,
      body: `Overført fra sykehuset ved utskrivning.${due}`,
    });
  }
  if (event.to === 'rejected' && event.from !== 'rejected' && event.requester) {
    const reason = event.reason ? CONTEST_REASONS[event.reason as ContestReasonCode]?.display : undefined;
    drafts.push({ recipient: event.requester, kind: NotificationKind.TaskContested, title: `Oppgave bestridt – ${what}`, body: reason ? `Årsak: ${reason}.` : undefined });
  }
  if (event.from === 'rejected' && event.to === 'rejected' && event.owner) {
    if (event.resolution === 'taken-back') {
      drafts.push({ recipient: event.owner, kind: NotificationKind.TaskTakenBack, title: `Sykehuset tok tilbake oppgaven – ${what}` });
    }
    if (event.resolution === 'reassigned') {
      drafts.push({ recipient: event.owner, kind: NotificationKind.TaskReassigned, title: `Oppgaven ble sendt til en annen lege – ${what}` });
    }
  }
  if (event.to === 'cancelled') {
    const toOwner = event.actorRole !== 'gp';
    const recipient = toOwner ? event.owner : event.requester;
    if (recipient) drafts.push({ recipient, kind: NotificationKind.TaskCancelled, title: `Oppgave avbrutt – ${what}` });
  }
  if (event.to === 'on-hold' && event.requester) {
    drafts.push({ recipient: event.requester, kind: NotificationKind.InformationRequested, title: `Fastlegen venter på informasjon – ${what}` });
  }
  return drafts;
}
