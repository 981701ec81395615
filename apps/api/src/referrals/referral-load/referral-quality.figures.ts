import { CountCell, SUPPRESSED } from '@app/fhir/board/board-metrics';
import { MedianCell, ReferralFigures } from '@app/fhir/referrals/referral-board-panel';
import { Disclosure, SameTasks, TaskCount } from '../../access/complementary-suppression';
import { MeasureCounts, ReferralWeeklyFigures } from './referral-figures.query';

function shareOf(count: CountCell, of: CountCell): number | null {
  return typeof count === 'number' && typeof of === 'number' && of > 0 ? Math.round((count / of) * 1000) / 1000 : null;
}

/**
 * The quality team's referral figures of one scope, suppressed: every count about 1–4 patients is "<5",
 * and where a total is shown beside its breakdown a lone hidden cell takes another with it. Cells that
 * count the same referrals: the rejections in total, by week, by unit and by reason, and as routed,
 * objected and not routed; the routed in total, by week and by unit; the triaged in total, by week and
 * by outcome; each kind of breach in total and by week. A median is hidden with the cell it comes from.
 */
export function suppressedReferralFigures(scope: string, figures: ReferralWeeklyFigures): ReferralFigures {
  const { totals, weeks, byUnit, byReason, outcomes, calendar } = figures;
  const sameTasks: SameTasks[] = [
    { whole: [totals.rejected.n], parts: weeks.map((week) => week.rejected.n) },
    { whole: [totals.rejected.n], parts: byUnit.map((unit) => unit.n) },
    { whole: [totals.rejected.n], parts: byReason.map((reason) => reason.n) },
    { whole: [totals.rejected.n], parts: [totals.rejected.routed, totals.rejected.objected, totals.rejected.notRouted] },
    { whole: [totals.rejected.routed], parts: weeks.map((week) => week.rejected.routed) },
    { whole: [totals.rejected.routed], parts: byUnit.map((unit) => unit.routed) },
    { whole: [totals.triaged.n], parts: weeks.map((week) => week.triaged.n) },
    { whole: [totals.triaged.n], parts: outcomes.map((outcome) => outcome.n) },
    { whole: [totals.assessmentBreaches.n], parts: weeks.map((week) => week.assessmentBreaches.n) },
    { whole: [totals.triageBreaches.n], parts: weeks.map((week) => week.triageBreaches.n) },
  ];
  const disclosure = new Disclosure(sameTasks);
  const show = (cell: TaskCount) => disclosure.show(cell);
  const medianOf = (counts: MeasureCounts, value: number | null): MedianCell => (disclosure.isHidden(counts.n) ? SUPPRESSED : value);
  const rejected = show(totals.rejected.n);
  const routed = show(totals.rejected.routed);
  return {
    scope,
    from: calendar.weeks[0].weekStart,
    to: calendar.today,
    totals: {
      rejected,
      routed,
      objected: show(totals.rejected.objected),
      notRouted: show(totals.rejected.notRouted),
      routedShare: shareOf(routed, rejected),
      triaged: show(totals.triaged.n),
      assessmentBreaches: show(totals.assessmentBreaches.n),
      triageBreaches: show(totals.triageBreaches.n),
    },
    weeks: weeks.map((week) => {
      const weekRejected = show(week.rejected.n);
      const weekRouted = show(week.rejected.routed);
      return {
        week: week.week,
        weekStart: week.weekStart,
        rejected: weekRejected,
        routed: weekRouted,
        routedShare: shareOf(weekRouted, weekRejected),
        triaged: show(week.triaged.n),
        medianHoursToTriage: medianOf(week.triaged, week.triaged.medianHours),
        assessmentBreaches: show(week.assessmentBreaches.n),
        triageBreaches: show(week.triageBreaches.n),
      };
    }),
    // Rows whose count is hidden come after the others, by name: their place in the ranking would bound it.
    byUnit: disclosure.ranked(byUnit, (unit) => unit.n, (unit) => unit.name).map((unit) => ({ unit: unit.unit, name: unit.name, rejected: show(unit.n), routed: show(unit.routed) })),
    byReason: disclosure.ranked(byReason, (reason) => reason.n, (reason) => reason.reason).map((reason) => ({ reason: reason.reason, rejected: show(reason.n) })),
    outcomes: disclosure.ranked(outcomes, (outcome) => outcome.n, (outcome) => outcome.outcome).map((outcome) => ({ outcome: outcome.outcome, count: show(outcome.n) })),
    timeToTriage: {
      medianHours: medianOf(totals.triaged, totals.triaged.medianHours),
      medianWorkingDays: medianOf(totals.triaged, totals.triaged.medianWorkingDays),
      cases: show(totals.triaged.n),
    },
  };
}
