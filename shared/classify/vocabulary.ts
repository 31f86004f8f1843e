// The words the reply classifier knows (R3), in canonical upper-case form. Slang and typos are read
// into these forms first (words.ts); the phrase grammar (phrases.ts) only sees canonical words.

const set = (...words: string[]): ReadonlySet<string> => new Set(words);

/** Opt out for the attributed dealer account (R3): Twilio's standard list plus UNSUB. */
export const OPT_OUT_KEYWORDS = [
  'STOP',
  'STOPALL',
  'UNSUB',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT', // also written "OPT OUT" / "OPT-OUT"
  'REVOKE',
] as const;
/** Opt back in for the attributed dealer account only (R3). */
export const OPT_IN_KEYWORDS = ['START', 'UNSTOP', 'YES'] as const;
export const HELP_KEYWORDS = ['HELP', 'INFO'] as const;

/** `keyword` values of a `possible_opt_out` request in words: the family of words it was made in. */
export const POSSIBLE_OPT_OUT_PHRASES = [
  'STOP', // "please stop texting me", "stop pls", "enough with the texts", "cease all communication"
  'UNSUBSCRIBE', // "unsubscribe me please", "how do I unsub"
  'OPT OUT', // "I want to opt out", "opt me out"
  'REVOKE', // "I revoke my consent"
  'REMOVE', // "remove me from your list", "take me off your list", "lose my number", "remove pls"
  'CANCEL', // "cancel the texts", "cancel my subscription" (not "cancel my booking")
  'DO NOT CONTACT', // "do not contact me", "don't text me again", "no texts pls"
  'NO MORE', // "no more messages", "I don't want any more texts"
  'LEAVE ME ALONE', // "leave me alone", "go away", "piss off"
] as const;
export type PossibleOptOutPhrase = (typeof POSSIBLE_OPT_OUT_PHRASES)[number];

/** The family of a keyword named inside a longer reply or misspelt. */
export function familyOfKeyword(keyword: string): string {
  if (keyword === 'STOPALL') return 'STOP';
  if (keyword === 'UNSUB') return 'UNSUBSCRIBE';
  if (keyword === 'OPTOUT') return 'OPT OUT';
  return keyword;
}

/** Adjacent words that spell one keyword: "OPT OUT" -> OPTOUT, "STOP ALL" -> STOPALL. */
export const MERGED_PAIRS = new Map<string, string>([
  ['OPT OUT', 'OPTOUT'],
  ['STOP ALL', 'STOPALL'],
  ['UN SUBSCRIBE', 'UNSUBSCRIBE'],
  ['UN SUB', 'UNSUB'],
  ['UN STOP', 'UNSTOP'],
  ['NO ONE', 'NOONE'],
  ['NO LONGER', 'NOLONGER'],
]);

