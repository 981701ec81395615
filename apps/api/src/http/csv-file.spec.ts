import { csvFile, parseCsvFormat } from './csv-file';

describe('CSV files for spreadsheets and BI tools', () => {
  const table = { about: 'Bro: periode 2026-01-05 til 2026-03-29', header: ['navn', 'antall', 'median'], rows: [['Åsane legesenter', 12, 3.5], ['Sentrum; Bergen', null, -0.25]] };

  it('writes Excel in bokmål a file it opens right: byte order mark, semicolons, decimal comma, CRLF, a first line about the file', () => {
    const file = csvFile('excel', table);
    expect(file.startsWith('\uFEFF')).toBe(true);
    expect(file.slice(1).split('\r\n')).toEqual(['Bro: periode 2026-01-05 til 2026-03-29', 'navn;antall;median', 'Åsane legesenter;12;3,5', '"Sentrum; Bergen";;-0,25', '']);
  });

  it('writes the standard file for Power BI: commas, decimal point, the header first', () => {
    const file = csvFile('standard', table);
    expect(file.startsWith('\uFEFF')).toBe(true);
    expect(file.slice(1).split('\r\n')).toEqual(['navn,antall,median', 'Åsane legesenter,12,3.5', '"Sentrum; Bergen",,-0.25', '']);
  });

  it('takes excel by default and refuses a format it does not know', () => {
    expect(parseCsvFormat(undefined)).toBe('excel');
    expect(parseCsvFormat('standard')).toBe('standard');
    expect(() => parseCsvFormat('xlsx')).toThrow('format is one of excel, standard');
  });
});
