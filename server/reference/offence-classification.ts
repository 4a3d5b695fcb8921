/**
 * The Home Office notifiable offence classification the hub ships: the codes a proven offence is
 * recorded under ("CrimSec3 codes"), each with its Home Office offence group, its banding and
 * whether it is an IOM priority crime. Data only; loaded by offence-classification.service.ts.
 */
import type { CrimeCategoryFields } from './reference.service.js';

export const AP14_73 = 'Norfolk & Suffolk Accountability and Performance Panel paper AP14/73, 24 October 2014';

/** Which classification this is: categories and every figure built on them can name it. */
export const OFFENCE_CLASSIFICATION = {
  version: 'ho-notifiable-offences-2014',
  title: 'Home Office notifiable offence classification (police recorded crime codes), as in force in 2014/15',
  source:
    'Codes, titles and offence groups as the Home Office publishes them in its police recorded crime open data tables (offence code, ' +
    'offence, offence subgroup and group: Violence against the person, Sexual offences, Robbery, Theft offences, Criminal damage and arson, ' +
    'Drug offences, Possession of weapons offences, Public order offences, Miscellaneous crimes against society), transcribed for the hub ' +
    'without access to the published file: check a code against the current list before relying on it. The 19 priority codes, their ' +
    'descriptions and bandings are exactly those of ' + AP14_73 + ', 3.4, in its order (28 and 30 as it lists them beside their parts).',
  note:
    'Not in this version: the codes that replaced the burglary codes from April 2017 (28E–28H, 29A, 30C, 30D, 31A) and other later codes ' +
    '(49A, 58J, 8S, 106): they belong to a later classification, and whether they are priority crimes is for the partnership to decide. ' +
    'Fraud offences are recorded by Action Fraud and have no police code here. A partnership can add a code the list lacks.',
} as const;

const OFFENCE_GROUP = {
  violence: 'Violence against the person',
  sexual: 'Sexual offences',
  robbery: 'Robbery',
  theft: 'Theft offences',
  damage: 'Criminal damage and arson',
  drugs: 'Drug offences',
  weapons: 'Possession of weapons offences',
  order: 'Public order offences',
  society: 'Miscellaneous crimes against society',
} as const;

const source = `${OFFENCE_CLASSIFICATION.version}: Home Office police recorded crime offence codes`;
const priority = (code: string, description: string, banding: string, offenceGroup: string): CrimeCategoryFields => ({
  code, description, banding, crimeGroup: 'Priority', priority: true, offenceGroup, source: `${AP14_73}, 3.4`,
});
const other = (offenceGroup: string, banding: string, codes: [string, string][]): CrimeCategoryFields[] =>
  codes.map(([code, description]) => ({ code, description, banding, crimeGroup: 'Non-priority', priority: false, offenceGroup, source }));

/** The Norfolk & Suffolk paper's priority-crime table (3.4), in its order, with each code's Home Office offence group. */
export const PRIORITY_CRIMSEC3: CrimeCategoryFields[] = [
  priority('28', 'Burglary in a dwelling', 'Burglary Dwelling', OFFENCE_GROUP.theft),
  priority('28A', 'Burglary in a Dwelling', 'Burglary Dwelling', OFFENCE_GROUP.theft),
  priority('28B', 'Attempted Burglary in a Dwelling', 'Burglary Dwelling', OFFENCE_GROUP.theft),
  priority('28C', 'Distraction Burglary in a Dwelling', 'Burglary Dwelling', OFFENCE_GROUP.theft),
  priority('28D', 'Attempt Distraction Burglary in a Dwelling', 'Burglary Dwelling', OFFENCE_GROUP.theft),
  priority('29', 'Aggravated burglary in a dwelling', 'Burglary Dwelling', OFFENCE_GROUP.theft),
  priority('30', 'Burglary in a building other than a dwelling', 'Burglary Non-Dwelling', OFFENCE_GROUP.theft),
  priority('30A', 'Burglary in a Building other than a Dwelling', 'Burglary Non-Dwelling', OFFENCE_GROUP.theft),
  priority('30B', 'Attempt Burglary in a Building other than a Dwelling', 'Burglary Non-Dwelling', OFFENCE_GROUP.theft),
  priority('31', 'Aggravated burglary in a building other than a dwelling', 'Burglary Non-Dwelling', OFFENCE_GROUP.theft),
  priority('35', 'Blackmail', 'Priority Crime Other', OFFENCE_GROUP.theft),
  priority('56A', 'Arson endangering life', 'Priority Criminal Damage', OFFENCE_GROUP.damage),
  priority('56B', 'Arson not endangering life', 'Priority Criminal Damage', OFFENCE_GROUP.damage),
  priority('10A', 'Possession of firearm with intent', 'Priority Violence', OFFENCE_GROUP.weapons),
  priority('34A', 'Robbery of business property', 'Robbery', OFFENCE_GROUP.robbery),
  priority('34B', 'Robbery of personal property', 'Robbery', OFFENCE_GROUP.robbery),
  priority('45', 'Theft from a vehicle', 'Theft from Motor Vehicle', OFFENCE_GROUP.theft),
  priority('37.2', 'Aggravated vehicle taking', 'Theft of Motor Vehicle', OFFENCE_GROUP.theft),
  priority('48', 'Theft or unauthorised taking of a motor vehicle', 'Theft of Motor Vehicle', OFFENCE_GROUP.theft),
];