/** Politeness, emphasis and slang around a request: "stop please", "ok stop it now thanks bro". */
export const FILLERS = set(
  'PLEASE', 'THANKS', 'THANK', 'THANKYOU', 'YOU', 'TA', 'CHEERS', 'MATE', 'BRO', 'BRUH', 'DUDE', 'MAN',
  'GUYS', 'CUZ', 'LOL', 'FFS', 'OMG', 'NOW', 'IT', 'OK', 'OKAY', 'K', 'KK', 'ALREADY', 'SERIOUSLY', 'REALLY',
  'JUST', 'RIGHT', 'AWAY', 'IMMEDIATELY', 'ASAP', 'HI', 'HELLO', 'HEY', 'THIS', 'THAT', 'THESE', 'THEM',
  'NUMBER', 'AGAIN', 'ANYMORE', 'SORRY', 'TOO', 'KINDLY', 'SIR', 'OH', 'YEAH', 'YEP', 'FOREVER', 'BYE',
  'REGARDS', 'ALL', 'YA', 'SO', 'DEAR', 'ASWELL', 'NOW',
);
/** A word just before a final STOP that makes it a request: "wrong number stop", "no stop". */
export const STOP_CONTEXT = set('PERSON', 'INTERESTED', 'NO', 'NOPE', 'NAH', 'ALONE', 'SO', 'GOD', 'ENOUGH', 'PLEASE', 'SAID', 'SAY', 'SAYING');
/** Just before STOP (or another request verb) these make it not a request to us. */
export const NOT_A_REQUEST = set(
  'DONT', 'NOT', 'NEVER', 'CANT', 'WONT', 'DIDNT', 'DOESNT', 'SHOULDNT', 'WOULDNT', 'COULDNT',
  'I', 'ILL', 'IM', 'ID', 'IVE', 'WE', 'WELL', 'WERE', 'WEVE', 'WILL', 'WOULD', 'SHOULD', 'MIGHT', 'MAY',
  'HE', 'SHE', 'THEY', 'THE', 'A', 'BUS', 'PIT', 'FULL', 'ONE', 'LAST', 'NEXT', 'FIRST',
);
/** STOP followed by these is about going somewhere: "stop by", "stop in", "stop over". */
export const STOP_PLACE = set('BY', 'IN', 'AT', 'OVER', 'AROUND', 'INTO', 'THERE', 'PAST', 'OFF', 'FOR', 'HERE', 'ON', 'IF');
/** Words that end the look-ahead after a request verb. */
export const BREAKERS = set(
  'AND', 'BUT', 'THEN', 'SO', 'IF', 'WHEN', 'BECAUSE', 'COS', 'CAUSE', 'I', 'ILL', 'IM', 'WE', 'WHILE',
  'UNTIL', 'TILL', 'BEFORE', 'AFTER',
);
export const WANT_NEGATIONS = set('DONT', 'NOT', 'DIDNT', 'NEVER');
export const NEGATIONS = set('DONT', 'NOT', 'NO', 'NEVER', 'WONT', 'CANT', 'DIDNT', 'NOTHING');

