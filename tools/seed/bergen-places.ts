/**
 * Bergen's districts with a postcode and a few street names each: where the synthetic GP offices
 * sit and the synthetic patients live. Plausible, not a gazetteer.
 */
export interface BergenDistrict {
  name: string;
  postalCode: string;
  streets: readonly string[];
}

export const BERGEN_DISTRICTS: readonly BergenDistrict[] = [
  { name: 'Sentrum', postalCode: '5015', streets: ['Kaigaten', 'Nygårdsgaten', 'Olav Kyrres gate'] },
  { name: 'Nordnes', postalCode: '5005', streets: ['Haugeveien', 'Strangehagen'] },
  { name: 'Møhlenpris', postalCode: '5006', streets: ['Konsul Børs gate', 'Welhavens gate'] },
  { name: 'Nygårdshøyden', postalCode: '5007', streets: ['Sydneshaugen', 'Parkveien'] },
  { name: 'Sandviken', postalCode: '5035', streets: ['Sandviksveien', 'Ladegårdsgaten'] },
  { name: 'Kalfaret', postalCode: '5018', streets: ['Kalfarveien', 'Fjellveien'] },
  { name: 'Årstad', postalCode: '5009', streets: ['Årstadveien', 'Haukelandsveien'] },
  { name: 'Danmarksplass', postalCode: '5058', streets: ['Fjøsangerveien', 'Inndalsveien'] },
  { name: 'Landås', postalCode: '5089', streets: ['Landåssvingen', 'Slettebakksveien'] },
  { name: 'Minde', postalCode: '5068', streets: ['Mindeveien', 'Kirkeveien'] },
  { name: 'Paradis', postalCode: '5232', streets: ['Hardangervegen', 'Paradisleitet'] },
  { name: 'Nesttun', postalCode: '5221', streets: ['Nesttunvegen', 'Østre Nesttunvegen'] },
  { name: 'Fana', postalCode: '5244', streets: ['Fanavegen', 'Stendevegen'] },
  { name: 'Rådal', postalCode: '5239', streets: ['Rådalslien', 'Lagunevegen'] },
  { name: 'Kokstad', postalCode: '5257', streets: ['Kokstadvegen', 'Kokstadflaten'] },
  { name: 'Sandsli', postalCode: '5254', streets: ['Sandslimarka', 'Sandslihaugen'] },
  { name: 'Ytrebygda', postalCode: '5258', streets: ['Blomsterdalsvegen', 'Lyngbøvegen'] },
  { name: 'Fyllingsdalen', postalCode: '5147', streets: ['Folke Bernadottes vei', 'Krokatjønnveien'] },
  { name: 'Loddefjord', postalCode: '5171', streets: ['Loddefjordveien', 'Vadmyrveien'] },
  { name: 'Olsvik', postalCode: '5183', streets: ['Olsvikåsen', 'Olsvikveien'] },
  { name: 'Godvik', postalCode: '5184', streets: ['Godvikveien', 'Stongafjellsvegen'] },
  { name: 'Laksevåg', postalCode: '5160', streets: ['Kringsjåveien', 'Lyderhornsveien'] },
  { name: 'Bønes', postalCode: '5154', streets: ['Bønesveien', 'Liaskjenet'] },
  { name: 'Åsane', postalCode: '5116', streets: ['Åsamyrane', 'Myrdalsvegen'] },
  { name: 'Eidsvåg', postalCode: '5105', streets: ['Eidsvågveien', 'Rolland'] },
  { name: 'Tertnes', postalCode: '5113', streets: ['Tertnesveien', 'Tertnesflaten'] },
  { name: 'Ulset', postalCode: '5117', streets: ['Ulsetstølen', 'Hesthaugvegen'] },
  { name: 'Flaktveit', postalCode: '5136', streets: ['Flaktveitvegen', 'Hylkjeflaten'] },
  { name: 'Salhus', postalCode: '5107', streets: ['Salhusvegen', 'Tarlebøvegen'] },
  { name: 'Indre Arna', postalCode: '5262', streets: ['Arnavegen', 'Gamle Arnavegen'] },
  { name: 'Ytre Arna', postalCode: '5265', streets: ['Ytre Arnavegen', 'Garnesvegen'] },
  { name: 'Natland', postalCode: '5098', streets: ['Natlandsveien', 'Storhaugen'] },
];

export function districtNamed(name: string): BergenDistrict {
  const district = BERGEN_DISTRICTS.find((candidate) => candidate.name === name);
  if (!district) throw new Error(`no Bergen district named ${name}`);
  return district;
}

/** What GP offices in Bergen tend to call themselves after their district. */
export const GP_OFFICE_SUFFIXES = ['legesenter', 'legekontor', 'legegruppe', 'allmennlegepraksis'] as const;
