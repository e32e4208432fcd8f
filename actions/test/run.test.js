'use strict';
// The action's gate step (actions/run.js) run as the runner runs it: a child process with a
// simulated runner environment (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_WORKSPACE,
// GITHUB_EVENT_PATH, RUNNER_TEMP) and inputs in INPUT_* variables, over the real perfgate CLI.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const h = require('./helpers.js');

const script = path.join(__dirname, '..', 'run.js');

/** A simulated runner: returns the step's exit code, stdout, outputs (parsed from GITHUB_OUTPUT) and summary. */
function runStep(workspace, inputs, { event = 'push', payload = {}, env = {} } = {}) {
  const runner = h.tempDir('perfgate-runner-');
  const files = {
    GITHUB_OUTPUT: path.join(runner, 'output'),
    GITHUB_STEP_SUMMARY: path.join(runner, 'summary.md'),
    GITHUB_EVENT_PATH: path.join(runner, 'event.json'),
  };
  fs.writeFileSync(files.GITHUB_OUTPUT, '');
  fs.writeFileSync(files.GITHUB_STEP_SUMMARY, '');
  fs.writeFileSync(files.GITHUB_EVENT_PATH, JSON.stringify(payload));
  const inputEnv = {};
  for (const [name, value] of Object.entries({ perfgate: h.perfgateCommand(), ...inputs })) {
    inputEnv[`INPUT_${name.replace(/-/g, '_').toUpperCase()}`] = value;
  }
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')));
  const run = spawnSync(process.execPath, [script], {
    cwd: workspace,
    encoding: 'utf8',
    env: { ...clean, ...files, ...inputEnv, GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: event, RUNNER_TEMP: path.join(runner, 'temp'), CI: 'true', ...env },
  });
  return {
    status: run.status,
    stdout: run.stdout,
    stderr: run.stderr,
    outputs: parseOutputs(fs.readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    rawOutput: fs.readFileSync(files.GITHUB_OUTPUT, 'utf8'),
    summary: fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    annotations: run.stdout.split('\n').filter((l) => /^::(error|warning|notice)/.test(l)),
  };
}

/** Parses `name<<DELIM\nvalue\nDELIM` blocks the way the runner does. */
function parseOutputs(text) {
  const outputs = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]);
    if (!m) continue;
    const value = [];
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    assert.ok(i < lines.length, `delimiter ${m[2]} of ${m[1]} is closed`);
    outputs[m[1]] = value.join('\n');
  }
  return outputs;
}

function shop() {
  const root = h.tempDir('perfgate-ws-');
  h.write(root, 'src/Context.cs', h.CONTEXT);
  h.write(root, 'src/Report.cs', h.nPlusOne('Report', 2));
  h.write(root, 'src/Rates.cs', h.PER_CALL_CLIENT);
  h.write(root, 'src/perfgate.yml', h.POLICY);
  return root;
}

