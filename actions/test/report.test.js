'use strict';
// actions/lib/perfgate-report.js on SARIF the real perfgate writes: escaping, ordering, the 1 MiB
// summary limit, output delimiters, and the Azure task's copy of the module.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const h = require('./helpers.js');
const r = require('../lib/perfgate-report.js');

function manyFindings(count) {
  const ws = h.tempDir('perfgate-ws-');
  h.write(ws, 'Context.cs', h.CONTEXT);
  h.write(ws, 'perfgate.yml', h.POLICY);
  h.write(ws, 'Rates.cs', h.PER_CALL_CLIENT);
  h.write(ws, 'Report.cs', h.nPlusOne('Report', count));
  return { ws, sarif: h.scanToSarif(ws) };
}

test('escaping follows the workflow command rules for data and properties', () => {
  assert.equal(r.escapeData('50% a\r\nb: c, d'), '50%25 a%0D%0Ab: c, d');
  assert.equal(r.escapeProperty('50% a\r\nb: c, d'), '50%25 a%0D%0Ab%3A c%2C d');
  const line = r.githubAnnotation({ ruleId: 'PG1001', level: 'note', message: 'x\ny', path: 'a,b.cs', line: 3, column: 4, endLine: 3, endColumn: 9 });
  assert.equal(line, '::notice file=a%2Cb.cs,line=3,col=4,endLine=3,endColumn=9,title=PG1001::x%0Ay');
});

test('readSarif resolves repo-relative paths and sorts errors first', () => {
  const { ws, sarif } = manyFindings(2);
  const report = r.readSarif(sarif, ws);
  assert.deepEqual(report.findings.map((f) => `${f.level} ${f.ruleId} ${f.path}`),
    ['error PG1001 Report.cs', 'error PG1001 Report.cs', 'warning PG2002 Rates.cs']);
  assert.ok(report.findings[0].line < report.findings[1].line);
  assert.deepEqual(r.countFindings(report.findings), { errors: 2, warnings: 1, notes: 0, new: 3, baselined: 0 });
});

test('the summary stops before the limit and says how many findings were left out', () => {
  const { ws, sarif } = manyFindings(30);
  const report = r.readSarif(sarif, ws);
  const full = r.markdownSummary(report, { verdict: 'failed', sarifPath: 'perfgate.sarif' });
  assert.equal((full.match(/^\| (error|warning) \|/gm) || []).length, 31);
  assert.doesNotMatch(full, /not shown/);

  const limit = 4000;
  const cut = r.markdownSummary(report, { verdict: 'failed', sarifPath: 'perfgate.sarif', limit });
  assert.ok(Buffer.byteLength(cut) <= limit, `${Buffer.byteLength(cut)} bytes`);
  const shown = (cut.match(/^\| (error|warning) \|/gm) || []).length;
  assert.ok(shown > 0 && shown < 31);
  assert.match(cut, new RegExp(`_${31 - shown} more finding\\(s\\) not shown: the summary is limited to 1 MiB. The full list is in \`perfgate.sarif\`._`));
});

test('the default limit is 1 MiB and holds with a huge report', () => {
  assert.equal(r.SUMMARY_LIMIT, 1048576);
  const finding = { ruleId: 'PG1001', level: 'error', message: 'm'.repeat(900) + ' | <b>', path: 'a.cs', line: 1, baselineState: null };
  const findings = Array.from({ length: 3000 }, (_, i) => ({ ...finding, line: i + 1 }));
  const text = r.markdownSummary({ findings, stale: [] }, { verdict: 'failed' });
  assert.ok(Buffer.byteLength(text) <= r.SUMMARY_LIMIT);
  assert.match(text, /more finding\(s\) not shown/);
  assert.match(text, /m \\\| \\<b\\> \|/, 'pipes and HTML in messages are escaped');
});

test('file command values with newlines get a delimiter that does not occur in them', () => {
  let n = 0;
  const ids = ['aa', 'bb'];
  const text = r.githubFileCommand('x', 'line1\nghadelimiter_aa\nline3', () => ids[n++]);
  assert.equal(text, 'x<<ghadelimiter_bb\nline1\nghadelimiter_aa\nline3\nghadelimiter_bb\n');
});

test('the Azure task gets the report module copied from its one source, as packaging does', () => {
  const { copyShared } = require(path.join(h.repoRoot, 'pipelines', 'copy-shared.js'));
  const copy = copyShared().find((written) => path.basename(written) === 'perfgate-report.js');
  assert.equal(copy, path.join(h.repoRoot, 'pipelines', 'PerfGateTask', 'lib', 'perfgate-report.js'));
  assert.equal(fs.readFileSync(copy, 'utf8'), fs.readFileSync(path.join(__dirname, '..', 'lib', 'perfgate-report.js'), 'utf8'));
  assert.match(fs.readFileSync(path.join(h.repoRoot, 'pipelines', 'PerfGateTask', 'index.js'), 'utf8'), /require\('\.\/lib\/perfgate-report\.js'\)/);
});

