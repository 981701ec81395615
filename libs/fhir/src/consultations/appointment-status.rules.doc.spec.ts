import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APPOINTMENT_MOVES, INITIAL_APPOINTMENT_STATUSES } from './appointment-status.rules';

/** The lifecycle table as docs/consultations.md shows it: moves with the same target, parties and reason share a row. */
function lifecycleTable(): string {
  const rows = new Map<string, { from: string[]; to: string; by: string; when: string }>();
  for (const rule of APPOINTMENT_MOVES) {
    const key = `${rule.to}|${rule.by.join()}|${rule.when}`;
    const row = rows.get(key) ?? { from: [], to: rule.to, by: rule.by.join(', '), when: rule.when };
    row.from.push(rule.from);
    rows.set(key, row);
  }
  const lines = [
    '| from | to | by | when |',
    '|---|---|---|---|',
    ...INITIAL_APPOINTMENT_STATUSES.map((status) => `| (new) | ${status} | coordinator | the coordinator proposes one or more times |`),
    ...[...rows.values()].map((row) => `| ${row.from.join(', ')} | ${row.to} | ${row.by} | ${row.when} |`),
  ];
  return lines.join('\n');
}

describe('docs/consultations.md', () => {
  it('shows the lifecycle table the rules enforce', () => {
    const doc = readFileSync(join(__dirname, '../../../../docs/consultations.md'), 'utf8');
    const shown = doc.match(/<!-- lifecycle-table:start -->\n([\s\S]*?)\n<!-- lifecycle-table:end -->/)?.[1];
    expect(shown).toBe(lifecycleTable());
  });
});
