import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compactOutput, readmeExamples, shownPattern } from './readme-examples.ts';

const markdown = [
  'Intro with `curl http://inline` that is not an example.',
  '```sh',
  'curl -X POST http://127.0.0.1:8080/login \\',
  "     -d username=admin   # a remark, not output",
  '# {"token":"tst_…"}',
  '',
  'T=tst_…   # from above',
  'grpcurl -plaintext 127.0.0.1:50051 list',
  '# a.Service',
  '#',
  '# b.Service',
  '```',
  '# a heading outside any block',
  '```',
  'Tessera is running.',
  '```',
  '```sh',
  '# a comment before any command belongs to none',
  'npm start',
  '```',
].join('\n');

describe('README examples: how the test reads them', () => {
  it('reads commands of ```sh blocks only, with continuation lines, and the # lines under each as its output', () => {
    assert.deepEqual(readmeExamples(markdown), [
      { command: 'curl -X POST http://127.0.0.1:8080/login \\\n     -d username=admin   # a remark, not output', shows: ['{"token":"tst_…"}'], line: 3 },
      { command: 'T=tst_…   # from above', shows: [], line: 7 },
      { command: 'grpcurl -plaintext 127.0.0.1:50051 list', shows: ['a.Service', '', 'b.Service'], line: 8 },
      { command: 'npm start', shows: [], line: 19 },
    ]);
  });

  it('matches output to what the README shows: … for anything, any whitespace for any other', () => {
    const serving = shownPattern(['{"status": "SERVING"}']);
    assert.match(compactOutput('{\n  "status": "SERVING"\n}\n'), serving);
    assert.doesNotMatch(compactOutput('{\n  "status": "NOT_SERVING"\n}\n'), serving);
    assert.doesNotMatch(compactOutput('{"status": "SERVING", "extra": 1}'), serving, 'the whole output, not a part of it');

    const login = shownPattern(['{"token":"tst_…","username":"admin",…}']);
    assert.match('{"token":"tst_abc","username":"admin","email":"a@b"}', login);
    assert.doesNotMatch('{"token":"tst_abc","username":"root","email":"a@b"}', login);
    assert.match('a.Service\nb.Service\n', shownPattern(['a.Service', 'b.Service']));
    assert.doesNotMatch('a.Service\n', shownPattern(['a.Service', 'b.Service']));
  });

  it("takes a stream's shown lines as the start of what it prints", () => {
    const ready = shownPattern(['event: ready', 'data: {}'], { prefix: true });
    assert.match('event: ready\ndata: {}\n\nevent: audit\n', ready);
    assert.doesNotMatch('event: audit\ndata: {}\n', ready);
  });

  it('special characters of the shown output are literal', () => {
    assert.match('[x](y)?', shownPattern(['[x](y)?']));
    assert.doesNotMatch('x', shownPattern(['[x](y)?']));
  });
});
