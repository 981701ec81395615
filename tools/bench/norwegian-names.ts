/**
 * Names and Bergen addresses for synthetic patients, shaped like Norway's population so that a name
 * search hits as many rows as it would in a real register: the common surnames with their weights
 * (persons per 10,000, after Statistics Norway's surname counts, rounded), and the remaining five in
 * six patients spread over farm-name surnames built from common parts (Holstad, Bjørkli, Sandvik …).
 * `ols` thus finds Olsen, Olsson, Holstad, Holset and Holseth: about one patient in eighty, as in Norway.
 */
export const COMMON_SURNAMES: Array<[string, number]> = [
  ['Hansen', 90], ['Johansen', 86], ['Olsen', 82], ['Larsen', 64], ['Andersen', 62], ['Pedersen', 60], ['Nilsen', 56],
  ['Kristiansen', 40], ['Jensen', 38], ['Karlsen', 36], ['Johnsen', 35], ['Pettersen', 35], ['Eriksen', 31], ['Berg', 31],
  ['Haugen', 26], ['Hagen', 25], ['Johannessen', 24], ['Andreassen', 22], ['Jacobsen', 22], ['Dahl', 22], ['Jørgensen', 20],
  ['Halvorsen', 20], ['Henriksen', 20], ['Lund', 20], ['Sørensen', 18], ['Jakobsen', 18], ['Moen', 18], ['Gundersen', 16],
  ['Iversen', 16], ['Strand', 16], ['Solberg', 16], ['Svendsen', 15], ['Eide', 15], ['Knutsen', 15], ['Martinsen', 15],
  ['Paulsen', 14], ['Bakken', 14], ['Kristoffersen', 14], ['Mathisen', 13], ['Lie', 13], ['Amundsen', 13], ['Nguyen', 13],
  ['Rasmussen', 12], ['Ali', 12], ['Lunde', 11], ['Solheim', 11], ['Berntsen', 11], ['Nygård', 11], ['Bakke', 11],
  ['Kristensen', 11], ['Moe', 11], ['Fredriksen', 11], ['Holm', 11], ['Lien', 10], ['Hauge', 10], ['Christensen', 10],
  ['Andresen', 10], ['Nielsen', 9], ['Knudsen', 9], ['Evensen', 9], ['Sæther', 9], ['Aas', 9], ['Myhre', 9], ['Hanssen', 9],
  ['Ahmed', 9], ['Haugland', 9], ['Thomassen', 9], ['Sivertsen', 9], ['Simonsen', 9], ['Danielsen', 9], ['Berge', 9],
  ['Næss', 9], ['Tveit', 8], ['Hatlestad', 4], ['Olsson', 3], ['Østby', 5], ['Ødegård', 7], ['Åsheim', 3], ['Bjørnstad', 4],
];

const FARM_STEMS = ['Ask', 'Bjørk', 'Bratt', 'Fjell', 'Fos', 'Gran', 'Hal', 'Haug', 'Hol', 'Hov', 'Lyng', 'Mo', 'Myr', 'Nær', 'Ny',
  'Rog', 'Rud', 'Sand', 'Sel', 'Skog', 'Sæl', 'Stav', 'Sten', 'Stor', 'Sund', 'Tvei', 'Vat', 'Vik', 'Øst', 'Ås', 'Lø'];
const FARM_ENDINGS = ['dal', 'bakken', 'berg', 'heim', 'land', 'li', 'nes', 'rud', 'stad', 'vik', 'voll', 'ås', 'eng', 'haug',
  'mo', 'aker', 'set', 'bø', 'gard', 'hus', 'lien', 'myr', 'seth', 'tveit'];

/** The surnames outside the common list: every stem with every ending. */
export const FARM_SURNAMES = FARM_STEMS.flatMap((stem) => FARM_ENDINGS.map((ending) => stem + ending));

/** Share of patients with a common surname; the rest take a farm-name surname. */
export const COMMON_SURNAME_SHARE = COMMON_SURNAMES.reduce((sum, [, weight]) => sum + weight, 0) / 10_000;

export const GIVEN_NAMES = ['Jan', 'Per', 'Bjørn', 'Ole', 'Lars', 'Kjell', 'Knut', 'Arne', 'Hans', 'Svein', 'Thomas', 'Geir',
  'Tor', 'Terje', 'Morten', 'Øystein', 'Jon', 'Rune', 'Trond', 'Erik', 'Anders', 'Odd', 'Martin', 'Andreas', 'Nils', 'Magnus',
  'Jakob', 'Emil', 'Noah', 'Oliver', 'William', 'Lucas', 'Filip', 'Mohammed', 'Anne', 'Inger', 'Kari', 'Marit', 'Ingrid', 'Liv',
  'Eva', 'Berit', 'Astrid', 'Bjørg', 'Hilde', 'Anna', 'Solveig', 'Randi', 'Marianne', 'Ragnhild', 'Elisabeth', 'Nina', 'Åse',
  'Silje', 'Ida', 'Thea', 'Nora', 'Emma', 'Ella', 'Maja', 'Olivia', 'Sofie', 'Sara', 'Fatima', 'Sigrid', 'Tone', 'Mette'];

export const BERGEN_STREETS = ['Nygårdsgaten', 'Strandgaten', 'Kong Oscars gate', 'Øvregaten', 'Starvhusgaten', 'Fjellveien',
  'Kalfarveien', 'Møhlenpriset', 'Fyllingsdalsveien', 'Sandviksveien', 'Lars Hilles gate', 'Olav Kyrres gate', 'Damsgårdsveien',
  'Inndalsveien', 'Hardangerveien', 'Fjøsangerveien', 'Michael Krohns gate', 'Løvstakkveien', 'Ibsens gate', 'Nordåsveien'];

export const BERGEN_AREAS: Array<{ city: string; postalCodes: [number, number] }> = [
  { city: 'Bergen', postalCodes: [5003, 5099] },
  { city: 'Bergen', postalCodes: [5130, 5184] },
  { city: 'Nesttun', postalCodes: [5221, 5229] },
  { city: 'Askøy', postalCodes: [5300, 5310] },
  { city: 'Straume', postalCodes: [5353, 5356] },
  { city: 'Knarvik', postalCodes: [5914, 5915] },
  { city: 'Os', postalCodes: [5200, 5211] },
];
