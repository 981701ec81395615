import { isGpOffice, officeCapabilityOf, officeCapabilityProblems } from '@app/fhir';
import { DEFAULT_DIRECTORY_OPTIONS, buildBergenDirectory } from './bergen-directory';

describe('the demo GP offices\' e-multidose capability', () => {
  const today = '2026-12-06';
  const directory = buildBergenDirectory({ ...DEFAULT_DIRECTORY_OPTIONS, today });
  const offices = directory.organizations.filter((org) => isGpOffice(org.entry.resource));

  it('gives every GP office a capability the write rule takes, and nothing to other organisations', () => {
    for (const office of offices) expect(officeCapabilityProblems(officeCapabilityOf(office.entry.resource) ?? {}, today)).toEqual([]);
    for (const other of directory.organizations.filter((org) => !isGpOffice(org.entry.resource))) expect(officeCapabilityOf(other.entry.resource)).toBeUndefined();
  });

  it('connects the demo GP\'s office, leaves the second demo office on PLL only, and mixes the rest', () => {
    const byKey = new Map(offices.map((office) => [office.key, officeCapabilityOf(office.entry.resource) ?? {}]));
    expect(byKey.get('gpOfficeSentrum')).toEqual({ pllInUseSince: expect.any(String), eMultidoseConnectedSince: expect.any(String), epjSystem: expect.any(String) });
    expect(byKey.get('gpOfficeAsane')).toEqual({ pllInUseSince: expect.any(String), epjSystem: expect.any(String) });
    const all = [...byKey.values()];
    const connected = all.filter((c) => c.eMultidoseConnectedSince).length;
    const pll = all.filter((c) => c.pllInUseSince).length;
    expect(connected / all.length).toBeGreaterThan(0.3);
    expect(connected / all.length).toBeLessThan(0.75);
    expect(pll).toBeGreaterThan(connected);
    expect(pll).toBeLessThan(all.length);
    // The trend rises over the last year: some offices were connected within it, some before.
    expect(all.some((c) => c.eMultidoseConnectedSince && c.eMultidoseConnectedSince > '2025-12-06')).toBe(true);
    expect(new Set(all.map((c) => c.epjSystem)).size).toBeGreaterThan(2);
  });

  it('is the same for the same seed and day', () => {
    expect(JSON.stringify(buildBergenDirectory({ ...DEFAULT_DIRECTORY_OPTIONS, today }))).toBe(JSON.stringify(directory));
  });
});
