import { RedactingLogger, redactPersonNumbers } from './redacting.logger';

describe('log redaction', () => {
  it('masks fødselsnumre and D-numre, with or without a space, and nothing else', () => {
    expect(redactPersonNumbers('Patient 01019012345 and 410190 12345 failed')).toBe('Patient *********** and *********** failed');
    expect(redactPersonNumbers('HPR 9144901, orgnr 910000012, 123456789012 digits')).toBe('HPR 9144901, orgnr 910000012, 123456789012 digits');
  });

  it('keeps identifiers out of what the logger writes', () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    const errors = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const logger = new RedactingLogger('Test');
      logger.log('hand-over for 01019012345 received');
      logger.error('could not store Patient identifier urn:oid:2.16.578.1.12.4.1.4.1|01019012345', 'Error: 01019012345\n    at x');
    } finally {
      spy.mockRestore();
      errors.mockRestore();
    }
    const output = written.join('');
    expect(output).toContain('hand-over for *********** received');
    expect(output).not.toMatch(/01019012345/);
  });
});