/** Contact by SMS (or contact in general). */
export const SMS_CONTACT = set(
  'TEXTING', 'MESSAGING', 'SMSING', 'CONTACTING', 'SPAMMING', 'BOTHERING', 'HARASSING', 'HASSLING',
  'PESTERING', 'HOUNDING',
  'TEXT', 'TEXTS', 'MESSAGE', 'MESSAGES', 'SMS', 'SPAM', 'CONTACT', 'MARKETING', 'PROMOS', 'PROMOTIONS',
  'ADS', 'ADVERTISING', 'REMINDERS', 'UPDATES', 'NOTIFICATIONS', 'OFFERS', 'SPECIALS', 'COMMUNICATION',
  'COMMUNICATIONS', 'JUNK', 'CRAP', 'SHIT', 'RUBBISH', 'GARBAGE', 'NEWSLETTERS', 'ALERTS',
  // passives, after "want … to be" / "stop being": "I don't want to be contacted"
  'CONTACTED', 'TEXTED', 'MESSAGED', 'SPAMMED', 'BOTHERED', 'HASSLED',
);
/** Contact by another channel: a request about these alone is a channel preference, maybe. */
export const OTHER_CONTACT = set('CALLING', 'RINGING', 'PHONING', 'EMAILING', 'CALLS', 'EMAILS', 'EMAIL', 'PHONECALLS');
/** Verbs after DON'T / DO NOT / NEVER. */
export const SMS_VERBS = set('TEXT', 'MESSAGE', 'SMS', 'CONTACT', 'BOTHER', 'SPAM', 'HASSLE', 'PESTER', 'HARASS');
export const OTHER_VERBS = set('CALL', 'RING', 'PHONE', 'EMAIL');
export const SEND_VERBS = set('SEND', 'SENDING');
/** What "send" must be about for a request to stop: "stop sending me…", "don't send anything". */
export const SEND_OBJECTS = set('ME', 'US', 'ANYTHING', 'STUFF', 'THESE', 'THOSE', 'THEM', 'ANYMORE', 'AGAIN', 'MORE');
/** Where a customer asks to be removed from. */
export const LIST_WORDS = set(
  'LIST', 'LISTS', 'MAILINGLIST', 'DATABASE', 'DATABASES', 'DB', 'SYSTEM', 'SYSTEMS', 'CONTACTS', 'RECORDS',
  'FILE', 'FILES', 'CRM', 'BOOKS', 'PHONE', 'SUBSCRIBERS', 'EVERYTHING', 'SUBSCRIPTION',
);
/** What "my …" may name in "remove my number", "delete my details". */
export const MY_DETAILS = set(
  'NUMBER', 'NO', 'DETAILS', 'MOBILE', 'PHONE', 'CELL', 'INFO', 'INFORMATION', 'CONTACT', 'NAME', 'DATA',
);
/** Timing and circumstance: "don't text me until after 5", "don't call me at work". */
export const TIMING = set(
  'UNTIL', 'TILL', 'TIL', 'BEFORE', 'AFTER', 'TODAY', 'TOMORROW', 'TONIGHT', 'WEEKEND', 'WEEKENDS',
  'WEEKDAYS', 'MORNING', 'MORNINGS', 'EVENING', 'EVENINGS', 'NIGHT', 'NIGHTS', 'LATE', 'EARLY', 'DURING',
  'WHILE', 'BETWEEN', 'WORK', 'BUSY', 'DRIVING', 'MEETING', 'BACK', 'YET', 'AM', 'PM', 'MONDAY', 'TUESDAY',
  'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY', 'HOLIDAY',
);
/** A stated preference for another channel: "text only", "call me instead". */
export const PREFERENCE = set('INSTEAD', 'PREFER', 'PREFERRED', 'PREFERS', 'RATHER', 'ONLY');
export const UNSUBSCRIBE_WORDS = set('UNSUB', 'UNSUBSCRIBE', 'UNSUBSCRIBED', 'UNSUBSCRIBING', 'UNSUBBED', 'UNSUBSCRIBES');
export const REVOKE_VERBS = set('REVOKE', 'REVOKING', 'REVOKED', 'WITHDRAW', 'WITHDRAWING', 'WITHDRAWN');
export const CONSENT_WORDS = set('CONSENT', 'PERMISSION', 'AUTHORITY', 'AUTHORISATION', 'AUTHORIZATION', 'SUBSCRIPTION');
export const DETERMINERS = set('THE', 'YOUR', 'THIS', 'THESE', 'THOSE', 'THAT', 'ALL', 'ANY', 'MY', 'OUR', 'A', 'YA', 'OF', 'WITH');
/** Verbs of removing: "remove me", "delete my number", "lose my number", "scrub me from your list". */
export const REMOVE_VERBS = set('REMOVE', 'DELETE', 'ERASE', 'LOSE', 'SCRUB', 'WIPE', 'UNLIST');
/** Verbs that need OFF: "take me off", "get me off your list". */
export const OFF_VERBS = set('TAKE', 'GET');
/** Verbs of stopping that need an object of messaging: "quit texting", "cease all communication". */
export const STOPPING_VERBS = set('QUIT', 'CEASE', 'END', 'HALT', 'PAUSE', 'DISCONTINUE', 'STOPPING');
/** What may stand between a verb of stopping or cancelling and its object: "cancel all of your texts". */
export const OBJECT_LEAD = set(
  'THE', 'YOUR', 'THIS', 'THESE', 'THOSE', 'ALL', 'ANY', 'MY', 'OUR', 'OF', 'WITH', 'ME', 'US', 'FUTURE',
  'FURTHER', 'AUTOMATED', 'MARKETING', 'PROMOTIONAL', 'SMS', 'TEXT', 'SENDING', 'SEND', 'YA', 'DAMN', 'BLOODY',
  'FUCKING', 'STUPID', 'CONSTANT', 'ENDLESS',
);
/** "Piss off", "rack off", "go away", "get lost". */
export const GO_AWAY_VERBS = set('PISS', 'FUCK', 'FK', 'F', 'EFF', 'BUGGER', 'RACK', 'SOD', 'BUZZ', 'SHOVE');

