import { checkNorwegianIdentifier } from './identifier-rules';
import { IdentifierSystem } from './identifier-systems';

describe('checkNorwegianIdentifier', () => {
  it('accepts valid numbers in each Norwegian system', () => {
    expect(checkNorwegianIdentifier(IdentifierSystem.Fodselsnummer, '04835000023')).toBeUndefined();
    expect(checkNorwegianIdentifier(IdentifierSystem.DNummer, '57859010050')).toBeUndefined();
    expect(checkNorwegianIdentifier(IdentifierSystem.Organisasjonsnummer, '974760673')).toBeUndefined();
    expect(checkNorwegianIdentifier(IdentifierSystem.Hpr, '9144901')).toBeUndefined();
    expect(checkNorwegianIdentifier(IdentifierSystem.Hpr, '1')).toBeUndefined();
    expect(checkNorwegianIdentifier(IdentifierSystem.Resh, '4201001')).toBeUndefined();
    expect(checkNorwegianIdentifier(IdentifierSystem.Her, '8100001')).toBeUndefined();
  });

  it('says what is wrong with a fødselsnummer', () => {
    expect(checkNorwegianIdentifier(IdentifierSystem.Fodselsnummer, '12345678901')).toBe('"12345678901" is not a valid fødselsnummer: wrong check digits');
    expect(checkNorwegianIdentifier(IdentifierSystem.Fodselsnummer, '0483500002')).toBe('"0483500002" is not a valid fødselsnummer: it must be exactly 11 digits');
    expect(checkNorwegianIdentifier(IdentifierSystem.Fodselsnummer, '29820150064')).toBe(
      '"29820150064" is not a valid fødselsnummer: the first six digits are not a valid birth date',
    );
  });

  it('points out a D-nummer sent as a fødselsnummer, and the reverse', () => {
    expect(checkNorwegianIdentifier(IdentifierSystem.Fodselsnummer, '57859010050')).toContain(`it is a valid D-nummer; use system ${IdentifierSystem.DNummer}`);
    expect(checkNorwegianIdentifier(IdentifierSystem.DNummer, '17859010067')).toContain(
      `it is a valid fødselsnummer; use system ${IdentifierSystem.Fodselsnummer}`,
    );
  });

  it('checks organisasjonsnummer, HPR, RESH and HER numbers', () => {
    expect(checkNorwegianIdentifier(IdentifierSystem.Organisasjonsnummer, '974760674')).toBe('"974760674" is not a valid organisasjonsnummer: wrong check digit');
    expect(checkNorwegianIdentifier(IdentifierSystem.Organisasjonsnummer, '974 760 673')).toContain('exactly 9 digits');
    expect(checkNorwegianIdentifier(IdentifierSystem.Hpr, '1234567890')).toContain('not a valid HPR-nummer');
    expect(checkNorwegianIdentifier(IdentifierSystem.Hpr, 'HPR123')).toContain('not a valid HPR-nummer');
    expect(checkNorwegianIdentifier(IdentifierSystem.Resh, '42O1001')).toContain('not a valid RESH-id');
    expect(checkNorwegianIdentifier(IdentifierSystem.Her, '81-00001')).toContain('not a valid HER-id');
  });

  it('leaves other systems and missing parts alone', () => {
    expect(checkNorwegianIdentifier('urn:bro:test:task', 'anything at all')).toBeUndefined();
    expect(checkNorwegianIdentifier(undefined, '12345678901')).toBeUndefined();
    expect(checkNorwegianIdentifier(IdentifierSystem.Fodselsnummer, undefined)).toBeUndefined();
  });
});
