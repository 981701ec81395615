import { CapabilityCsvFileError, MAX_CSV_ROWS, capabilityAfterRow, csvRecords, parseCapabilityCsv } from './capability-csv';

const fileError = (text: string) => {
  try {
    parseCapabilityCsv(text);
  } catch (error) {
    if (error instanceof CapabilityCsvFileError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('no file error');
};

describe('capability CSV', () => {
  it('splits records with quoted separators, quotes and line breaks, numbering records by the line they start on', () => {
    expect(csvRecords('a;b\r\n"x;y";"say ""hi"""\n"two\nlines";z\n', ';')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x;y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
    ]);
    expect(csvRecords('a,b\n1,2', ',')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
  });

  it('reads the header in any order and case, with commas or semicolons, skipping a BOM and blank lines', () => {
    const parsed = parseCapabilityCsv('\uFEFFEPJ,OrgNr,PLL_since\n"CGM Allmenn",974760673,2024-03-01\n\n, 974760673 ,\n');
    expect(parsed.columns).toEqual(['epj', 'orgnr', 'pll_since']);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      { row: 2, orgnr: '974760673', capability: { epjSystem: 'CGM Allmenn', pllInUseSince: '2024-03-01' } },
      { row: 4, orgnr: '974760673', capability: { epjSystem: '', pllInUseSince: '' } },
    ]);
  });

  it('reports bad rows by line and column and keeps the good ones', () => {
    const parsed = parseCapabilityCsv(
      ['orgnr;her_id;pll_since;emultidose_since;epj', '974760674;;2024-01-01;;', ';8100001;2024-01-01;;Infodoc', ';;2024-01-01;;', ';81-1;;;', `974760673;;;;${'x'.repeat(201)}`, '974760673;;', ';8100002;2024-01-01;2025-02-30;Infodoc'].join('\n'),
    );
    expect(parsed.rows.map((row) => row.row)).toEqual([3, 8]);
    expect(parsed.errors.map((error) => [error.row, error.field])).toEqual([
      [2, 'orgnr'],
      [4, 'orgnr'],
      [5, 'her_id'],
      [6, 'epj'],
      [7, 'row'],
    ]);
    expect(parsed.errors[0].message).toContain('wrong check digit');
    // Dates are judged with the office's capability (by the import), not here.
    expect(parsed.rows[1].capability.eMultidoseConnectedSince).toBe('2025-02-30');
  });

  it('refuses a file it cannot read as a whole, saying why', () => {
    expect(fileError('orgnr;epj\n974760673;In\u0000fodoc\n').message).toContain('NUL');
    expect(fileError('').message).toContain('empty');
    expect(fileError('orgnr;colour\n1;2\n').message).toContain('unknown column "colour"');
    expect(fileError('orgnr;orgnr;epj\n').message).toContain('named twice');
    expect(fileError('epj\nInfodoc\n').message).toContain('neither orgnr nor her_id');
    expect(fileError('orgnr\n974760673\n').message).toContain('no capability column');
    expect(fileError('orgnr;epj\n"974760673;x\n').message).toContain('never closed');
    expect(fileError(`orgnr;epj\n${'974760673;x\n'.repeat(MAX_CSV_ROWS + 1)}`)).toEqual({ status: 413, message: expect.stringContaining(`at most ${MAX_CSV_ROWS}`) });
    expect(fileError(`orgnr;epj\n${'974760673;x\n'.repeat(100_000)}`).status).toBe(413);
  });

  it('lays a row over the office\'s capability: a column left out keeps, an empty cell clears', () => {
    const current = { pllInUseSince: '2024-01-01', eMultidoseConnectedSince: '2025-01-01', epjSystem: 'Infodoc' };
    expect(capabilityAfterRow(current, { row: 2, capability: { epjSystem: 'System X', eMultidoseConnectedSince: '' } })).toEqual({ pllInUseSince: '2024-01-01', epjSystem: 'System X' });
  });
});