/** Every other notifiable offence of the classification, by offence group and subgroup (the banding). */
export const OTHER_NOTIFIABLE_OFFENCES: CrimeCategoryFields[] = [
  ...other(OFFENCE_GROUP.violence, 'Homicide', [['1', 'Murder'], ['4.1', 'Manslaughter'], ['4.2', 'Infanticide'], ['4.10', 'Corporate manslaughter']]),
  ...other(OFFENCE_GROUP.violence, 'Violence with injury', [
    ['2', 'Attempted murder'], ['4.3', 'Intentional destruction of a viable unborn child'], ['4.4', 'Causing death by dangerous driving'],
    ['4.6', 'Causing death by careless driving under influence of drink or drugs'], ['4.7', 'Causing or allowing death of child or vulnerable person'],
    ['4.8', 'Causing death by careless or inconsiderate driving'], ['4.9', 'Causing death or serious injury by driving: unlicensed drivers etc.'],
    ['5D', 'Assault with intent to cause serious harm'], ['5E', 'Endangering life'], ['8N', 'Assault with injury'],
    ['8P', 'Racially or religiously aggravated assault with injury'], ['37.1', 'Causing death by aggravated vehicle taking'],
  ]),
  ...other(OFFENCE_GROUP.violence, 'Violence without injury', [
    ['3A', 'Conspiracy to murder'], ['3B', 'Threats to kill'], ['11A', 'Cruelty to children/young persons'], ['13', 'Child abduction'],
    ['14', 'Procuring illegal abortion'], ['36', 'Kidnapping'], ['104', 'Assault without injury on a constable'], ['105A', 'Assault without injury'],
    ['105B', 'Racially or religiously aggravated assault without injury'],
  ]),
  ...other(OFFENCE_GROUP.violence, 'Stalking and harassment', [['8L', 'Harassment'], ['8M', 'Racially or religiously aggravated harassment'], ['8Q', 'Stalking']]),
  ...other(OFFENCE_GROUP.sexual, 'Rape', [
    ['19C', 'Rape of a female aged 16 and over'], ['19D', 'Rape of a female child under 16'], ['19E', 'Rape of a female child under 13'],
    ['19F', 'Rape of a male aged 16 and over'], ['19G', 'Rape of a male child under 16'], ['19H', 'Rape of a male child under 13'],
  ]),
  ...other(OFFENCE_GROUP.sexual, 'Other sexual offences', [
    ['17A', 'Sexual assault on a male aged 13 and over'], ['17B', 'Sexual assault on a male child under 13'], ['20A', 'Sexual assault on a female aged 13 and over'],
    ['20B', 'Sexual assault on a female child under 13'], ['21', 'Sexual activity involving a child under 13'], ['22A', 'Causing sexual activity without consent'],
    ['22B', 'Sexual activity involving child under 16'], ['23', 'Incest or familial sexual offences'], ['70', 'Sexual activity etc with a person with a mental disorder'],
    ['71', 'Abuse of children through sexual exploitation'], ['72', 'Trafficking for sexual exploitation'], ['73', 'Abuse of position of trust of a sexual nature'],
    ['88A', 'Sexual grooming'], ['88C', 'Other miscellaneous sexual offences'], ['88D', 'Unnatural sexual offences'], ['88E', 'Exposure and voyeurism'],
  ]),
  ...other(OFFENCE_GROUP.theft, 'Theft from the person', [['39', 'Theft from the person']]),
  ...other(OFFENCE_GROUP.theft, 'Bicycle theft', [['44', 'Theft or unauthorised taking of a pedal cycle']]),
  ...other(OFFENCE_GROUP.theft, 'Shoplifting', [['46', 'Shoplifting']]),
  ...other(OFFENCE_GROUP.theft, 'Other theft offences', [
    ['40', 'Theft in a dwelling other than from an automatic machine or meter'], ['41', 'Theft by an employee'], ['42', 'Theft of mail'],
    ['43', 'Dishonest use of electricity'], ['47', 'Theft from automatic machine or meter'], ['49', 'Other theft'],
  ]),
  ...other(OFFENCE_GROUP.theft, 'Vehicle interference', [['126', 'Interfering with a motor vehicle']]),
  ...other(OFFENCE_GROUP.damage, 'Criminal damage', [
    ['58A', 'Criminal damage to a dwelling'], ['58B', 'Criminal damage to a building other than a dwelling'], ['58C', 'Criminal damage to a vehicle'], ['58D', 'Other criminal damage'],
  ]),
  ...other(OFFENCE_GROUP.drugs, 'Trafficking of drugs', [['92A', 'Trafficking in controlled drugs']]),
  ...other(OFFENCE_GROUP.drugs, 'Possession of drugs', [
    ['92C', 'Other drug offences'], ['92D', 'Possession of controlled drugs (excl. Cannabis)'], ['92E', 'Possession of controlled drugs (Cannabis)'],
  ]),
  ...other(OFFENCE_GROUP.weapons, 'Possession of weapons', [
    ['10B', 'Possession of firearms offences'], ['10C', 'Possession of other weapons'], ['10D', 'Possession of article with blade or point'],
    ['81', 'Other firearms offences'], ['90', 'Other knives offences'],
  ]),
  ...other(OFFENCE_GROUP.order, 'Public order offences', [
    ['9A', 'Public fear, alarm or distress'], ['9B', 'Racially or religiously aggravated public fear, alarm or distress'], ['62A', 'Violent disorder'],
    ['66', 'Other offences against the State or public order'],
  ]),
  ...other(OFFENCE_GROUP.society, 'Miscellaneous crimes against society', [
    ['15', 'Concealing an infant death close to birth'], ['24', 'Exploitation of prostitution'], ['26', 'Bigamy'], ['27', 'Soliciting for the purposes of prostitution'],
    ['33', 'Going equipped for stealing, etc'], ['33A', 'Making, supplying or possessing articles for use in fraud'],
    ['38', 'Profiting from or concealing knowledge of the proceeds of crime'], ['54', 'Handling stolen goods'], ['59', 'Threat or possession with intent to commit criminal damage'],
    ['60', 'Forgery or use of false drug prescription'], ['61', 'Other forgery'], ['61A', 'Possession of false documents'], ['67', 'Perjury'],
    ['69', 'Offender Management Act offences'], ['76', 'Aiding suicide'], ['79', 'Perverting the course of justice'], ['80', 'Absconding from lawful custody'],
    ['83', 'Bail offences'], ['86', 'Obscene publications etc'], ['95', 'Disclosure, obstruction, false or misleading statements etc'], ['99', 'Other notifiable offences'],
    ['802', 'Dangerous driving'], ['814', 'Fraud, forgery etc associated with vehicle or driver records'],
  ]),
];

/** The whole classification, priority codes first (in the paper's order), as it is loaded. */
export const OFFENCE_CLASSIFICATION_CODES: CrimeCategoryFields[] = [...PRIORITY_CRIMSEC3, ...OTHER_NOTIFIABLE_OFFENCES];
