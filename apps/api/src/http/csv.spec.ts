import { csvCell, csvLine } from './csv';

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","Klikk")', `"'=HYPERLINK(""http://evil.example"",""Klikk"")"`],
    ['+47 55 00 00 00', "'+47 55 00 00 00"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises the text cell %j so a spreadsheet shows it instead of running it', (text, cell) => {
    expect(csvCell(text)).toBe(cell);
  });

  it('neutralises a text cell that only looks like a negative number, but keeps numbers as numbers', () => {
    expect(csvCell('-5')).toBe("'-5");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(3.5)).toBe('3.5');
  });

  it('leaves ordinary text, "<5", dates and weeks alone', () => {
    expect(csvLine(['Sentrum legesenter', '<5', '2025-03-17', '2025-W12', 'a=b'])).toBe('Sentrum legesenter,<5,2025-03-17,2025-W12,a=b');
  });

  it('quotes separators, quotes and line breaks, and writes nothing for null', () => {
    expect(csvLine(['a,b', 'a;b', 'a"b', 'a\nb', null, undefined], ';')).toBe('"a,b";"a;b";"a""b";"a\nb";;');
  });
});
