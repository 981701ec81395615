import { OPEN_TASK_STATUSES } from '@app/fhir/transfers/task-status.rules';
import { NotificationKind } from '@app/fhir/notifications/queue-names';
import type { BellNotification } from '@app/fhir/api/api-answers';

/** Where the work a notification is about is done: the views that open it. */
type Area = 'task' | 'referral' | 'lowthreshold' | 'multidose' | 'consultation' | 'handovers';

const AREA_OF_KIND: Partial<Record<string, Area>> = {
  [NotificationKind.ReferralReceived]: 'referral',
  [NotificationKind.ReferralAnswered]: 'referral',
  [NotificationKind.ReferralRejected]: 'referral',
  [NotificationKind.ReferralWithdrawn]: 'referral',
  [NotificationKind.ReferralOverdue]: 'referral',
  [NotificationKind.ReferralRouted]: 'referral',
  [NotificationKind.TriageClaimed]: 'referral',
  [NotificationKind.TriageCompleted]: 'referral',
  [NotificationKind.TriageNewCase]: 'lowthreshold',
  [NotificationKind.TriageDeadline]: 'lowthreshold',
  [NotificationKind.MultidoseChangePending]: 'multidose',
  [NotificationKind.MultidoseChangeRequested]: 'multidose',
  [NotificationKind.MultidoseOldList]: 'multidose',
  [NotificationKind.MultidoseUpdateDeadline]: 'multidose',
  [NotificationKind.ConsultationSoon]: 'consultation',
  [NotificationKind.ConsultationInvitation]: 'consultation',
  [NotificationKind.ConsultationAnswered]: 'consultation',
  [NotificationKind.ConsultationBooked]: 'consultation',
  [NotificationKind.ConsultationChanged]: 'consultation',
  [NotificationKind.ConsultationCancelled]: 'consultation',
  [NotificationKind.RevolvingDoor]: 'handovers',
};

/**
 * Where a notification opens, for the role signed in: a hand-over task in the GP's inbox (narrowed to the
 * patient, the task opened up, and with its status when it has left the open list) or on the coordinator's
 * hand-overs page; the other workflows' views otherwise. Undefined when the role has no view for it.
 */
export function notificationLink(notification: Pick<BellNotification, 'kind' | 'resource' | 'patient' | 'status'>, role: string): string | undefined {
  const [type, id] = notification.resource?.split('/') ?? [];
  const area = AREA_OF_KIND[notification.kind] ?? (type === 'Task' ? 'task' : undefined);
  switch (area) {
    case 'task':
      if (role === 'gp') {
        const query = new URLSearchParams();
        if (notification.patient) query.set('patient', notification.patient.id);
        if (notification.status && !(OPEN_TASK_STATUSES as readonly string[]).includes(notification.status)) query.set('status', notification.status);
        if (id) query.set('task', id);
        return `/inbox?${query.toString()}`;
      }
      return role === 'coordinator' ? `/handovers${id ? `?task=${encodeURIComponent(id)}` : ''}` : undefined;
    case 'referral':
      return role === 'gp' || role === 'coordinator' ? '/referrals' : undefined;
    case 'lowthreshold':
      return role === 'lowthreshold' ? '/lowthreshold' : undefined;
    case 'multidose':
      return role === 'gp' ? (notification.patient ? `/multidose/patients/${encodeURIComponent(notification.patient.id)}` : '/multidose/patients') : undefined;
    case 'consultation':
      return role === 'gp' || role === 'coordinator' ? '/consultations' : undefined;
    case 'handovers':
      return role === 'coordinator' ? '/handovers' : undefined;
    default:
      return undefined;
  }
}

/** Where a group of many alike opens: the list they are in. */
export function groupLink(kind: string, role: string): string | undefined {
  const area = AREA_OF_KIND[kind] ?? 'task';
  if (area === 'task') return role === 'gp' ? '/inbox' : role === 'coordinator' ? '/handovers' : undefined;
  return notificationLink({ kind }, role);
}
