import { DomainError } from '../../common/errors/domain-error';
import { keysetAfter, parseSort } from './search-sort';

function refusal(call: () => unknown): DomainError {
  try {
    call();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('_sort', () => {
  it('reads several keys in priority order, each with its direction and a never-NULL expression', () => {
    const keys = parseSort('Task', 'status,-authored-on,_id');
    expect(keys.map((key) => [key.name, key.descending, key.valueKind])).toEqual([
      ['status', false, 'text'],
      ['authored-on', true, 'instant'],
      ['_id', false, 'id'],
    ]);
    expect(keys[0].expression).toContain("COALESCE(\"sp_status\", '')");
    expect(keys[1].expression).toBe(`COALESCE("sp_authored_on_start", '-infinity'::timestamptz)`);
  });

  it.each([
    ['a multi-valued token', 'code'],
    ['a reference', 'owner'],
    ['an unknown parameter', 'colour'],
    ['an empty key', 'status,,_id'],
    ['the same key twice', 'status,-status'],
    ['more than four keys', 'status,priority,authored-on,period,_id'],
  ])('refuses %s with 400', (_what, raw) => {
    expect(refusal(() => parseSort('Task', raw)).status).toBe(400);
  });
});

describe('keyset position', () => {
  const column = (sql: string, descending: boolean) => ({ sql, value: `$${sql}`, descending });

  it('is one row comparison when every key runs the same way, so an index serves it', () => {
    expect(keysetAfter([column('a', true), column('id', true)])).toBe('(a, id) < ($a, $id)');
    expect(keysetAfter([column('a', false), column('b', false), column('id', false)])).toBe('(a, b, id) > ($a, $b, $id)');
  });

  it('expands to "earlier keys equal, this one beyond" for mixed directions', () => {
    expect(keysetAfter([column('a', false), column('b', true), column('id', true)])).toBe(
      '((a > $a) OR (a = $a AND b < $b) OR (a = $a AND b = $b AND id < $id))',
    );
  });

  it('gives, on rows sorted by it, exactly the rows after the position', () => {
    // Every row of a small grid, ordered by a ascending, b descending, id ascending.
    const rows: Array<{ a: number; b: number; id: number }> = [];
    for (const a of [1, 2, 3]) for (const b of [1, 2]) for (const id of [1, 2]) rows.push({ a, b, id });
    const ordered = [...rows].sort((x, y) => x.a - y.a || y.b - x.b || x.id - y.id);
    const condition = keysetAfter([column('a', false), column('b', true), column('id', false)]);
    const evaluate = (row: { a: number; b: number; id: number }, at: { a: number; b: number; id: number }) =>
      // The SQL's own text, evaluated in JavaScript with the row's and the position's values.
      new Function('a', 'b', 'id', '$a', '$b', '$id', `return ${condition.replace(/ = /g, ' === ').replace(/ AND /g, ' && ').replace(/ OR /g, ' || ')};`)(
        row.a, row.b, row.id, at.a, at.b, at.id,
      ) as boolean;
    ordered.forEach((position, index) => {
      expect(rows.filter((row) => evaluate(row, position)).length).toBe(ordered.length - index - 1);
      expect(ordered.slice(index + 1).every((row) => evaluate(row, position))).toBe(true);
    });
  });
});
