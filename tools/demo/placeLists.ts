/**
 * Places and telephone ranges for the demo data.
 *
 * Telephone numbers come only from Ofcom's ranges reserved for drama and fiction (never assigned to
 * a subscriber), restricted to those that libphonenumber-js accepts as valid GB numbers. Ofcom's
 * reserved mobile range (07700 900xxx) and Nottingham's (0115 496 0xxx) are rejected by
 * libphonenumber-js, so they are not used; residents of towns without a usable range get numbers
 * from the UK-wide 03069 99 0xxx range.
 */

/** A block of 1,000 reserved numbers: `prefix` followed by 4 digits from `first` to `first + 999`. */
export interface PhoneRange {
  /** National digits before the last four, with the trunk '0' (e.g. '0207946'). */
  readonly prefix: string;
  readonly first: number;
  /** Digit groups of the national number without the trunk '0', e.g. [2, 4, 4] for '20 7946 0123'. */
  readonly groups: readonly number[];
}

export interface PostcodeArea {
  readonly area: string;
  readonly minDistrict: number;
  readonly maxDistrict: number;
  /** Central London districts carry a letter ('EC1A', 'WC2H'). */
  readonly districtLetter?: boolean;
}

export interface City {
  readonly city: string;
  /** Other ways sources write the town ('Newcastle' for 'Newcastle upon Tyne'). */
  readonly aliases: readonly string[];
  readonly region: string;
  readonly weight: number;
  readonly postcodeAreas: readonly PostcodeArea[];
  readonly localities: readonly string[];
  readonly phoneRange: PhoneRange | null;
}

const range = (prefix: string, first: number, groups: readonly number[]): PhoneRange => ({ prefix, first, groups });

/** UK-wide non-geographic reserved block (03069 99 0000–0999), used where a town has no usable range. */
export const UK_WIDE_PHONE_RANGE: PhoneRange = range('0306999', 0, [4, 6]);

