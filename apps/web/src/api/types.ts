/**
 * The JSON the /api endpoints answer with, as the web app reads it. The server's own types live in
 * apps/api (task-summary.ts, task-list.query.ts, handover-list.query.ts, notification.store.ts),
 * which the browser cannot import; keep these in step with them.
 */
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
  contest?: { reason?: string; reasonDisplay?: string; text?: string; resolution?: string };
  replacesTask?: string;
  nextStatuses: string[];
}

export interface TaskPage {
  total: number;
  page: number;
  pageSize: number;
  tasks: TaskSummary[];
}

export interface TaskCounts {
  open: number;
  overdue: number;
  dueThisWeek: number;
  byStatus: Record<string, number>;
}

export interface TaskTransition {
  from: string | null;
  to: string;
  at: string;
  /** The role of who made the change (gp, coordinator, system). */
  by: string | null;
  reason: string | null;
}

export interface TaskDetails {
  task: TaskSummary;
  history: TaskTransition[];
}

export interface BulkAcceptResult {
  results: Array<{ id: string; ok: boolean; version?: number; status?: number; error?: string }>;
}

export interface HandoverSummary {
  id: string;
  receivedAt: string;
  receivedVia: string;
  patient: { id: string; name?: string };
  encounterId: string;
  requestingUnit: string | null;
  tasks: { total: number; open: number; accepted: number; contested: number; awaitingHospital: number; completed: number; overdue: number };
}

export interface HandoverPage {
  total: number;
  page: number;
  pageSize: number;
  handovers: HandoverSummary[];
}

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

export interface NotificationList {
  unread: number;
  notifications: AppNotification[];
}