test('push: a failing gate sets outputs, annotates most severe first and writes the summary', () => {
  const ws = shop();
  const step = runStep(ws, { path: 'src' });
  assert.equal(step.status, 1, step.stdout + step.stderr);
  assert.equal(step.outputs.verdict, 'failed');
  assert.equal(step.outputs.errors, '2');
  assert.equal(step.outputs.warnings, '1');
  assert.equal(step.outputs.notes, '0');
  assert.equal(step.outputs.new, '3');
  assert.ok(fs.existsSync(step.outputs.sarif), 'the sarif output names the log');
  assert.equal(step.annotations.length, 3);
  assert.match(step.annotations[0], /^::error file=src\/Report\.cs,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=PG1001::'FirstAsync' runs an EF Core query/);
  assert.match(step.annotations[1], /^::error file=src\/Report\.cs,.*title=PG1001::/);
  assert.match(step.annotations[2], /^::warning file=src\/Rates\.cs,line=7,.*title=PG2002::/);
  assert.match(step.summary, /^## ❌ PerfGate: gate failed/);
  assert.match(step.summary, /\| 2 \| 1 \| 0 \| 3 \| 0 \| 0 \|/);
  assert.match(step.summary, /\| error \| PG1001 \| `src\/Report\.cs:\d+` \|/);
  assert.doesNotMatch(step.stdout, /more finding\(s\) not annotated/);
});

test('with PERFGATE_DEFER_FAILURE (as action.yml runs it) a failed gate still exits 0 so the upload step runs', () => {
  const step = runStep(shop(), { path: 'src' }, { env: { PERFGATE_DEFER_FAILURE: 'true' } });
  assert.equal(step.status, 0, step.stdout + step.stderr);
  assert.equal(step.outputs.verdict, 'failed');
});

test('fail-on: never annotates but passes; warning fails on a warning-only finding', () => {
  const ws = shop();
  const never = runStep(ws, { path: 'src', 'fail-on': 'never' });
  assert.equal(never.status, 0, never.stdout + never.stderr);
  assert.equal(never.outputs.verdict, 'passed');
  assert.equal(never.annotations.length, 3);
  assert.match(never.summary, /✅ PerfGate: gate passed/);

  fs.rmSync(path.join(ws, 'src', 'Report.cs'));
  const policyPassed = runStep(ws, { path: 'src' });
  assert.equal(policyPassed.outputs.verdict, 'passed', 'a warning does not fail under failOn: error');
  const warning = runStep(ws, { path: 'src', 'fail-on': 'warning' });
  assert.equal(warning.status, 1);
  assert.equal(warning.outputs.verdict, 'failed');
});

test('at most 10 annotations, errors before warnings, then a line saying how many more', () => {
  const ws = h.tempDir('perfgate-ws-');
  h.write(ws, 'src/Context.cs', h.CONTEXT);
  h.write(ws, 'src/perfgate.yml', h.POLICY);
  h.write(ws, 'src/Rates.cs', h.PER_CALL_CLIENT); // sorts before Report.cs by path, but is only a warning
  h.write(ws, 'src/Report.cs', h.nPlusOne('Report', 14));
  const step = runStep(ws, { path: 'src' });
  assert.equal(step.outputs.errors, '14');
  assert.equal(step.annotations.length, 10);
  assert.ok(step.annotations.every((a) => a.startsWith('::error ')), 'the warning is not among the first 10');
  assert.match(step.stdout, /^PerfGate: 5 more finding\(s\) not annotated \(GitHub shows 10 annotations per step\)/m);
  assert.equal((step.summary.match(/^\| (error|warning) \|/gm) || []).length, 15, 'the summary lists every finding');
});

test('file names and messages are escaped per the workflow command rules', () => {
  const ws = h.tempDir('perfgate-ws-');
  h.write(ws, 'src/Context.cs', h.CONTEXT);
  h.write(ws, 'src/perfgate.yml', h.POLICY);
  h.write(ws, 'src/100%,odd:name.cs', h.nPlusOne('Odd', 1));
  const step = runStep(ws, { path: 'src' });
  assert.equal(step.annotations.length, 1, step.stdout);
  assert.match(step.annotations[0], /^::error file=src\/100%25%2Codd%3Aname\.cs,line=\d+,/);
  assert.ok(!/[\r]/.test(step.annotations[0]));
  assert.match(step.summary, /`src\/100%,odd:name\.cs:\d+`/);
});

test('pull_request: PR mode reports only what the pull request changed, against the base from the payload', () => {
  const ws = h.tempDir('perfgate-ws-');
  h.gitRepo(ws);
  h.write(ws, 'src/Context.cs', h.CONTEXT);
  h.write(ws, 'src/perfgate.yml', h.POLICY);
  h.write(ws, 'src/Old.cs', h.nPlusOne('Old', 1));
  const base = h.commitAll(ws, 'base');
  h.git(ws, 'checkout', '-q', '-b', 'feature');
  h.write(ws, 'src/New.cs', h.nPlusOne('New', 1));
  h.commitAll(ws, 'feature');

  const payload = { pull_request: { number: 7, base: { ref: 'main', sha: base }, head: { ref: 'feature' } } };
  const pr = runStep(ws, { path: 'src' }, { event: 'pull_request', payload });
  assert.match(pr.stdout, new RegExp(`--changed-since ${base}`));
  assert.equal(pr.outputs.errors, '1', pr.stdout + pr.stderr);
  assert.equal(pr.annotations.length, 1);
  assert.match(pr.annotations[0], /file=src\/New\.cs/);

  const off = runStep(ws, { path: 'src', 'pr-mode': 'false' }, { event: 'pull_request', payload });
  assert.equal(off.outputs.errors, '2', 'pr-mode false reports the whole tree');

  const push = runStep(ws, { path: 'src' }, { event: 'push', payload: {} });
  assert.equal(push.outputs.errors, '2', 'auto is off outside pull_request events');
});

test('pr-mode true without a pull_request payload or base-ref is an error', () => {
  const step = runStep(shop(), { path: 'src', 'pr-mode': 'true' });
  assert.equal(step.status, 2);
  assert.equal(step.outputs.verdict, 'error');
  assert.match(step.stdout, /^::error title=PerfGate::pr-mode is true but the event has no pull_request payload/m);
});

test('a perfgate error (bad policy) becomes an error annotation, verdict error, exit 2', () => {
  const ws = shop();
  h.write(ws, 'src/perfgate.yml', 'version: 1\nfailOn: eror\n');
  const step = runStep(ws, { path: 'src' });
  assert.equal(step.status, 2, step.stdout + step.stderr);
  assert.equal(step.outputs.verdict, 'error');
  assert.match(step.stdout, /^::error title=PerfGate::.*perfgate\.yml\(2,9\): error PG0001: unknown failOn value 'eror'/m);
  assert.equal(step.outputs.sarif, undefined);
});

test('a baseline makes known findings unchanged: they do not fail and do not count as new', () => {
  const ws = shop();
  h.gitRepo(ws);
  const made = spawnSync(h.perfgateCommand(), ['baseline', 'src', '--quiet'], { cwd: ws, encoding: 'utf8' });
  assert.equal(made.status, 0, made.stdout + made.stderr);
  const step = runStep(ws, { path: 'src' });
  assert.equal(step.status, 0, step.stdout + step.stderr);
  assert.equal(step.outputs.verdict, 'passed');
  assert.equal(step.outputs.errors, '2');
  assert.equal(step.outputs.new, '0');
  assert.match(step.annotations[0], /title=PG1001 \(baselined\)::/);

  const ignored = runStep(ws, { path: 'src', baseline: 'none' });
  assert.equal(ignored.outputs.verdict, 'failed');
  assert.equal(ignored.outputs.new, '3');
});

test('outputs use delimiters, so a value with newlines stays one output', () => {
  assert.match(runStep(shop(), { path: 'src' }).rawOutput, /^verdict<<ghadelimiter_[0-9a-f]{32}\nfailed\nghadelimiter_[0-9a-f]{32}\n/m);
});
