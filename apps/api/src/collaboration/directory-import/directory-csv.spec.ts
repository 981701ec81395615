import { CsvFileError } from '../../common/csv/csv-records';
import { MAX_DIRECTORY_CSV_ROWS, parseDirectoryCsv } from './directory-csv';
import { importWaves } from './import-waves';

const fileError = (csv: string) => {
  try {
    parseDirectoryCsv(csv);
  } catch (error) {
    if (error instanceof CsvFileError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error('the file was accepted');
};

describe('the registry CSV of the collaboration directory', () => {
  it('reads organisations, services and people with their addresses, message types and opening hours', () => {
    const csv = [
      'Kind;Orgnr;RESH-id;HER-id;Service id;HPR;Parent orgnr;Parent RESH id;Name;Fornavn;Etternavn;Type;Bydel;Telefon;Meldingstyper;Åpningstider;Gyldig fra;Gyldig til;Aktiv',
      'organization;910000039;;8100003;;;;;Haukeland universitetssjukehus;;;hospital;Årstad;+47 55 97 50 00;DIALOG_FORESPORSEL|HENVISNING;døgnåpent;;;ja',
      'organization;;4201099;;;;910000039;;Geriatrisk seksjon, Haukeland;;;hospital-unit;;55 97 00 00;;man-fre 08:00-15:30;;;',
      'service;;;8200001;hjemmesykepleie-asane;;910000063;;Hjemmesykepleien Åsane;;;home-nursing;Åsane;55 56 00 00;PLO, DIALOG_FORESPORSEL;døgnåpent;;;',
      'person;;;;;9144999;;4201099;;Anne Marie;Berg;gp-questions-on-duty;;;;;2026-03-01T08:00+01:00;2026-03-01T16:00+01:00;',
    ].join('\n');
    const parsed = parseDirectoryCsv(csv);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toHaveLength(4);
    expect(parsed.rows[0]).toMatchObject({
      row: 2,
      kind: 'organization',
      keys: { orgnr: '910000039', herId: '8100003' },
      name: 'Haukeland universitetssjukehus',
      type: 'hospital',
      district: 'Årstad',
      phone: '+47 55 97 50 00',
      messageTypes: ['DIALOG_FORESPORSEL', 'HENVISNING'],
      openingHours: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true }],
      active: true,
    });
    expect(parsed.rows[1]).toMatchObject({ keys: { reshId: '4201099' }, parent: { orgnr: '910000039' }, openingHours: [{ daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'], availableStartTime: '08:00:00', availableEndTime: '15:30:00' }] });
    expect(parsed.rows[2]).toMatchObject({ kind: 'service', keys: { herId: '8200001', serviceId: 'hjemmesykepleie-asane' }, messageTypes: ['PLO', 'DIALOG_FORESPORSEL'] });
    expect(parsed.rows[3]).toMatchObject({ kind: 'person', hpr: '9144999', given: ['Anne', 'Marie'], family: 'Berg', parent: { reshId: '4201099' }, validFrom: '2026-03-01T08:00+01:00' });
  });

  it('reports every bad row by line and column and keeps the good ones', () => {
    const csv = [
      'kind,orgnr,her_id,parent_orgnr,name,type,phone,message_types,opening_hours,active',
      'organization,910000038,,,Feil kontrollsiffer,gp-office,,,,',
      'organization,910000012,8100001,,Sentrum legesenter,gp-office,55 00 00 00,EPIKRISE,"man-fre 08-16, lør 10-14",ja',
      'clinic,910000020,,,Ukjent art,gp-office,,,,',
      'organization,910000020,,,Åsane legesenter,gp-kontor,ring meg,,,kanskje',
      'organization,910000047,,,Uten HER,hospital-unit,,SVAR_LAB,,',
      'organization,910000055,8100005,,Feil tider,hospital,,DIALOG_FORESPORSEL,man-fre 16-08,',
      'service,910000063,,,Tjeneste med orgnr,home-nursing,,,,',
      'person,,,910000012,Kari Fastlege,gp,,,,',
      'organization,910000071',
    ].join('\r\n');
    const parsed = parseDirectoryCsv(csv);
    expect(parsed.rows.map((row) => row.row)).toEqual([3]);
    expect(parsed.rows[0].openingHours).toEqual([
      { daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'], availableStartTime: '08:00:00', availableEndTime: '16:00:00' },
      { daysOfWeek: ['sat'], availableStartTime: '10:00:00', availableEndTime: '14:00:00' },
    ]);
    const byRow = (row: number) => parsed.errors.filter((error) => error.row === row).map((error) => error.field);
    expect(byRow(2)).toEqual(['orgnr']);
    expect(byRow(4)).toEqual(['kind']);
    expect(byRow(5)).toEqual(['type', 'phone', 'active']);
    expect(byRow(6)).toEqual(['message_types']);
    expect(byRow(7)).toEqual(['opening_hours']);
    expect(byRow(8)).toEqual(['service_id', 'orgnr']);
    expect(byRow(9)).toEqual(['hpr']);
    expect(byRow(10)).toEqual(['row']);
  });

  it('refuses a file it cannot read as a whole', () => {
    expect(fileError('')).toMatchObject({ status: 400, message: expect.stringContaining('first line names the columns') });
    expect(fileError('orgnr;name\n910000012;X')).toMatchObject({ status: 400, message: expect.stringContaining('no kind column') });
    expect(fileError('kind;colour\norganization;red')).toMatchObject({ status: 400, message: expect.stringContaining('unknown column "colour"') });
    expect(fileError('kind;navn;name\norganization;a;b')).toMatchObject({ status: 400, message: expect.stringContaining('named twice') });
    expect(fileError('kind;name\norganization;a\u0000b')).toMatchObject({ status: 400, message: expect.stringContaining('NUL') });
    expect(fileError('kind;name\norganization;"never closed')).toMatchObject({ status: 400, message: expect.stringContaining('never closed') });
    const tooMany = ['kind;orgnr', ...Array.from({ length: MAX_DIRECTORY_CSV_ROWS + 1 }, () => 'organization;910000012')].join('\n');
    expect(fileError(tooMany)).toMatchObject({ status: 413 });
  });

  it('writes parents before their children, and refuses a second row for the same entry and parents in a loop', () => {
    const csv = [
      'kind;orgnr;resh_id;her_id;hpr;parent_orgnr;parent_resh_id;parent_her_id;name;type',
      'person;;;;9144999;;4201099;;Anne Berg;hospital-doctor',
      'organization;;4201099;;;910000039;;;Geriatrisk seksjon;hospital-unit',
      'organization;910000039;;;;;;;Haukeland;hospital',
      'organization;910000039;;;;;;;Haukeland igjen;hospital',
      'organization;910000012;;;;910000020;;;Løkke A;gp-office',
      'organization;910000020;;;;910000012;;;Løkke B;gp-office',
      'service;;;8200001;;;;;Hjemmesykepleien;home-nursing',
      'person;;;;9144998;;;8200001;Per Hansen;nurse',
    ].join('\n');
    const parsed = parseDirectoryCsv(csv);
    expect(parsed.errors).toEqual([]);
    const { waves, refused } = importWaves(parsed.rows);
    expect(waves.map((wave) => wave.map((item) => [item.row.row, item.dependsOn]))).toEqual([
      [[4, undefined]],
      [[3, 4]],
      [[8, undefined]],
      [[2, 3], [9, 8]],
    ]);
    expect(refused.map((error) => [error.row, error.message])).toEqual([
      [5, 'the same entry is on line 4; give each entry once'],
      [6, expect.stringContaining('loop')],
      [7, expect.stringContaining('loop')],
    ]);
  });
});
