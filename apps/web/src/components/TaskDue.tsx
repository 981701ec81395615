import { TaskSummary } from '../api/types';
import { useLanguage } from '../i18n/LanguageProvider';
import { formatDate } from '../i18n/format';

/** A task's due day, marked "over frist" once it has passed: the due column of the GP's inbox and of a hand-over's tasks. */
export function TaskDue({ task }: { task: Pick<TaskSummary, 'due' | 'overdue'> }) {
  const { t, language } = useLanguage();
  return (
    <>
      {formatDate(task.due, language)}
      {task.overdue && <span className="tag alert">{t.inbox.overdueMark}</span>}
    </>
  );
}
