/**
 * The JSON the /api endpoints answer with, as the web app reads it: the shared answers from
 * libs/fhir/src/api/api-answers.ts, and the few shapes only the web app names.
 */
export type { TaskCounts, TaskPage, TaskSummary } from '@app/fhir/api/api-answers';
import type { AppNotification, ConversationEntry, TaskSummary } from '@app/fhir/api/api-answers';

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
  /** The GP's questions to the hospital about the task, and the hospital's answers. */
  conversation?: ConversationEntry[];
}

export type { ConversationEntry, HospitalQuestion, HospitalQuestionList } from '@app/fhir/api/api-answers';

export interface BulkAcceptResult {
  results: Array<{ id: string; ok: boolean; version?: number; status?: number; error?: string }>;
}

export type { AppNotification, HandoverPage, HandoverSummary } from '@app/fhir/api/api-answers';

export interface NotificationList {
  unread: number;
  notifications: AppNotification[];
}
