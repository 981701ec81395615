import type { DirectorySearchPage } from '@app/fhir/api/directory-answers';
import { TestApi, startTestApi } from '../support/test-api';
import { callAs } from '../support/transfers';

/**
 * The seeded Bergen directory (the end-to-end global setup runs `npm run seed`'s loader) as a GP finds it:
 * the municipal services of each borough with their address and hours, and who is on duty at the demo unit today.
 */
describe('the seeded Bergen collaboration directory', () => {
  let api: TestApi;
  const search = async (query: string) => {
    const answer = await callAs<DirectorySearchPage>(api, 'gp', 'GET', `/api/directory/search?${query}`);
    expect(answer.status).toBe(200);
    return answer.body.entries;
  };

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(async () => {
    await api.close();
  });

  it('has home nursing in Åsane, typed without the å, with its phone, HER address and hours', async () => {
    const entries = await search('q=hjemmesykepleien%20asane&kind=municipal-service');
    const service = entries.find((entry) => entry.name === 'Hjemmesykepleien Åsane')!;
    expect(service).toMatchObject({ kind: 'municipal-service', district: 'Åsane', phone: expect.stringMatching(/^\+47 55 56/) });
    expect(service.addresses).toEqual([expect.objectContaining({ address: expect.stringMatching(/^her:\d+$/), messageTypes: expect.arrayContaining([expect.objectContaining({ code: 'PLO' })]) })]);
    expect(service.openingHours).toEqual([{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true }]);
  });

  it('has every kind of municipal service in every borough', async () => {
    for (const serviceType of ['home-nursing', 'low-threshold', 'emergency-clinic', 'palliative-team', 'psychologist']) {
      const entries = await search(`serviceType=${serviceType}&kind=municipal-service&pageSize=50`);
      const districts = new Set(entries.map((entry) => entry.district));
      for (const borough of ['Arna', 'Bergenhus', 'Fana', 'Fyllingsdalen', 'Laksevåg', 'Ytrebygda', 'Årstad', 'Åsane']) expect([serviceType, districts.has(borough)]).toEqual([serviceType, true]);
    }
  });

  it('shows who is on duty for GP questions at the demo unit today, and the unit\'s address', async () => {
    const entries = await search('q=medisinsk%20avdeling%20haukeland&kind=hospital-unit');
    const unit = entries.find((entry) => entry.name === 'Medisinsk avdeling, Haukeland')!;
    expect(unit.district).toBe('Årstad');
    expect(unit.addresses[0]?.messageTypes.map((type) => type.code)).toEqual(expect.arrayContaining(['DIALOG_FORESPORSEL', 'HENVISNING']));
    expect(unit.onDuty).toMatchObject({ name: expect.any(String), phone: expect.stringMatching(/^\+47 55 97/) });
    const now = Date.now();
    expect(Date.parse(unit.onDuty!.start)).toBeLessThan(Date.parse(unit.onDuty!.end));
    expect(new Date(unit.onDuty!.start).toISOString().slice(0, 10) <= new Date(now + 86_400_000).toISOString().slice(0, 10)).toBe(true);
  });
});