export const CITIES: readonly City[] = [
  {
    city: 'London', aliases: ['LONDON', 'Greater London'], region: 'Greater London', weight: 22,
    postcodeAreas: [
      { area: 'E', minDistrict: 1, maxDistrict: 18 }, { area: 'N', minDistrict: 1, maxDistrict: 22 },
      { area: 'NW', minDistrict: 1, maxDistrict: 11 }, { area: 'SE', minDistrict: 1, maxDistrict: 28 },
      { area: 'SW', minDistrict: 2, maxDistrict: 20 }, { area: 'W', minDistrict: 2, maxDistrict: 14 },
      { area: 'EC', minDistrict: 1, maxDistrict: 4, districtLetter: true },
      { area: 'WC', minDistrict: 1, maxDistrict: 2, districtLetter: true },
    ],
    localities: ['Islington', 'Hackney', 'Camden', 'Brixton', 'Clapham', 'Walthamstow', 'Greenwich', 'Ealing', 'Wimbledon', 'Stratford', 'Peckham', 'Tooting'],
    phoneRange: range('0207946', 0, [2, 4, 4]),
  },
  {
    city: 'Birmingham', aliases: ['B\'ham'], region: 'West Midlands', weight: 7,
    postcodeAreas: [{ area: 'B', minDistrict: 1, maxDistrict: 76 }],
    localities: ['Edgbaston', 'Moseley', 'Harborne', 'Erdington', 'Kings Heath', 'Selly Oak'],
    phoneRange: range('0121496', 0, [3, 3, 4]),
  },
  {
    city: 'Manchester', aliases: ['Manchester City'], region: 'Greater Manchester', weight: 7,
    postcodeAreas: [{ area: 'M', minDistrict: 1, maxDistrict: 40 }],
    localities: ['Didsbury', 'Chorlton', 'Ancoats', 'Fallowfield', 'Withington', 'Levenshulme'],
    phoneRange: range('0161496', 0, [3, 3, 4]),
  },
  {
    city: 'Leeds', aliases: [], region: 'West Yorkshire', weight: 5,
    postcodeAreas: [{ area: 'LS', minDistrict: 1, maxDistrict: 29 }],
    localities: ['Headingley', 'Roundhay', 'Chapel Allerton', 'Horsforth', 'Kirkstall', 'Meanwood'],
    phoneRange: range('0113496', 0, [3, 3, 4]),
  },
  {
    city: 'Glasgow', aliases: [], region: 'Glasgow City', weight: 5,
    postcodeAreas: [{ area: 'G', minDistrict: 1, maxDistrict: 53 }],
    localities: ['Partick', 'Dennistoun', 'Shawlands', 'Hyndland', 'Govan', 'Finnieston'],
    phoneRange: range('0141496', 0, [3, 3, 4]),
  },
  {
    city: 'Bristol', aliases: [], region: 'Bristol', weight: 5,
    postcodeAreas: [{ area: 'BS', minDistrict: 1, maxDistrict: 16 }],
    localities: ['Clifton', 'Bedminster', 'Redland', 'Easton', 'Bishopston', 'Southville'],
    phoneRange: range('0117496', 0, [3, 3, 4]),
  },
  {
    city: 'Liverpool', aliases: [], region: 'Merseyside', weight: 4,
    postcodeAreas: [{ area: 'L', minDistrict: 1, maxDistrict: 39 }],
    localities: ['Anfield', 'Allerton', 'Wavertree', 'Toxteth', 'Woolton', 'Aigburth'],
    phoneRange: range('0151496', 0, [3, 3, 4]),
  },
  {
    city: 'Sheffield', aliases: [], region: 'South Yorkshire', weight: 4,
    postcodeAreas: [{ area: 'S', minDistrict: 1, maxDistrict: 36 }],
    localities: ['Crookes', 'Ecclesall', 'Hillsborough', 'Walkley', 'Nether Edge', 'Broomhill'],
    phoneRange: range('0114496', 0, [3, 3, 4]),
  },
  {
    city: 'Edinburgh', aliases: [], region: 'City of Edinburgh', weight: 4,
    postcodeAreas: [{ area: 'EH', minDistrict: 1, maxDistrict: 17 }],
    localities: ['Leith', 'Morningside', 'Stockbridge', 'Portobello', 'Bruntsfield', 'Marchmont'],
    phoneRange: range('0131496', 0, [3, 3, 4]),
  },
  {
    city: 'Newcastle upon Tyne', aliases: ['Newcastle', 'Newcastle-upon-Tyne'], region: 'Tyne and Wear', weight: 4,
    postcodeAreas: [{ area: 'NE', minDistrict: 1, maxDistrict: 16 }],
    localities: ['Jesmond', 'Heaton', 'Gosforth', 'Fenham', 'Byker', 'Benwell'],
    phoneRange: range('0191498', 0, [3, 3, 4]),
  },
  {
    city: 'Cardiff', aliases: ['Caerdydd'], region: 'Cardiff', weight: 4,
    postcodeAreas: [{ area: 'CF', minDistrict: 10, maxDistrict: 24 }],
    localities: ['Canton', 'Roath', 'Cathays', 'Llandaff', 'Splott', 'Whitchurch'],
    phoneRange: range('0292018', 0, [2, 4, 4]),
  },
  {
    city: 'Leicester', aliases: [], region: 'Leicestershire', weight: 3,
    postcodeAreas: [{ area: 'LE', minDistrict: 1, maxDistrict: 19 }],
    localities: ['Belgrave', 'Clarendon Park', 'Aylestone', 'Evington', 'Knighton'],
    phoneRange: range('0116496', 0, [3, 3, 4]),
  },
  {
    city: 'Reading', aliases: [], region: 'Berkshire', weight: 3,
    postcodeAreas: [{ area: 'RG', minDistrict: 1, maxDistrict: 31 }],
    localities: ['Caversham', 'Earley', 'Tilehurst', 'Whitley', 'Katesgrove'],
    phoneRange: range('0118496', 0, [3, 3, 4]),
  },
  {
    city: 'Belfast', aliases: [], region: 'County Antrim', weight: 3,
    postcodeAreas: [{ area: 'BT', minDistrict: 1, maxDistrict: 17 }],
    localities: ['Ormeau', 'Stranmillis', 'Ballyhackamore', 'Sandy Row', 'Finaghy'],
    phoneRange: range('0289649', 6000, [2, 4, 4]),
  },
  {
    city: 'Nottingham', aliases: [], region: 'Nottinghamshire', weight: 3,
    postcodeAreas: [{ area: 'NG', minDistrict: 1, maxDistrict: 17 }],
    localities: ['Beeston', 'Sherwood', 'West Bridgford', 'Lenton', 'Mapperley'],
    phoneRange: null,
  },
  {
    city: 'Brighton', aliases: ['Brighton and Hove', 'Brighton & Hove'], region: 'East Sussex', weight: 3,
    postcodeAreas: [{ area: 'BN', minDistrict: 1, maxDistrict: 3 }],
    localities: ['Kemptown', 'Hove', 'Preston Park', 'Hanover'],
    phoneRange: null,
  },
  {
    city: 'York', aliases: [], region: 'North Yorkshire', weight: 2,
    postcodeAreas: [{ area: 'YO', minDistrict: 10, maxDistrict: 32 }],
    localities: ['Fulford', 'Acomb', 'Heworth', 'Clifton'],
    phoneRange: null,
  },
  {
    city: 'Oxford', aliases: [], region: 'Oxfordshire', weight: 2,
    postcodeAreas: [{ area: 'OX', minDistrict: 1, maxDistrict: 4 }],
    localities: ['Jericho', 'Headington', 'Summertown', 'Cowley'],
    phoneRange: null,
  },
  {
    city: 'Cambridge', aliases: [], region: 'Cambridgeshire', weight: 2,
    postcodeAreas: [{ area: 'CB', minDistrict: 1, maxDistrict: 5 }],
    localities: ['Chesterton', 'Newnham', 'Romsey', 'Trumpington'],
    phoneRange: null,
  },
  {
    city: 'Norwich', aliases: [], region: 'Norfolk', weight: 2,
    postcodeAreas: [{ area: 'NR', minDistrict: 1, maxDistrict: 7 }],
    localities: ['Eaton', 'Thorpe Hamlet', 'Hellesdon', 'Lakenham'],
    phoneRange: null,
  },
  {
    city: 'Southampton', aliases: [], region: 'Hampshire', weight: 2,
    postcodeAreas: [{ area: 'SO', minDistrict: 14, maxDistrict: 19 }],
    localities: ['Portswood', 'Shirley', 'Bitterne', 'Woolston'],
    phoneRange: null,
  },
  {
    city: 'Exeter', aliases: [], region: 'Devon', weight: 2,
    postcodeAreas: [{ area: 'EX', minDistrict: 1, maxDistrict: 4 }],
    localities: ['Heavitree', 'St Thomas', 'Pennsylvania', 'Topsham'],
    phoneRange: null,
  },
  {
    city: 'Aberdeen', aliases: [], region: 'Aberdeen City', weight: 2,
    postcodeAreas: [{ area: 'AB', minDistrict: 10, maxDistrict: 25 }],
    localities: ['Rosemount', 'Ferryhill', 'Old Aberdeen', 'Torry'],
    phoneRange: null,
  },
  {
    city: 'Swansea', aliases: ['Abertawe'], region: 'Swansea', weight: 2,
    postcodeAreas: [{ area: 'SA', minDistrict: 1, maxDistrict: 7 }],
    localities: ['Uplands', 'Sketty', 'Mumbles', 'Morriston'],
    phoneRange: null,
  },
];

