#!/usr/bin/env node
'use strict';
// The gate step of action.yml. Every input arrives through the environment (INPUT_* set in the
// step's `env:`), never through the script text. It runs (lib/perfgate-report.js builds the arguments)
//   perfgate scan PATH --format sarif --output SARIF [--policy] [--baseline] [--fail-on] [--category] [--changed-since BASE]
// reads the SARIF log perfgate wrote, and reports to the runner:
//   annotations (workflow commands on stdout, most severe first, at most 10), the Markdown step
//   summary (GITHUB_STEP_SUMMARY, under 1 MiB), outputs (GITHUB_OUTPUT: verdict, errors, warnings,
//   notes, new, sarif).
// Exit code: 0 passed, 1 failed, 2 perfgate could not run. With PERFGATE_DEFER_FAILURE=true a
// failed gate exits 0 (action.yml fails the job in a later step, after the SARIF upload).

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const report = require('./lib/perfgate-report.js');

function input(name, fallback = '') {
  const value = process.env[`INPUT_${name.replace(/ /g, '_').replace(/-/g, '_').toUpperCase()}`];
  return value === undefined || value.trim() === '' ? fallback : value.trim();
}

function appendFile(variable, text) {
  const file = process.env[variable];
  if (!file) return false;
  fs.appendFileSync(file, text, 'utf8');
  return true;
}

function setOutput(name, value) {
  if (!appendFile('GITHUB_OUTPUT', report.githubFileCommand(name, value))) {
    process.stdout.write(`PerfGate output ${name}=${value}\n`);
  }
}

/** The base of a pull request from the event payload, or null when the event is not a pull request. */
function pullRequestBase(env = process.env) {
  const file = env.GITHUB_EVENT_PATH;
  if (!file || !fs.existsSync(file)) return null;
  const event = JSON.parse(fs.readFileSync(file, 'utf8'));
  const pr = event.pull_request;
  if (!pr || !pr.base) return null;
  return { sha: pr.base.sha || null, ref: pr.base.ref || null };
}

function isPullRequestEvent(env = process.env) {
  return ['pull_request', 'pull_request_target'].includes(env.GITHUB_EVENT_NAME || '');
}

function git(args, cwd) {
  return spawnSync('git', args, { cwd, encoding: 'utf8' });
}

/** Makes sure the base commit exists locally (actions/checkout fetches one commit by default). */
function ensureBase(base, cwd) {
  if (git(['cat-file', '-e', `${base}^{commit}`], cwd).status === 0) return true;
  process.stdout.write(`PerfGate: fetching the pull request base ${report.logText(base)}\n`);
  git(['fetch', '--no-tags', '--depth=1', 'origin', base], cwd);
  return git(['cat-file', '-e', `${base}^{commit}`], cwd).status === 0;
}

function fail(message) {
  process.stdout.write(`::error title=PerfGate::${report.escapeData(message)}\n`);
  setOutput('verdict', 'error');
  return 2;
}

function main() {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
  const perfgate = input('perfgate', 'perfgate');
  const target = input('path', '.');
  const temp = process.env.RUNNER_TEMP || require('os').tmpdir();
  const sarif = path.resolve(workspace, input('sarif', path.join(temp, 'perfgate', 'perfgate.sarif')));
  fs.mkdirSync(path.dirname(sarif), { recursive: true });

  const failOn = input('fail-on', 'policy');
  const badFailOn = report.invalidChoice('fail-on', failOn, report.FAIL_ON);
  if (badFailOn) return fail(badFailOn);

  const prMode = input('pr-mode', 'auto').toLowerCase();
  const badPrMode = report.invalidChoice('pr-mode', prMode, report.PR_MODES);
  if (badPrMode) return fail(badPrMode);
  let base = input('base-ref');
  if (!base && (prMode === 'true' || (prMode === 'auto' && isPullRequestEvent()))) {
    const pr = pullRequestBase();
    if (!pr) {
      if (prMode === 'true') return fail('pr-mode is true but the event has no pull_request payload; set base-ref');
    } else {
      base = pr.sha || (pr.ref && `origin/${pr.ref}`);
    }
  }
  if (prMode === 'false') base = '';
  if (base && /^[0-9a-f]{40}$/i.test(base) && !ensureBase(base, workspace)) {
    return fail(`cannot fetch the pull request base ${base}; use actions/checkout with fetch-depth: 0`);
  }
  const args = report.scanArguments({
    target, sarif, policy: input('policy'), baseline: input('baseline'), failOn,
    category: input('category'), configuration: input('configuration'), changedSince: base,
  });

  process.stdout.write(report.logText(`PerfGate: ${perfgate} ${args.join(' ')}`) + '\n');
  const run = spawnSync(perfgate, args, { cwd: workspace, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  // perfgate escapes what it prints; its lines are escaped again (a no-op then) so no other perfgate can run a command here.
  if (run.stdout) process.stdout.write(report.logLines(run.stdout));
  if (run.stderr) process.stderr.write(report.logLines(run.stderr));
  if (run.error) return fail(`cannot run ${perfgate}: ${run.error.message}`);
  if (run.status !== 0 && run.status !== 1) {
    // perfgate's own error lines (file(line,col): error PG0xxx: ...) become one annotation.
    const lines = (run.stderr || '').trim().split('\n').filter(Boolean);
    return fail(lines.length ? lines.join('\n') : `perfgate exited with code ${run.status}`);
  }
  if (!fs.existsSync(sarif)) return fail(`perfgate wrote no SARIF log at ${sarif}`);

  const verdict = run.status === 0 ? 'passed' : 'failed';
  const result = report.readSarif(sarif, workspace);
  for (const line of report.githubAnnotations(result.findings, 10)) process.stdout.write(line + '\n');

  const summary = report.markdownSummary(result, { verdict, sarifPath: path.relative(workspace, sarif) || sarif });
  appendFile('GITHUB_STEP_SUMMARY', summary);

  const counts = report.countFindings(result.findings);
  setOutput('verdict', verdict);
  setOutput('errors', counts.errors);
  setOutput('warnings', counts.warnings);
  setOutput('notes', counts.notes);
  setOutput('new', counts.new);
  setOutput('sarif', sarif);

  if (verdict === 'failed' && process.env.PERFGATE_DEFER_FAILURE !== 'true') return 1;
  return 0;
}

if (require.main === module) process.exitCode = main();
module.exports = { main, pullRequestBase, input };
