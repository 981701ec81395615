import type { HandoverTaskCounts } from '@app/fhir/api/api-answers';
import { HANDOVER_TASK_STANDINGS } from '@app/fhir/transfers/handover-task-standing';
import { useLanguage } from '../i18n/LanguageProvider';
import { useHandoverTexts } from './handovers.texts';

/** The columns of how a hand-over's tasks stand, as the list and one opened hand-over show them: all its tasks, then one column per standing. */
export function HandoverCountHeaders() {
  const { t } = useLanguage();
  const { ht } = useHandoverTexts();
  return (
    <>
      <th scope="col" className="number">
        {t.handovers.columns.tasks}
      </th>
      {HANDOVER_TASK_STANDINGS.map((standing) => (
        <th key={standing} scope="col" className="number" title={ht.columnHints[standing]}>
          {ht.columns[standing]}
        </th>
      ))}
    </>
  );
}

/** One hand-over's counts under `HandoverCountHeaders`. */
export function HandoverCountCells({ counts }: { counts: HandoverTaskCounts }) {
  return (
    <>
      <td className="number">{counts.total}</td>
      {HANDOVER_TASK_STANDINGS.map((standing) => (
        <td key={standing} className="number">
          {counts[standing]}
        </td>
      ))}
    </>
  );
}
