'use strict';
// The Azure Pipelines task run by azure-pipelines-task-lib's MockTestRunner under the Node the
// task.json handler names (Node20_1). MockTestRunner downloads that Node into
// $HOME/azure-pipelines-task-lib/_download on first use; the download cannot work offline, so the
// setup seeds that cache with the installed Node (a temp HOME, the version folder and the
// ".completed" marker MockTestRunner checks). Agent variables and INPUT_* come from the environment.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const h = require('../../../actions/test/helpers.js');

// The task runs the report module from lib/, copied there from actions/lib as packaging does.
require('../../copy-shared.js').copyShared();

const taskDir = path.join(__dirname, '..');
const taskJson = path.join(taskDir, 'task.json');

// Seed MockTestRunner's Node cache before the module computes its download folder from HOME.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'perfgate-azhome-'));
process.env.HOME = home;
const NODE20 = 'v20.13.1'; // the version MockTestRunner maps Node20 handlers to
const seeded = path.join(home, 'azure-pipelines-task-lib', '_download', 'node20');
fs.mkdirSync(path.join(seeded, `node-${NODE20}-linux-x64`, 'bin'), { recursive: true });
fs.symlinkSync(process.execPath, path.join(seeded, `node-${NODE20}-linux-x64`, 'bin', 'node'));
fs.writeFileSync(seeded + '.completed', '');
process.env.TASK_NODE_URL = 'http://127.0.0.1:9/no-download-expected';
const { MockTestRunner } = require('azure-pipelines-task-lib/mock-test');

function vso(stdout) {
  return stdout.split(/\r?\n/).map((l) => l.slice(l.indexOf('##vso[')))
    .filter((l) => l.startsWith('##vso[')).map((l) => {
      const m = /^##vso\[([\w.]+)(?: ([^\]]*))?\](.*)$/.exec(l);
      const props = {};
      for (const p of (m[2] || '').split(';').filter(Boolean)) {
        const i = p.indexOf('=');
        props[p.slice(0, i)] = p.slice(i + 1);
      }
      return { command: m[1], props, message: m[3], line: l };
    });
}

