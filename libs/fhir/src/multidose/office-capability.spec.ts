import {
  GP_OFFICE_CAPABILITY_EXTENSION,
  hasOfficeCapability,
  isCalendarDate,
  isGpOffice,
  officeCapabilityOf,
  officeCapabilityProblems,
  officeCapabilityShapeProblems,
  withOfficeCapability,
} from './office-capability';

const TODAY = '2026-12-06';
const office = { resourceType: 'Organization', type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'gp-office' }] }], name: 'Sentrum legesenter' };

describe('GP office capability', () => {
  it('writes the capability as one complex extension and reads it back, keeping other extensions', () => {
    const other = { url: 'urn:example:other', valueString: 'kept' };
    const written = withOfficeCapability({ ...office, extension: [other] }, { pllInUseSince: '2024-03-01', eMultidoseConnectedSince: '2025-01-15', epjSystem: '  Infodoc ' });
    expect(written.extension).toEqual([
      other,
      {
        url: GP_OFFICE_CAPABILITY_EXTENSION,
        extension: [
          { url: 'pll-in-use-since', valueDate: '2024-03-01' },
          { url: 'e-multidose-connected-since', valueDate: '2025-01-15' },
          { url: 'epj-system', valueString: 'Infodoc' },
        ],
      },
    ]);
    expect(officeCapabilityOf(written)).toEqual({ pllInUseSince: '2024-03-01', eMultidoseConnectedSince: '2025-01-15', epjSystem: 'Infodoc' });
    expect(hasOfficeCapability(written)).toBe(true);
    // Nothing known: the extension goes, and so does an emptied extension list.
    expect(withOfficeCapability(written, {}).extension).toEqual([other]);
    expect('extension' in withOfficeCapability({ ...office, extension: written.extension.slice(1) }, { epjSystem: ' ' })).toBe(false);
  });

  it('reads an office without the extension as having none, and skips parts of the wrong type', () => {
    expect(officeCapabilityOf(office)).toBeUndefined();
    expect(officeCapabilityOf({ ...office, extension: [{ url: GP_OFFICE_CAPABILITY_EXTENSION, extension: [{ url: 'pll-in-use-since', valueString: '2024-01-01' }, { url: 'epj-system', valueString: 'CGM Allmenn' }] }] })).toEqual({
      epjSystem: 'CGM Allmenn',
    });
    expect(isGpOffice(office)).toBe(true);
    expect(isGpOffice({ ...office, type: [{ coding: [{ system: 'urn:bro:organization-type', code: 'hospital-unit' }] }] })).toBe(false);
  });

  it('knows real calendar days', () => {
    expect(['2024-02-29', '2026-12-31', '2010-01-01'].every(isCalendarDate)).toBe(true);
    expect(['2025-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '01.03.2024', '2026-12-06T10:00:00Z', 20260101].some(isCalendarDate)).toBe(false);
  });

  it('refuses impossible dates, e-multidose without or before PLL, and odd EPJ names, field by field', () => {
    expect(officeCapabilityProblems({ pllInUseSince: '2024-03-01', eMultidoseConnectedSince: '2024-03-01', epjSystem: 'System X' }, TODAY)).toEqual([]);
    expect(officeCapabilityProblems({ pllInUseSince: TODAY }, TODAY)).toEqual([]);
    expect(officeCapabilityProblems({}, TODAY)).toEqual([]);
    const fields = (capability: Parameters<typeof officeCapabilityProblems>[0]) => officeCapabilityProblems(capability, TODAY).map((problem) => problem.field);
    expect(fields({ pllInUseSince: '2026-12-07' })).toEqual(['pllInUseSince']);
    expect(fields({ pllInUseSince: '2009-12-31' })).toEqual(['pllInUseSince']);
    expect(fields({ pllInUseSince: '2025-02-30', eMultidoseConnectedSince: '2025-03-01' })).toEqual(['pllInUseSince']);
    expect(fields({ eMultidoseConnectedSince: '2025-03-01' })).toEqual(['eMultidoseConnectedSince']);
    expect(officeCapabilityProblems({ pllInUseSince: '2025-03-02', eMultidoseConnectedSince: '2025-03-01' }, TODAY)[0].message).toContain('cannot start first');
    expect(fields({ epjSystem: 'x'.repeat(101) })).toEqual(['epjSystem']);
    expect(fields({ epjSystem: 'Info\ndoc' })).toEqual(['epjSystem']);
    expect(officeCapabilityProblems({ pllInUseSince: 'Info\u0000' }, TODAY)[0].message).toContain('"Info�"');
  });

  it('names what is wrong with the extension\'s shape', () => {
    const shaped = (extension: unknown[]) => officeCapabilityShapeProblems({ ...office, extension });
    expect(shaped([{ url: GP_OFFICE_CAPABILITY_EXTENSION, extension: [{ url: 'pll-in-use-since', valueDate: '2024-01-01' }] }])).toEqual([]);
    expect(shaped([{ url: GP_OFFICE_CAPABILITY_EXTENSION, valueString: 'x', extension: [{ url: 'epj-system', valueString: 'x' }] }])[0]).toContain('complex extension');
    expect(shaped([{ url: GP_OFFICE_CAPABILITY_EXTENSION, extension: [] }])[0]).toContain('no parts');
    expect(shaped([{ url: GP_OFFICE_CAPABILITY_EXTENSION, extension: [{ url: 'pll', valueDate: '2024-01-01' }] }])[0]).toContain('unknown part "pll"');
    expect(shaped([{ url: GP_OFFICE_CAPABILITY_EXTENSION, extension: [{ url: 'epj-system', valueDate: '2024-01-01' }] }])[0]).toContain('takes valueString');
    expect(shaped([{ url: GP_OFFICE_CAPABILITY_EXTENSION, extension: [{ url: 'epj-system', valueString: 'a' }, { url: 'epj-system', valueString: 'b' }] }])[0]).toContain('given twice');
    const twice = { url: GP_OFFICE_CAPABILITY_EXTENSION, extension: [{ url: 'epj-system', valueString: 'a' }] };
    expect(shaped([twice, twice])[0]).toContain('given 2 times');
  });
});
