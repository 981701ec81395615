import { figureOf } from './board-snapshot-timing';

describe('figureOf', () => {
  it('names a query after the board code that ran it, and a patient count after the figure it is for', () => {
    const weeks = `Error
    at RecordingDatabase.query (/x/tools/bench/board-snapshot-timing.ts:40:20)
    at TaskLoadQuery.weeks (/x/apps/api/src/board/task-load.query.ts:222:30)
    at async Promise.all (index 2)
    at async BoardSnapshotService.snapshot (/x/apps/api/src/board/board-snapshot.service.ts:50:5)`;
    expect(figureOf(weeks)).toBe('weeks');
    const patients = `Error
    at RecordingDatabase.query (/x/tools/bench/board-snapshot-timing.ts:40:20)
    at TaskLoadQuery.countPatients (/x/apps/api/src/board/task-load.query.ts:150:30)
    at async TaskLoadQuery.now (/x/apps/api/src/board/task-load.query.ts:180:5)
    at async BoardSnapshotService.snapshot (/x/apps/api/src/board/board-snapshot.service.ts:50:5)`;
    expect(figureOf(patients)).toBe('now → countPatients');
    expect(figureOf('Error\n    at somewhere (x.ts:1:1)')).toBe('other');
  });
});