/** Wrong number: "wrong number", "wrong person", "you've got the wrong guy". */
export const WRONG_OBJECTS = set(
  'NUMBER', 'NO', 'NUM', 'PERSON', 'GUY', 'GIRL', 'BLOKE', 'LADY', 'MAN', 'WOMAN', 'MOBILE', 'PHONE', 'CELL',
  'CONTACT', 'PEOPLE', 'FELLA', 'CHICK', 'DUDE', 'NUMBERS',
);
/** After "wrong number" these make it about something else: "wrong number of seats", "wrong number plate". */
export const WRONG_NUMBER_OTHER_SENSE = set('OF', 'PLATE', 'PLATES', 'ON', 'IN', 'LISTED');

/** Every word the grammar names: never "corrected" into another word. */
export const GRAMMAR_WORDS: ReadonlySet<string> = new Set([
  ...OPT_OUT_KEYWORDS, ...OPT_IN_KEYWORDS, ...HELP_KEYWORDS, ...FILLERS, ...STOP_CONTEXT, ...NOT_A_REQUEST,
  ...STOP_PLACE, ...BREAKERS, ...NEGATIONS, ...SMS_CONTACT, ...OTHER_CONTACT, ...SMS_VERBS, ...OTHER_VERBS,
  ...SEND_VERBS, ...SEND_OBJECTS, ...LIST_WORDS, ...MY_DETAILS, ...TIMING, ...PREFERENCE, ...UNSUBSCRIBE_WORDS,
  ...REVOKE_VERBS, ...CONSENT_WORDS, ...DETERMINERS, ...REMOVE_VERBS, ...OFF_VERBS, ...STOPPING_VERBS,
  ...OBJECT_LEAD, ...GO_AWAY_VERBS, ...WRONG_OBJECTS, ...WRONG_NUMBER_OTHER_SENSE,
  'ME', 'US', 'MY', 'OFF', 'FROM', 'OUT', 'OPT', 'OPTED', 'OPTEDOUT', 'WANT', 'MORE', 'ANY', 'FURTHER',
  'LEAVE', 'ALONE', 'BE', 'GO', 'LOST', 'ENOUGH', 'WRONG', 'NOONE', 'NOBODY', 'NOLONGER', 'NEW', 'GOT',
  'OPTING', 'REMOVED', 'DELETED', 'SAID', 'SAY', 'SAYING', 'JUST',
  'KNOW', 'WHO', 'LIVE', 'LIVES', 'HERE', 'NAME', 'NAMED', 'CALLED', 'DESIST', 'STOPPED', 'RECEIVE',
  'GETTING', 'RECEIVING', 'DO', 'EVER', 'EVEN', 'OR', 'N', 'HIS', 'HER', 'THEIR', 'HIM', 'WITH',
]);

/**
 * Slang and short forms read as the word they stand for (checked before anything else).
 * Vowel-dropped forms ("txt", "pls", "nmbr", "rmv") need no entry: words.ts reads them by rule.
 */
