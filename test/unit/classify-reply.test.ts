import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyReply,
  HELP_KEYWORDS,
  OPT_IN_KEYWORDS,
  OPT_OUT_KEYWORDS,
  POSSIBLE_OPT_OUT_PHRASES,
} from '../../shared/classify-reply.ts';
import type { ReplyIntent } from '../../shared/domain/types.ts';

type Row = readonly [text: string, intent: ReplyIntent, keyword: string | null];

function runTable(rows: readonly Row[]): void {
  for (const [text, intent, keyword] of rows) {
    test(`${JSON.stringify(text)} -> ${intent}${keyword ? ` (${keyword})` : ''}`, () => {
      const { intent: got, keyword: gotKeyword } = classifyReply(text);
      assert.deepEqual({ intent: got, keyword: gotKeyword }, { intent, keyword });
    });
  }
}

// The whole message is a keyword: applied automatically for the attributed dealer account.
const OPT_OUT_ROWS: readonly Row[] = [
  ['STOP', 'opt_out', 'STOP'],
  ['stop', 'opt_out', 'STOP'],
  ['Stop', 'opt_out', 'STOP'],
  ['STOP.', 'opt_out', 'STOP'],
  ['stop!', 'opt_out', 'STOP'],
  ['STOP!!!', 'opt_out', 'STOP'],
  ['  stop  ', 'opt_out', 'STOP'],
  ['\tSTOP\n', 'opt_out', 'STOP'],
  ['stop.\r\n', 'opt_out', 'STOP'],
  ['"STOP"', 'opt_out', 'STOP'],
  ['Stop 🛑', 'opt_out', 'STOP'],
  ['🛑️ STOP 🛑️', 'opt_out', 'STOP'],
  ['✋stop', 'opt_out', 'STOP'],
  ['ＳＴＯＰ', 'opt_out', 'STOP'],
  ['ｓｔｏｐ！', 'opt_out', 'STOP'],
  ['S\u200BTOP', 'opt_out', 'STOP'],
  ['STOP STOP', 'opt_out', 'STOP'],
  ['stop stop stop!!!', 'opt_out', 'STOP'],
  ['STOP\nSTOP', 'opt_out', 'STOP'],
  ['STOPALL', 'opt_out', 'STOPALL'],
  ['stop all', 'opt_out', 'STOPALL'],
  ['Stop-all', 'opt_out', 'STOPALL'],
  ['UNSUB', 'opt_out', 'UNSUB'],
  ['unsub.', 'opt_out', 'UNSUB'],
  ['Un-sub', 'opt_out', 'UNSUB'],
  ['UNSUBSCRIBE', 'opt_out', 'UNSUBSCRIBE'],
  ['Unsubscribe!', 'opt_out', 'UNSUBSCRIBE'],
  ['unsubscribe 🙏', 'opt_out', 'UNSUBSCRIBE'],
  ['CANCEL', 'opt_out', 'CANCEL'],
  ['Cancel.', 'opt_out', 'CANCEL'],
  ['END', 'opt_out', 'END'],
  ['end', 'opt_out', 'END'],
  ['QUIT', 'opt_out', 'QUIT'],
  ['Quit!', 'opt_out', 'QUIT'],
  ['OPTOUT', 'opt_out', 'OPTOUT'],
  ['Opt out', 'opt_out', 'OPTOUT'],
  ['OPT-OUT', 'opt_out', 'OPTOUT'],
  ['opt-out.', 'opt_out', 'OPTOUT'],
  ['REVOKE', 'opt_out', 'REVOKE'],
  ['Revoke.', 'opt_out', 'REVOKE'],
  ['STOP UNSUBSCRIBE', 'opt_out', 'STOP'],
];

// Opt back in for the attributed dealer account only.
const OPT_IN_ROWS: readonly Row[] = [
  ['START', 'opt_in', 'START'],
  ['start', 'opt_in', 'START'],
  ['Start.', 'opt_in', 'START'],
  [' start \n', 'opt_in', 'START'],
  ['UNSTOP', 'opt_in', 'UNSTOP'],
  ['unstop!', 'opt_in', 'UNSTOP'],
  ['Un-stop', 'opt_in', 'UNSTOP'],
  ['YES', 'opt_in', 'YES'],
  ['yes', 'opt_in', 'YES'],
  ['Yes!', 'opt_in', 'YES'],
  ['YES YES', 'opt_in', 'YES'],
  ['Ｙｅｓ', 'opt_in', 'YES'],
];

