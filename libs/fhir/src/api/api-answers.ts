/**
 * What the /api endpoints answer with: written by the API, read by the web app. Plain types only, so
 * the browser imports this file directly and the two sides cannot drift apart.
 */
import type { RevolvingDoorHandoverMark, RevolvingDoorMark } from './revolving-door-answers';
import type { HandoverTaskStanding } from '../transfers/handover-task-standing';

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
  /** On hold for the hospital's answer to the GP's question (not a plain hold). */
  awaitingInformation?: boolean;
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
  /** Who has the hand-over's tasks: the GPs (or GP offices' shared lists) owning them; empty when no task has an owner. */
  receivingGps: ReceivingGp[];
  tasks: HandoverTaskCounts;
}

export interface ReceivingGp {
  reference: string;
  name?: string;
  /** The GP office, for a GP. */
  office?: string;
}

/**
 * The hand-over's tasks per column (see handover-task-standing.ts): the columns add up to `total`.
 * `overdue` (open past their due date) and `awaitingHospital` (contested, waiting for the unit) are
 * "of which" figures, not columns.
 */
export type HandoverTaskCounts = Record<HandoverTaskStanding, number> & { total: number; overdue: number; awaitingHospital: number };

/** One hand-over as its coordinator opens it: how it stands, and each of its tasks. */
export interface HandoverDetails {
  handover: HandoverSummary & { patient: { id: string; name?: string; birthDate?: string } };
  tasks: TaskSummary[];
}

export interface HandoverPage {
  total: number;
  page: number;
  pageSize: number;
  handovers: HandoverSummary[];
}

/** A question the GP asked the hospital about a task, or the hospital's answer: a line of the task's history. */
export interface ConversationEntry {
  /** The Communication's id. */
  id: string;
  message: 'question' | 'answer';
  text: string;
  /** When it was sent. */
  at: string;
  /** Who wrote it, by name (else the party they wrote for). */
  by?: string;
  /** An answer: the question it answers. */
  answers?: string;
}

/** A GP's question about one of the unit's transferred tasks, as the coordinator's list shows it. */
export interface HospitalQuestion {
  question: ConversationEntry;
  task: { id: string; version: number; status: string; category?: { code: string; display: string }; description?: string; awaitingInformation: boolean };
  patient?: { id: string; name?: string; birthDate?: string };
  /** Set once the unit has answered. */
  answer?: ConversationEntry;
}

export interface HospitalQuestionList {
  questions: HospitalQuestion[];
}

/** An in-app notification, as listed and as pushed live. Its texts carry no patient identifiers. */
export interface AppNotification {
  id: string;
  recipient: string;
  kind: string;
  title: string;
  body?: string;
  resource?: string;
  /** Who it comes from: a directory reference (`Organization/…`, `PractitionerRole/…`), never a patient. */
  from?: string;
  createdAt: string;
  read: boolean;
}

/**
 * A notification as the bell shows it to the person signed in: whose it is and what the resource says now,
 * resolved when the bell is read, through the reader's access (never in the notification or its push).
 */
export interface BellNotification extends AppNotification {
  /** The resource's patient, when the reader may see them. */
  patient?: { id: string; name?: string };
  /** The resource's current status (a Task's), so the bell opens it where it is now. */
  status?: string;
  /** The explanation the resource states now in free text (the GP's words when contesting or cancelling a task). */
  explanation?: string;
  /** For a notification of a GP's question: the question, in the GP's words. */
  question?: string;
}

/** Many unread notifications of one kind from one sender, counted as one line of the bell. */
export interface BellGroup {
  kind: string;
  /** The sender: a directory reference. */
  from: string;
  count: number;
  latestAt: string;
}

/** `GET /api/notifications/bell`: the groups first, then the notifications not in a group (unread first, newest first). */
export interface BellAnswer {
  unread: number;
  groups: BellGroup[];
  notifications: BellNotification[];
}