export const SLANG = new Map<string, string>([
  ['TXTS', 'TEXTS'], ['TEXTZ', 'TEXTS'], ['TXTZ', 'TEXTS'],
  ['TXTING', 'TEXTING'], ['TXTIN', 'TEXTING'], ['TEXTIN', 'TEXTING'], ['TXTN', 'TEXTING'], ['TEXTN', 'TEXTING'],
  ['MSG', 'MESSAGE'], ['MSGS', 'MESSAGES'], ['MSGZ', 'MESSAGES'], ['MSGES', 'MESSAGES'],
  ['MSGING', 'MESSAGING'], ['MSGIN', 'MESSAGING'], ['MSGN', 'MESSAGING'], ['MESSAGIN', 'MESSAGING'], ['MSGNG', 'MESSAGING'],
  ['SMSS', 'SMS'], ['SMSES', 'SMS'], ['SMSZ', 'SMS'], ['SMSING', 'SMSING'],
  ['PLZ', 'PLEASE'], ['PLSE', 'PLEASE'], ['PLEEZ', 'PLEASE'], ['PLEEZE', 'PLEASE'], ['PLIZ', 'PLEASE'], ['PLX', 'PLEASE'],
  ['PWEASE', 'PLEASE'], ['PLEAS', 'PLEASE'], ['PLEASEE', 'PLEASE'], ['PLZZ', 'PLEASE'], ['PLEASSE', 'PLEASE'],
  ['PLEASSEE', 'PLEASE'], ['PPLEASE', 'PLEASE'], ['PLES', 'PLEASE'], ['PLEASR', 'PLEASE'],
  ['U', 'YOU'], ['YU', 'YOU'], ['YOUU', 'YOU'], ['UR', 'YOUR'], ['YR', 'YOUR'], ['YOR', 'YOUR'], ['YOURE', 'YOUR'],
  ['THX', 'THANKS'], ['THNX', 'THANKS'], ['THANX', 'THANKS'], ['TNX', 'THANKS'], ['TX', 'THANKS'], ['TY', 'THANKS'],
  ['TYVM', 'THANKS'], ['THANKU', 'THANKYOU'], ['TQ', 'THANKS'], ['THANKYOUU', 'THANKYOU'],
  ['DNT', 'DONT'], ['DUN', 'DONT'], ['DOMT', 'DONT'], ['DONOT', 'DONT'],
  ['NVR', 'NEVER'], ['NEVA', 'NEVER'],
  ['NUM', 'NUMBER'], ['NUMBA', 'NUMBER'], ['NUMBAH', 'NUMBER'], ['NBR', 'NUMBER'], ['NO', 'NO'],
  ['ANYMOR', 'ANYMORE'], ['NEMORE', 'ANYMORE'], ['NEMOR', 'ANYMORE'], ['ANYMO', 'ANYMORE'], ['NOMORE', 'NOMORE'],
  ['MO', 'MORE'], ['MOAR', 'MORE'],
  ['STAHP', 'STOP'], ['STAPH', 'STOP'], ['STAWP', 'STOP'], ['STOPP', 'STOP'], ['SSTOP', 'STOP'],
  ['UNSUBB', 'UNSUB'], ['UNSUBSCRIBEE', 'UNSUBSCRIBE'],
  ['RMOVE', 'REMOVE'], ['REMOV', 'REMOVE'], ['DEL', 'DELETE'], ['DELET', 'DELETE'],
  ['WANNA', 'WANT'], ['RM', 'REMOVE'], ['W', 'WITH'], ['WIT', 'WITH'], ['WIF', 'WITH'], ['WID', 'WITH'], ['B4', 'BEFORE'],
  ['OFFA', 'OFF'], ['OUTTA', 'OUT'], ['BOTHERIN', 'BOTHERING'], ['SPAMMIN', 'SPAMMING'], ['CONTACTIN', 'CONTACTING'],
  ['HASSLIN', 'HASSLING'], ['TEXTIN', 'TEXTING'], ['SENDIN', 'SENDING'], ['SNDING', 'SENDING'],
  ['ENUF', 'ENOUGH'], ['ENUFF', 'ENOUGH'], ['NUFF', 'ENOUGH'],
  ['WRNG', 'WRONG'], ['RONG', 'WRONG'], ['WRONGG', 'WRONG'],
  ['NOONE', 'NOONE'], ['NO1', 'NOONE'],
  ['FRM', 'FROM'], ['FRUM', 'FROM'], ['OPTOUT', 'OPTOUT'],
]);