const HELP_ROWS: readonly Row[] = [
  ['HELP', 'help', 'HELP'],
  ['help?', 'help', 'HELP'],
  ['Help!!', 'help', 'HELP'],
  ['INFO', 'help', 'INFO'],
  ['info', 'help', 'INFO'],
  ['Info?', 'help', 'INFO'],
];

// A clear request in words, or a keyword with more words around it: surfaced for staff to
// confirm, never applied automatically. keyword = the phrase family.
const POSSIBLE_ROWS: readonly Row[] = [
  // STOP
  ['Stop please', 'possible_opt_out', 'STOP'],
  ['Please stop', 'possible_opt_out', 'STOP'],
  ['pls stop', 'possible_opt_out', 'STOP'],
  ['stop pls mate', 'possible_opt_out', 'STOP'],
  ['stop it please', 'possible_opt_out', 'STOP'],
  ['Stop thanks', 'possible_opt_out', 'STOP'],
  ['Stoppp', 'possible_opt_out', 'STOP'],
  ['please stop texting me', 'possible_opt_out', 'STOP'],
  ['Stop messaging me', 'possible_opt_out', 'STOP'],
  ['stop sending me texts', 'possible_opt_out', 'STOP'],
  ['STOP SENDING ME MESSAGES!!', 'possible_opt_out', 'STOP'],
  ['Can you please stop texting me', 'possible_opt_out', 'STOP'],
  ['stop spamming me', 'possible_opt_out', 'STOP'],
  ['Stop texting me 😡', 'possible_opt_out', 'STOP'],
  ['Please stop contacting me, I bought a Mazda', 'possible_opt_out', 'STOP'],
  ['Can you stop sending the service reminders to this number', 'possible_opt_out', 'STOP'],
  ['stop all messages please', 'possible_opt_out', 'STOP'],
  ['quit texting me', 'possible_opt_out', 'STOP'],
  ['Stop calling me', 'possible_opt_out', 'STOP'],
  ['wrong number stop', 'possible_opt_out', 'STOP'],
  ['Wrong number, stop', 'possible_opt_out', 'STOP'],
  ['Stop. Wrong number', 'possible_opt_out', 'STOP'],
  ['You have the wrong number, please stop messaging', 'possible_opt_out', 'STOP'],
  ['Who is this? Stop texting me', 'possible_opt_out', 'STOP'],
  ['Hi Dave, please stop.', 'possible_opt_out', 'STOP'],
  ['Not interested. STOP', 'possible_opt_out', 'STOP'],
  ['Already bought a car elsewhere.\nStop', 'possible_opt_out', 'STOP'],
  ['STOP\n\nSent from my iPhone', 'possible_opt_out', 'STOP'],
  ['START STOP', 'possible_opt_out', 'STOP'],
  // UNSUBSCRIBE
  ['unsubscribe me', 'possible_opt_out', 'UNSUBSCRIBE'],
  ['Unsubscribe me please', 'possible_opt_out', 'UNSUBSCRIBE'],
  ['unsub me', 'possible_opt_out', 'UNSUBSCRIBE'],
  ['How do I unsubscribe?', 'possible_opt_out', 'UNSUBSCRIBE'],
  ['I already unsubscribed, why am I still getting these?', 'possible_opt_out', 'UNSUBSCRIBE'],
  // OPT OUT
  ['I want to opt out', 'possible_opt_out', 'OPT OUT'],
  ['Opt me out please', 'possible_opt_out', 'OPT OUT'],
  ['I opted out last month', 'possible_opt_out', 'OPT OUT'],
  ['I would like to opt out of these texts', 'possible_opt_out', 'OPT OUT'],
  // REVOKE
  ['I revoke my consent', 'possible_opt_out', 'REVOKE'],
  ['I withdraw my permission to be contacted', 'possible_opt_out', 'REVOKE'],
  // REMOVE
  ['remove me from your list', 'possible_opt_out', 'REMOVE'],
  ['Please remove me from your mailing list', 'possible_opt_out', 'REMOVE'],
  ['please remove me', 'possible_opt_out', 'REMOVE'],
  ['take me off your list', 'possible_opt_out', 'REMOVE'],
  ['Take my number off your system', 'possible_opt_out', 'REMOVE'],
  ['Delete my number please', 'possible_opt_out', 'REMOVE'],
  ['I’m not interested anymore, please take me off the list', 'possible_opt_out', 'REMOVE'],
  // DO NOT CONTACT
  ["don't text me again", 'possible_opt_out', 'DO NOT CONTACT'],
  ['Do not contact me', 'possible_opt_out', 'DO NOT CONTACT'],
  ['DONT MESSAGE ME', 'possible_opt_out', 'DO NOT CONTACT'],
  ['Never text me again', 'possible_opt_out', 'DO NOT CONTACT'],
  ['Don’t text me, call me instead', 'possible_opt_out', 'DO NOT CONTACT'],
  ['pls dont send me anything else', 'possible_opt_out', 'DO NOT CONTACT'],
  ["Don't call or text me", 'possible_opt_out', 'DO NOT CONTACT'],
  // NO MORE
  ['no more texts please', 'possible_opt_out', 'NO MORE'],
  ['No more messages', 'possible_opt_out', 'NO MORE'],
  ['No further contact please', 'possible_opt_out', 'NO MORE'],
  ["I don't want any more texts from Parramatta Toyota", 'possible_opt_out', 'NO MORE'],
  ['Nooo more sms', 'possible_opt_out', 'NO MORE'],
  ['No more calls please', 'possible_opt_out', 'NO MORE'],
  // LEAVE ME ALONE
  ['leave me alone', 'possible_opt_out', 'LEAVE ME ALONE'],
  ['Just leave me alone!!', 'possible_opt_out', 'LEAVE ME ALONE'],
];

