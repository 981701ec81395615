import { CountCell, SUPPRESSED } from '@app/fhir/board/board-metrics';
import { RateCell, ReadmissionCounts, RevolvingDoorBoardPanel, RevolvingDoorFigures, RevolvingDoorPatients } from '@app/fhir/api/revolving-door-answers';
import { Disclosure, SameTasks } from '../../access/complementary-suppression';
import { PatientCountsRaw, ReadmissionCountsRaw, RevolvingDoorFiguresRaw } from './revolving-door-figures.query';

/** The share readmitted, to three decimals; hidden with either of its counts, null with nothing to divide by. */
export function rateOf(readmitted: CountCell, discharges: CountCell): RateCell {
  if (readmitted === SUPPRESSED || discharges === SUPPRESSED) return SUPPRESSED;
  return discharges > 0 ? Math.round((readmitted / discharges) * 1000) / 1000 : null;
}

function shownReadmissions(counts: ReadmissionCountsRaw, disclosure: Disclosure): ReadmissionCounts {
  const discharges = disclosure.show(counts.discharges);
  const readmitted = disclosure.show(counts.readmitted);
  return { discharges, readmitted, rate: rateOf(readmitted, discharges) };
}

function shownPatients(counts: PatientCountsRaw, disclosure: Disclosure): RevolvingDoorPatients {
  return { total: disclosure.show(counts.total), withJointConsultation: disclosure.show(counts.withJoint), withoutJointConsultation: disclosure.show(counts.withoutJoint) };
}

/**
 * Cells that count the same stays or patients: the discharges (and the readmitted) in total and by week, in
 * total and by unit; the revolving-door patients and their with/without split. Each readmitted count is part
 * of its discharges, so a hidden readmitted count cannot be read off a shown rate either: the rate is hidden with it.
 */
function groupsOf(raw: RevolvingDoorFiguresRaw, patients: PatientCountsRaw, totals: ReadmissionCountsRaw): SameTasks[] {
  return [
    { whole: [totals.discharges], parts: raw.weeks.map((week) => week.discharges) },
    { whole: [totals.readmitted], parts: raw.weeks.map((week) => week.readmitted) },
    { whole: [totals.discharges], parts: raw.byUnit.map((unit) => unit.discharges) },
    { whole: [totals.readmitted], parts: raw.byUnit.map((unit) => unit.readmitted) },
    { whole: [patients.total], parts: [patients.withJoint, patients.withoutJoint] },
  ];
}

/** The quality team's revolving-door figures of one scope, suppressed as the board suppresses. */
export function suppressedRevolvingDoorFigures(scope: string, raw: RevolvingDoorFiguresRaw): RevolvingDoorFigures {
  const disclosure = new Disclosure(groupsOf(raw, raw.patients, raw.totals));
  const byUnit = disclosure.ranked(raw.byUnit, (unit) => unit.discharges, (unit) => unit.name);
  return {
    scope,
    from: raw.calendar.weeks[0].weekStart,
    to: raw.calendar.today,
    totals: shownReadmissions(raw.totals, disclosure),
    patients: shownPatients(raw.patients, disclosure),
    weeks: raw.weeks.map((week) => ({ week: week.week, weekStart: week.weekStart, complete: week.complete, ...shownReadmissions(week, disclosure) })),
    byUnit: byUnit.map((unit) => ({ unit: unit.unit, name: unit.name, ...shownReadmissions(unit, disclosure) })),
  };
}

/** The board's panel: the last 30 days, the patients readmitted in them, and the weekly trend. */
export function countedRevolvingDoor(raw: RevolvingDoorFiguresRaw): { sameTasks: SameTasks[]; show(disclosure: Disclosure): RevolvingDoorBoardPanel } {
  // The board shows no total beside the weeks: only the patients and their split add up to a shown cell.
  const sameTasks: SameTasks[] = [{ whole: [raw.recentPatients.total], parts: [raw.recentPatients.withJoint, raw.recentPatients.withoutJoint] }];
  return {
    sameTasks,
    show(disclosure: Disclosure): RevolvingDoorBoardPanel {
      return {
        last30Days: shownReadmissions(raw.recent, disclosure),
        patients: shownPatients(raw.recentPatients, disclosure),
        trend: raw.weeks.map((week) => ({ week: week.week, weekStart: week.weekStart, complete: week.complete, ...shownReadmissions(week, disclosure) })),
      };
    },
  };
}

