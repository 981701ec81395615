import { CONTEST_REASONS, ContestReasonCode } from '@app/fhir/transfers/contest-reason';
import { TASK_CATEGORIES, TASK_CATEGORY_CODES, TaskCategoryCode } from '@app/fhir/transfers/task-category';
import { UNASSIGNED_GROUP, isUnassignedTask } from '@app/fhir/transfers/handover-task-standing';
import { Language } from './dictionary';

/** A task category's name in the user's language, from the shared code system (the code when unknown). */
export function categoryLabel(code: string | undefined, language: Language): string {
  if (!code) return '';
  const category = TASK_CATEGORIES[code as TaskCategoryCode];
  if (!category) return code;
  return language === 'en' ? category.displayEn : category.display;
}

export function contestReasonLabel(code: string | undefined, language: Language): string {
  if (!code) return '';
  const reason = CONTEST_REASONS[code as ContestReasonCode];
  if (!reason) return code;
  return language === 'en' ? reason.displayEn : reason.display;
}

export function categoryOptions(language: Language): Array<{ code: TaskCategoryCode; label: string }> {
  return TASK_CATEGORY_CODES.map((code) => ({ code, label: categoryLabel(code, language) }));
}

/**
 * A transferred task's state in words: its status, except that an open task nobody owns says "Uten fastlege"
 * (it waits in the sending unit's unassigned queue, at no GP), wherever a task's state is shown.
 */
export function taskStateLabel(task: { status: string; owner?: unknown }, statusLabels: Record<string, string>, language: Language): string {
  if (isUnassignedTask(task)) return language === 'en' ? UNASSIGNED_GROUP.displayEn : UNASSIGNED_GROUP.display;
  return statusLabels[task.status] ?? task.status;
}