// Free text that merely contains a keyword, and other ordinary replies.
const NONE_ROWS: readonly Row[] = [
  ["I'll stop by Saturday", 'none', null],
  ['Is the car still available? Stop by later?', 'none', null],
  ['Can I stop in after work to see the Hilux?', 'none', null],
  ['Please stop by the Liverpool dealership', 'none', null],
  ['Where do I stop the car for the inspection?', 'none', null],
  ['Meet me at the bus stop', 'none', null],
  ['Stopped by yesterday but you were closed', 'none', null],
  ['Unstoppable deal!', 'none', null],
  ["Don't stop the deal, I'll sign tomorrow", 'none', null],
  ['can you cancel my service booking', 'none', null],
  ['Cancel my test drive please', 'none', null],
  ['yes I’m interested', 'none', null],
  ['Yes please, Saturday 10am works', 'none', null],
  ['the end of the month works', 'none', null],
  ['quit my job so need finance', 'none', null],
  ['Quit it', 'none', null],
  ['START time for test drive?', 'none', null],
  ['What time do you start on Saturday?', 'none', null],
  ["The car won't start, can you help?", 'none', null],
  ['HELP ME', 'none', null],
  ['More info on the Ranger please', 'none', null],
  ['Can I opt out of the extended warranty?', 'none', null],
  ['Remove the tow bar from the quote', 'none', null],
  ['remove me from the test drive booking', 'none', null],
  ["Don't call me, text me instead", 'none', null],
  ["don't text me until after 5pm", 'none', null],
  ["Don't call me at work", 'none', null],
  ['Stop calling me, text only', 'none', null],
  ['No more questions, I’ll take it!', 'none', null],
  ["Don't need finance, just want messages about the price", 'none', null],
  ['Can you text me the price?', 'none', null],
  ['Wrong number', 'wrong_number', null],
  ['Not interested', 'none', null],
  ['No thanks', 'none', null],
  ['Thanks, see you Saturday 👍', 'none', null],
  ['', 'none', null],
  ['   ', 'none', null],
  ['\n\n', 'none', null],
  ['🛑', 'none', null],
  ['?!', 'none', null],
];