async function runTask(sources, inputs, variables = {}) {
  const agentTemp = h.tempDir('perfgate-agent-');
  const env = {
    INPUT_PERFGATE: h.perfgateCommand(), AGENT_TEMPDIRECTORY: agentTemp, BUILD_SOURCESDIRECTORY: sources,
    BUILD_REASON: 'IndividualCI', TF_BUILD: 'True', ...variables,
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  const saved = {};
  for (const [k, v] of Object.entries(env)) { saved[k] = process.env[k]; process.env[k] = v; }
  const tr = await new MockTestRunner().LoadAsync(path.join(__dirname, 'run-task.js'), taskJson);
  try {
    await tr.runAsync();
  } finally {
    for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  }
  const commands = vso(tr.stdout);
  const outputs = Object.fromEntries(commands.filter((c) => c.command === 'task.setvariable').map((c) => [c.props.variable, c.message]));
  const complete = commands.filter((c) => c.command === 'task.complete').pop();
  return { tr, commands, outputs, result: complete && complete.props.result, issues: commands.filter((c) => c.command === 'task.logissue'), agentTemp };
}

function shop(nPlusOnes = 2) {
  const root = h.tempDir('perfgate-src-');
  h.write(root, 'src/Context.cs', h.CONTEXT);
  h.write(root, 'src/perfgate.yml', h.POLICY);
  h.write(root, 'src/Rates.cs', h.PER_CALL_CLIENT);
  if (nPlusOnes) h.write(root, 'src/Report.cs', h.nPlusOne('Report', nPlusOnes));
  return root;
}

test('MockTestRunner runs the task on the seeded Node 20, not a download', async () => {
  const { tr } = await runTask(shop(0), { path: 'src' });
  assert.equal(tr.nodePath, path.join(seeded, `node-${NODE20}-linux-x64`, 'bin', 'node'));
  assert.ok(tr.stdout.length > 0, tr.stderr);
});

test('a failing gate: logissue per finding with file, line, column and code; summary; CodeAnalysisLogs; Failed', async () => {
  const sources = shop(2);
  const { tr, commands, outputs, result, issues } = await runTask(sources, { path: 'src' });
  assert.equal(result, 'Failed', tr.stdout + tr.stderr);
  assert.equal(tr.failed, true);
  assert.equal(issues.length, 3);
  assert.deepEqual(issues.map((i) => [i.props.type, i.props.code, i.props.sourcepath]),
    [['error', 'PG1001', 'src/Report.cs'], ['error', 'PG1001', 'src/Report.cs'], ['warning', 'PG2002', 'src/Rates.cs']]);
  assert.match(issues[0].props.linenumber, /^\d+$/);
  assert.match(issues[0].props.columnnumber, /^\d+$/);
  assert.match(issues[0].message, /^'FirstAsync' runs an EF Core query/);
  assert.ok(tr.createdErrorIssue('PerfGate: gate failed (2 error(s), 1 warning(s))'), tr.errorIssues.join('\n'));

  const summary = commands.find((c) => c.command === 'task.uploadsummary');
  assert.ok(summary, 'uploadsummary');
  assert.match(fs.readFileSync(summary.message, 'utf8'), /^## ❌ PerfGate: gate failed/);

  const artifact = commands.find((c) => c.command === 'artifact.upload');
  assert.equal(artifact.props.artifactname, 'CodeAnalysisLogs');
  assert.equal(artifact.props.containerfolder, 'CodeAnalysisLogs');
  assert.equal(path.basename(artifact.message), 'perfgate.sarif');
  assert.equal(JSON.parse(fs.readFileSync(artifact.message, 'utf8')).version, '2.1.0');

  assert.deepEqual({ ...outputs, sarif: undefined }, { verdict: 'failed', errors: '2', warnings: '1', notes: '0', new: '3', sarif: undefined });
  assert.ok(commands.filter((c) => c.command === 'task.setvariable').every((c) => c.props.isOutput === 'true'));
});

test('only warnings: SucceededWithIssues', async () => {
  const { tr, result, outputs } = await runTask(shop(0), { path: 'src' });
  assert.equal(result, 'SucceededWithIssues', tr.stdout + tr.stderr);
  assert.equal(outputs.verdict, 'passed');
  assert.equal(outputs.warnings, '1');
});

test('failOn never: errors are logged but the task does not fail; no findings: Succeeded', async () => {
  const never = await runTask(shop(1), { path: 'src', failOn: 'never' });
  assert.equal(never.outputs.verdict, 'passed');
  assert.equal(never.result, 'SucceededWithIssues');
  assert.equal(never.issues[0].props.type, 'error');

  const clean = h.tempDir('perfgate-src-');
  h.write(clean, 'src/Context.cs', h.CONTEXT);
  const ok = await runTask(clean, { path: 'src', publishSarif: 'false' });
  assert.equal(ok.result, 'Succeeded', ok.tr.stdout);
  assert.equal(ok.issues.length, 0);
  assert.equal(ok.commands.filter((c) => c.command === 'artifact.upload').length, 0, 'publishSarif false publishes nothing');
});

test('at most 10 issues, most severe first, and a line saying how many more', async () => {
  const { tr, issues } = await runTask(shop(14), { path: 'src' });
  assert.equal(issues.length, 10);
  assert.ok(issues.every((i) => i.props.type === 'error'));
  assert.match(tr.stdout, /PerfGate: 5 more finding\(s\) not logged as issues \(the UI shows 10\)/);
});

test('pull request build: PR mode against origin/<target branch>', async () => {
  const sources = h.tempDir('perfgate-src-');
  h.gitRepo(sources);
  h.write(sources, 'src/Context.cs', h.CONTEXT);
  h.write(sources, 'src/perfgate.yml', h.POLICY);
  h.write(sources, 'src/Old.cs', h.nPlusOne('Old', 1));
  const base = h.commitAll(sources, 'base');
  h.git(sources, 'update-ref', 'refs/remotes/origin/main', base);
  h.write(sources, 'src/New.cs', h.nPlusOne('New', 1));
  h.commitAll(sources, 'pr');
  const pr = await runTask(sources, { path: 'src' }, { BUILD_REASON: 'PullRequest', SYSTEM_PULLREQUEST_TARGETBRANCH: 'refs/heads/main' });
  assert.match(pr.tr.stdout, /--changed-since origin\/main/);
  assert.equal(pr.issues.length, 1, pr.tr.stdout);
  assert.equal(pr.issues[0].props.sourcepath, 'src/New.cs');

  const ci = await runTask(sources, { path: 'src' });
  assert.equal(ci.issues.length, 2, 'not a pull request build: the whole tree');
});

test('perfgate errors fail the task with their PG0xxx lines', async () => {
  const sources = shop(1);
  h.write(sources, 'src/perfgate.yml', 'version: 1\nfailOn: eror\n');
  const { tr, result, outputs, commands } = await runTask(sources, { path: 'src' });
  assert.equal(result, 'Failed');
  assert.equal(outputs.verdict, 'error');
  assert.ok(commands.some((c) => c.command === 'task.issue' || (c.command === 'task.logissue' && /PG0001/.test(c.message))), tr.stdout);
  assert.match(tr.stdout, /error PG0001: unknown failOn value 'eror'/);
});