/** First words of invented street names. */
export const STREET_WORDS: readonly string[] = [
  'Oak', 'Elm', 'Mill', 'Church', 'Station', 'Victoria', 'Albert', 'Queens', 'Kings', 'Park',
  'Rowan', 'Hawthorn', 'Willow', 'Beech', 'Chestnut', 'Maple', 'Cedar', 'Ash', 'Birch', 'Holly',
  'Ivy', 'Primrose', 'Meadow', 'Orchard', 'Brook', 'River', 'Bridge', 'Market', 'Green', 'Hill',
  'Abbey', 'Castle', 'Manor', 'Priory', 'Chapel', 'School', 'Springfield', 'Fairfield', 'Highfield', 'Westfield',
  'Windsor', 'Stanley', 'Clarence', 'Alexandra', 'Wellington', 'Nelson', 'Lancaster', 'Richmond', 'Grosvenor', 'Belmont',
  'Woodland', 'Heather', 'Bramble', 'Foxglove', 'Larkspur', 'Kestrel', 'Heron', 'Swallow', 'Linnet', 'Thistle',
  'Bluebell', 'Lavender', 'Juniper', 'Sycamore', 'Poplar', 'Laburnum', 'Magnolia', 'Copper Beech', 'Old Forge', 'Tannery',
  'Ropewalk', 'Quarry', 'Wharf', 'Canal', 'Lock', 'Lime', 'Hazel', 'Alder', 'Cherry', 'Mulberry',
];

/** Street types with the abbreviations sources use for them. */
export const STREET_TYPES: readonly (readonly [full: string, abbreviation: string])[] = [
  ['Road', 'Rd'], ['Street', 'St'], ['Lane', 'Ln'], ['Avenue', 'Ave'], ['Close', 'Cl'], ['Drive', 'Dr'],
  ['Gardens', 'Gdns'], ['Crescent', 'Cres'], ['Way', 'Way'], ['Terrace', 'Terr'], ['Place', 'Pl'], ['Grove', 'Gr'],
  ['Court', 'Ct'], ['Mews', 'Mews'], ['Rise', 'Rise'], ['View', 'View'], ['Walk', 'Walk'], ['Row', 'Row'], ['Square', 'Sq'],
];