test('scan arguments: every input in order, empty ones left out', () => {
  assert.deepEqual(r.scanArguments({ target: 'src', sarif: '/t/p.sarif' }), ['scan', 'src', '--format', 'sarif', '--output', '/t/p.sarif', '--quiet']);
  assert.deepEqual(r.scanArguments({
    target: '.', sarif: 'o.sarif', policy: 'perfgate.yml', baseline: 'b.json', failOn: 'warning',
    category: 'perf', configuration: 'Release', changedSince: 'origin/main',
  }), ['scan', '.', '--format', 'sarif', '--output', 'o.sarif', '--quiet', '--policy', 'perfgate.yml', '--baseline', 'b.json',
    '--fail-on', 'warning', '--category', 'perf', '--configuration', 'Release', '--changed-since', 'origin/main']);
  assert.deepEqual(r.scanArguments({ sarif: 'o', baseline: 'none', failOn: 'policy' }),
    ['scan', '.', '--format', 'sarif', '--output', 'o', '--quiet', '--no-baseline']);
});

test('choice inputs: accepted values pass, others say what is accepted', () => {
  assert.equal(r.invalidChoice('fail-on', 'never', r.FAIL_ON), null);
  assert.equal(r.invalidChoice('fail-on', 'always', r.FAIL_ON), "fail-on must be policy, error, warning or never, not 'always'");
  assert.equal(r.invalidChoice('prMode', 'maybe', r.PR_MODES), "prMode must be auto, true or false, not 'maybe'");
});

// Issue 18, items 1 and 2: the cases tests/Shared/untrusted-text.json gives the C# helper (UntrustedText) hold here too.
const hostile = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'tests', 'Shared', 'untrusted-text.json'), 'utf8')).cases;

/** What the runners run (tests/Shared/CiLogModel.cs): `::` after leading white space, `##[` or `##vso[` anywhere, invisible characters ignored. */
function runsCommand(line) {
  const bare = line.replace(/[\p{Cc}\p{Cf}]/gu, '');
  return bare.trimStart().startsWith('::') || bare.includes('##vso[') || bare.includes('##[');
}

for (const c of hostile) {
  test(`logText: ${c.why}`, () => {
    const escaped = r.logText(c.input);
    if (c.log !== undefined) assert.equal(escaped, c.log);
    assert.ok(!/[\r\n\u001b]/.test(escaped));
    assert.ok(!runsCommand(escaped), escaped);
    assert.equal(r.logText(escaped), escaped, 'escaping twice changes nothing more');
  });
  test(`markdownText: ${c.why}`, () => {
    const escaped = r.markdownText(c.input);
    if (c.markdown !== undefined) assert.equal(escaped, c.markdown);
    assert.doesNotMatch(escaped, /(?<!\\)[[\]<>&|`]/);
    assert.ok(!escaped.includes('\n'));
  });
}

test('an annotation of a hostile finding is one workflow command, with its message as data', () => {
  const line = r.githubAnnotation({ ruleId: 'PG1001', level: 'error', message: 'x\n::error::pwned \u001b[2J', path: '::warning::x.cs', line: 2, column: 1 });
  assert.equal(line.split('\n').length, 1);
  assert.equal(line, '::error file=%3A%3Awarning%3A%3Ax.cs,line=2,col=1,title=PG1001::x%0A::error::pwned \\x1B[2J');
});

test('the summary renders a hostile path, rule and message as text', () => {
  const findings = [{ ruleId: '[PG](https://evil.example)', level: '<b>error</b>', message: '![x](https://evil.example/p.png) &lt;',
    path: 'a`b|c\n.cs', line: 1, baselineState: null }];
  const text = r.markdownSummary({ findings, stale: [] }, { verdict: 'failed' });
  const row = text.split('\n').find((l) => l.includes('evil.example/p.png'));
  assert.equal(row, '| \\<b\\>error\\</b\\> | \\[PG\\](https\\://evil.example) | ``a`b\\|c .cs:1`` | '
    + '!\\[x\\](https\\://evil.example/p.png) \\&lt; |');
});

test('logLines escapes every line of another program and keeps the line structure', () => {
  assert.equal(r.logLines('ok\n::error::x\r\n##vso[task.complete]\n'), 'ok\n\\::error::x\n##vso\\[task.complete]\n');
});
