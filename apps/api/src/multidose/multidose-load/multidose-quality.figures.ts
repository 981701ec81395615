import { MultidoseFigures, MultidoseWeekFigures } from '@app/fhir/multidose/multidose-board-panel';
import { Disclosure, SameTasks } from '../../access/complementary-suppression';
import { MultidoseNowCounts, MultidoseWeekCounts, MultidoseWeeklyCounts } from './multidose-figures.query';
import { multidosePatientGroups, shownMultidosePatients } from './multidose-board-panel.provider';

/**
 * The quality team's multidose figures as shown: every count about 1–4 patients as `<5`; a week's overdue
 * updates are part of its due ones, and each week is part of the period's total, so those count the same
 * updates (complementary suppression). A median or share is shown only with the cells it is about.
 */
export function suppressedMultidoseFigures(scope: string, counted: MultidoseWeeklyCounts, now: MultidoseNowCounts): MultidoseFigures {
  const groups: SameTasks[] = [];
  for (const measure of ['created', 'completed', 'due', 'overdue', 'deviations'] as const) {
    groups.push({ whole: [counted.totals[measure]], parts: counted.weeks.map((week) => week[measure]) });
  }
  const disclosure = new Disclosure(groups);
  const shown = (counts: MultidoseWeekCounts): MultidoseWeekFigures => {
    const dueHidden = disclosure.isHidden(counts.due) || disclosure.isHidden(counts.overdue);
    const completedHidden = disclosure.isHidden(counts.completed);
    return {
      created: disclosure.show(counts.created),
      completed: disclosure.show(counts.completed),
      medianHoursToList: completedHidden ? null : counts.medianHoursToList,
      medianWorkingDaysToList: completedHidden ? null : counts.medianWorkingDaysToList,
      due: disclosure.show(counts.due),
      overdue: disclosure.show(counts.overdue),
      overdueShare: dueHidden || counts.due.tasks === 0 ? null : Math.round((counts.overdue.tasks / counts.due.tasks) * 1000) / 1000,
      deviations: disclosure.show(counts.deviations),
    };
  };
  // The patients now exactly as the board shows them (its own groups and suppression).
  const patients = shownMultidosePatients(now, new Disclosure(multidosePatientGroups(now)));
  return {
    scope,
    weeks: counted.weeks.map((week) => ({ week: week.week, weekStart: week.weekStart, ...shown(week) })),
    totals: shown(counted.totals),
    now: patients,
  };
}
