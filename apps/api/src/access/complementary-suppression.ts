import { CountCell, SUPPRESSED, suppressedCount } from '@app/fhir/board/board-metrics';

/**
 * A count of tasks, and of the patients they are about as far as suppression needs it: exact below
 * five, and five where there are surely at least five.
 */
export interface TaskCount {
  tasks: number;
  patients: number;
}

/**
 * Cells of one table that count the same tasks: a shown total (`whole`) and its breakdown (`parts`),
 * or two breakdowns of one period. Whoever reads the table knows the two sides add up to the same.
 */
export interface SameTasks {
  whole: TaskCount[];
  parts: TaskCount[];
}

const sum = (cells: TaskCount[]) => cells.reduce((total, cell) => total + cell.tasks, 0);

/**
 * Which counts a table may show. Primary suppression hides every count about 1–4 patients. That alone
 * is not enough where a total is shown beside its parts: with exactly one part hidden, the total minus
 * the others gives it back. So, in every group of cells counting the same tasks, a lone hidden cell
 * takes the group's smallest other non-zero cell with it (complementary suppression; a part before a
 * total on a tie, as a total sits in several groups). Hiding that cell can leave a lone hidden cell in
 * another group it belongs to, so this repeats until no group has one.
 *
 * A group whose sides do not add up to the same (tasks without a category, unit or office, which no
 * cell shows) is left alone: its unseen remainder already keeps a hidden cell from being worked out.
 * Zero is never hidden: it is no one, and showing "<5" for it would be false.
 */
export class Disclosure {
  private readonly hidden = new Set<TaskCount>();

  /**
   * `knownToViewer` names the cells whose every task the one reading the table may see anyway (a GP
   * on their own office's board, every task of it theirs or the office's): suppression protects
   * patients from those who could not see them, so such a cell is shown exactly. Hiding it would
   * protect nothing, so it is never taken as a complement either; a hidden cell beside it still gets
   * one, since a group with a cell the viewer may not see has another on its other side.
   */
  constructor(
    groups: SameTasks[],
    private readonly knownToViewer: (cell: TaskCount) => boolean = () => false,
  ) {
    const exact = groups.filter((group) => sum(group.whole) === sum(group.parts));
    for (let changed = true; changed; ) {
      changed = false;
      for (const { whole, parts } of exact) {
        const members = [...parts, ...whole];
        if (members.filter((cell) => this.isHidden(cell)).length !== 1) continue;
        const candidates = members.filter((cell) => cell.tasks > 0 && !this.isHidden(cell) && !this.knownToViewer(cell));
        // Stable sort: among equal counts, the first listed (a part) is taken.
        const smallest = candidates.sort((a, b) => a.tasks - b.tasks)[0];
        if (!smallest) continue;
        this.hidden.add(smallest);
        changed = true;
      }
    }
  }

  isHidden(cell: TaskCount): boolean {
    if (this.knownToViewer(cell)) return false;
    return this.hidden.has(cell) || suppressedCount(cell.tasks, cell.patients) === SUPPRESSED;
  }

  show(cell: TaskCount): CountCell {
    return this.isHidden(cell) ? SUPPRESSED : cell.tasks;
  }

  /**
   * Rows biggest first by the count they are ranked by, the hidden ones after all shown ones in the
   * order of `label`: ranking a hidden row among shown ones would tell between which two numbers it lies.
   */
  ranked<Row>(rows: Row[], countOf: (row: Row) => TaskCount, label: (row: Row) => string): Row[] {
    const hidden = (row: Row) => this.isHidden(countOf(row));
    return [...rows].sort((a, b) => {
      if (hidden(a) !== hidden(b)) return hidden(a) ? 1 : -1;
      if (!hidden(a) && countOf(a).tasks !== countOf(b).tasks) return countOf(b).tasks - countOf(a).tasks;
      return label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0;
    });
  }
}
