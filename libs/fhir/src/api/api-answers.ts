/**
 * What the /api endpoints answer with: written by the API, read by the web app. Plain types only, so
 * the browser imports this file directly and the two sides cannot drift apart.
 */
import type { RevolvingDoorHandoverMark, RevolvingDoorMark } from './revolving-door-answers';

/** A transferred task as the web app lists it: what the GP or coordinator needs at a glance. */
export interface TaskSummary {
  id: string;
  version: number;
  status: string;
  category?: { code: string; display: string };
  priority: string;
  description?: string;
  due?: string;
  overdue: boolean;
  authoredOn?: string;
  lastUpdated: string;
  patient?: { id: string; name?: string; birthDate?: string };
  owner?: { reference: string; display?: string };
  requester?: { reference: string; display?: string };
  handoverId?: string;
  /** The patient came back acutely within 30 days of a discharge (a revolving-door patient, 67 or more). */
  revolvingDoor?: RevolvingDoorMark;
  contest?: { reason?: string; reasonDisplay?: string; text?: string; resolution?: string };
  replacesTask?: string;
  /** The statuses the caller may move this task to next, from the state machine. */
  nextStatuses: string[];
}

export interface TaskPage {
  total: number;
  page: number;
  pageSize: number;
  tasks: TaskSummary[];
}

/** Open tasks per status, overdue and due this week: the inbox badges. */
export interface TaskCounts {
  open: number;
  overdue: number;
  dueThisWeek: number;
  byStatus: Record<string, number>;
}

/** A hand-over of a hospital unit, with how its tasks stand. */
export interface HandoverSummary {
  id: string;
  receivedAt: string;
  receivedVia: string;
  patient: { id: string; name?: string };
  encounterId: string;
  requestingUnit: string | null;
  /** The stay is a revolving-door readmission: the coordinator is prompted to propose a joint consultation. */
  revolvingDoor?: RevolvingDoorHandoverMark;
  tasks: { total: number; open: number; accepted: number; contested: number; awaitingHospital: number; completed: number; overdue: number };
}

export interface HandoverPage {
  total: number;
  page: number;
  pageSize: number;
  handovers: HandoverSummary[];
}

/** An in-app notification, as listed and as pushed live. Its texts carry no patient identifiers. */
export interface AppNotification {
  id: string;
  recipient: string;
  kind: string;
  title: string;
  body?: string;
  resource?: string;
  createdAt: string;
  read: boolean;
}
