import { isUnassignedTask } from '@app/fhir/transfers/handover-task-standing';
import { TaskSummary } from '../api/types';
import { useLanguage } from '../i18n/LanguageProvider';
import { taskStateLabel } from '../i18n/labels';

/** A task's state as a tag: its status, or "Uten fastlege" for an open task nobody owns (the unit's unassigned queue). */
export function TaskState({ task }: { task: Pick<TaskSummary, 'status' | 'owner'> }) {
  const { t, language } = useLanguage();
  const kind = isUnassignedTask(task) ? 'no-gp' : task.status;
  return <span className={`status status-${kind}`}>{taskStateLabel(task, t.status, language)}</span>;
}