describe('R3: a reply that is an opt-out keyword opts out (case, space, punctuation, emoji, width ignored)', () => {
  runTable(OPT_OUT_ROWS);
});

describe('R3: a reply that is an opt-in keyword opts back in', () => {
  runTable(OPT_IN_ROWS);
});

describe('R3: HELP / INFO is recognised', () => {
  runTable(HELP_ROWS);
});

describe('R3: a clear request in words is a possible opt-out for staff to confirm, never automatic', () => {
  runTable(POSSIBLE_ROWS);
});

describe('R3: free text that merely contains a keyword is not an opt-out', () => {
  runTable(NONE_ROWS);
});

describe('R3: keyword lists', () => {
  test('R3: the table has at least 100 realistic replies', () => {
    const total = OPT_OUT_ROWS.length + OPT_IN_ROWS.length + HELP_ROWS.length + POSSIBLE_ROWS.length + NONE_ROWS.length;
    assert.ok(total >= 100, `only ${total} rows`);
  });

  test('R3: opt-out keywords are STOP, UNSUB, UNSUBSCRIBE and the gateway standard list', () => {
    assert.deepEqual(
      [...OPT_OUT_KEYWORDS].sort(),
      ['CANCEL', 'END', 'OPTOUT', 'QUIT', 'REVOKE', 'STOP', 'STOPALL', 'UNSUB', 'UNSUBSCRIBE'],
    );
    assert.deepEqual([...OPT_IN_KEYWORDS].sort(), ['START', 'UNSTOP', 'YES']);
    assert.deepEqual([...HELP_KEYWORDS].sort(), ['HELP', 'INFO']);
  });

  test('R3: every listed keyword, alone, gets its intent and itself as the keyword', () => {
    const lists: [readonly string[], ReplyIntent][] = [
      [OPT_OUT_KEYWORDS, 'opt_out'],
      [OPT_IN_KEYWORDS, 'opt_in'],
      [HELP_KEYWORDS, 'help'],
    ];
    for (const [keywords, intent] of lists) {
      for (const k of keywords) {
        assert.deepEqual(classifyReply(k), { intent, keyword: k, reasons: [{ rule: 'keyword', family: k, matched: k, steps: [], corrections: [], reaction: null }] });
        assert.equal(classifyReply(` ${k.toLowerCase()}! `).intent, intent);
        assert.equal(classifyReply(` ${k.toLowerCase()}! `).keyword, k);
      }
    }
  });

  test('R3: every possible opt-out names one of the listed phrase families', () => {
    for (const [text] of POSSIBLE_ROWS) {
      const { keyword } = classifyReply(text);
      assert.ok(keyword !== null && (POSSIBLE_OPT_OUT_PHRASES as readonly string[]).includes(keyword), text);
    }
  });
});

describe('R3: the classifier is deterministic and fast on hostile input', () => {
  test('R3: same text, same answer', () => {
    for (const [text] of POSSIBLE_ROWS) assert.deepEqual(classifyReply(text), classifyReply(text));
  });

  test('R3: 100 kB replies of repeated trigger words classify in well under a second', () => {
    const inputs = [
      'stop '.repeat(20_000),
      'dont send '.repeat(10_000),
      'stop please '.repeat(10_000) + 'by',
      'remove me from '.repeat(7_000),
      ' '.repeat(100_000) + '-',
      '🛑'.repeat(30_000),
      'a'.repeat(100_000),
      // issue 15: normalisation and the wider grammar stay linear
      'a b '.repeat(25_000),
      '<b>'.repeat(30_000),
      '&amp;'.repeat(20_000),
      'S T O P '.repeat(12_000),
      'st0p '.repeat(20_000),
      'sent from my '.repeat(8_000),
      'go away '.repeat(12_000),
      'no more '.repeat(12_000),
      'wrong '.repeat(16_000),
      `Liked “${'x'.repeat(100_000)}`,
    ];
    for (const input of inputs) {
      const started = performance.now();
      classifyReply(input);
      const ms = performance.now() - started;
      assert.ok(ms < 1000, `${ms.toFixed(0)} ms for ${JSON.stringify(input.slice(0, 20))}…`);
    }
  });
});
