import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/smsdesk.mjs classify …` with the given stdin. */
function classify(args: string[], input: string | Uint8Array = ''): Promise<Result> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['bin/smsdesk.mjs', 'classify', ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.on('error', () => {}); // the CLI may exit before reading everything
    child.stdin.end(input);
  });
}

function jsonLines(stdout: string): unknown[] {
  assert.ok(stdout.endsWith('\n') || stdout === '', 'output ends with a newline');
  return stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
}

describe('smsdesk classify (R3 classifier on the command line)', { concurrency: 4 }, () => {
  test('R3: prints one JSON object per reply line, in order', async () => {
    const r = await classify([], 'STOP\nplease stop texting me\nI’ll stop by Saturday\nSTART\nhelp?\n');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(jsonLines(r.stdout), [
      { text: 'STOP', intent: 'opt_out', keyword: 'STOP' },
      { text: 'please stop texting me', intent: 'possible_opt_out', keyword: 'STOP' },
      { text: 'I’ll stop by Saturday', intent: 'none', keyword: null },
      { text: 'START', intent: 'opt_in', keyword: 'START' },
      { text: 'help?', intent: 'help', keyword: 'HELP' },
    ]);
  });

  test('R3: a literal \\n in a line is a line break and \\\\ a backslash', async () => {
    const r = await classify([], 'Not interested.\\nSTOP\nback\\\\slash\\n\n');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(jsonLines(r.stdout), [
      { text: 'Not interested.\nSTOP', intent: 'possible_opt_out', keyword: 'STOP' },
      { text: 'back\\slash\n', intent: 'none', keyword: null },
    ]);
  });

  test('CRLF line ends, a last line without a line end, blank lines and a UTF-8 BOM', async () => {
    const r = await classify([], '\uFEFFUnsubscribe\r\n\r\nＳＴＯＰ 🛑');
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(jsonLines(r.stdout), [
      { text: 'Unsubscribe', intent: 'opt_out', keyword: 'UNSUBSCRIBE' },
      { text: '', intent: 'none', keyword: null },
      { text: 'ＳＴＯＰ 🛑', intent: 'opt_out', keyword: 'STOP' },
    ]);
  });

  test('empty input prints nothing', async () => {
    const r = await classify([], '');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
  });

  test('--file reads replies from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smsdesk-classify-'));
    try {
      const path = join(dir, 'replies.txt');
      writeFileSync(path, 'END\nthe end of the month works\n');
      const r = await classify(['--file', path]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(jsonLines(r.stdout), [
        { text: 'END', intent: 'opt_out', keyword: 'END' },
        { text: 'the end of the month works', intent: 'none', keyword: null },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--help prints usage and exits 0', async () => {
    const r = await classify(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Usage: smsdesk classify/);
    assert.match(r.stdout, /--file PATH/);
  });

  test('an unknown flag is a usage error: exit 2 and a message naming it', async () => {
    const r = await classify(['--verbose'], 'STOP\n');
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /unknown option '--verbose'/);
  });

  test('a positional argument is a usage error: exit 2', async () => {
    const r = await classify(['STOP']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unexpected argument 'STOP'/);
  });

  test('--file without a path is a usage error: exit 2', async () => {
    const r = await classify(['--file']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--file needs a path/);
  });

  test('a missing --file fails with a message naming the path', async () => {
    const path = join(tmpdir(), 'smsdesk-no-such-dir', 'replies.txt');
    const r = await classify(['--file', path]);
    assert.notEqual(r.code, 0);
    assert.ok(r.stderr.includes(path), r.stderr);
    assert.match(r.stderr, /cannot read file/);
  });

  test('invalid UTF-8 fails with a clear message naming the line', async () => {
    const bytes = Buffer.concat([Buffer.from('STOP\n'), Buffer.from([0x73, 0x74, 0xff, 0xfe, 0x0a]), Buffer.from('START\n')]);
    const r = await classify([], bytes);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /standard input is not valid UTF-8 \(line 2\)/);
    // Lines before the bad one were already classified (streaming), nothing after it.
    assert.deepEqual(jsonLines(r.stdout), [{ text: 'STOP', intent: 'opt_out', keyword: 'STOP' }]);
  });

  test('a truncated multi-byte character at the end is invalid UTF-8', async () => {
    const r = await classify([], Buffer.from([0x53, 0x54, 0x4f, 0x50, 0xe2, 0x82]));
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /not valid UTF-8/);
  });
  test('R3 --explain: each line says why, as data (the rule, the customer\'s words, what was undone) and as the sentence staff see', async () => {
    const r = await classify(['--explain'], 'STOP\n<b>STOP</b>\npls stop txting me\nwrong number\nLiked “See you Saturday. Reply STOP to opt out”\nI’ll stop by Saturday\n');
    assert.equal(r.code, 0, r.stderr);
    const lines = jsonLines(r.stdout) as { text: string; intent: string; keyword: string | null; why: string; reasons: { rule: string; matched: string | null; steps: string[] }[] }[];
    assert.deepEqual(
      lines.map((l) => [l.intent, l.reasons[0]?.rule, l.reasons[0]?.matched, l.reasons[0]?.steps]),
      [
        ['opt_out', 'keyword', 'STOP', []],
        ['possible_opt_out', 'disguised_keyword', 'STOP', ['markup']],
        ['possible_opt_out', 'phrase', 'stop txting me', ['slang']],
        ['wrong_number', 'wrong_number', 'wrong number', []],
        ['reaction', 'reaction', null, []],
        ['none', 'no_match', null, []],
      ],
    );
    assert.equal(lines[0]?.why, 'The whole reply is the keyword STOP: applied automatically.');
    assert.equal(lines[2]?.why, 'The reply asks to stop: “stop txting me” (txting → texting).');
    assert.match(lines[3]?.why ?? '', /may have been reassigned/);
    assert.match(lines[4]?.why ?? '', /^A phone reaction \(Liked 👍\) to the message “See you Saturday\. Reply STOP to opt out”/);
  });

  test('without --explain the output is unchanged: text, intent, keyword', async () => {
    const r = await classify([], 'st0p\n');
    assert.deepEqual(jsonLines(r.stdout), [{ text: 'st0p', intent: 'possible_opt_out', keyword: 'STOP' }]);
  });
});
