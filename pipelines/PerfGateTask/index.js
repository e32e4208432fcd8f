'use strict';
// PerfGate Azure Pipelines task. Runs `perfgate scan PATH --format sarif --output SARIF …`, reads
// the SARIF log (lib/perfgate-report.js: the GitHub Action's actions/lib/perfgate-report.js, copied in by
// pipelines/copy-shared.js when the task is packaged or its dependencies installed), and reports:
//   ##vso[task.logissue] for the most severe findings (the UI shows 10), a line saying how many more,
//   ##vso[task.uploadsummary] with the Markdown summary,
//   the SARIF log in the CodeAnalysisLogs artifact (the SARIF Scans tab),
//   output variables verdict/errors/warnings/notes/new/sarif, and the result:
//   Failed when the gate fails or perfgate cannot run, SucceededWithIssues when it passes with warnings.

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const tl = require('azure-pipelines-task-lib/task');
const report = require('./lib/perfgate-report.js');
const installer = require('./lib/perfgate-install.js');

const MAX_ISSUES = 10;

function input(name, fallback = '') {
  const value = tl.getInput(name, false);
  return value === undefined || value === null || value.trim() === '' ? fallback : value.trim();
}

function tempDirectory() {
  return tl.getVariable('Agent.TempDirectory') || require('os').tmpdir();
}

/**
 * The perfgate command (lib/perfgate-install.js, copied from the GitHub Action's actions/lib/perfgate-install.js by pipelines/copy-shared.js):
 * a cached install in the agent's tools folder, else PerfGate.Cli from the feeds (toolSource and a `tool` folder of
 * .nupkg packed into the extension beside this file), else built from PerfGate's sources when the task runs from a
 * PerfGate checkout. `version`: empty means the version of those sources or the feeds' latest; `source` builds them.
 */
function installPerfgate() {
  const existing = input('perfgate');
  if (existing) return existing;
  const sourceRoot = path.resolve(__dirname, '..', '..');
  const cacheRoot = path.join(tl.getVariable('Agent.ToolsDirectory') || tempDirectory(), 'perfgate-cli');
  const planned = installer.plan({ wanted: input('version'), sourceRoot, cacheRoot });
  const result = installer.install({
    planned, toolSource: input('toolSource'), bundledFeeds: [path.join(__dirname, 'tool')], sourceRoot,
    run: (command, args) => spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' } }),
    log: (line) => console.log(line),
  });
  console.log(`PerfGate: perfgate ready (${result.how}, ${result.seconds.toFixed(1)} s): ${result.command}`);
  return result.command;
}

function pullRequestBase() {
  const explicit = input('baseRef');
  if (explicit) return explicit;
  const mode = input('prMode', 'auto').toLowerCase();
  if (mode === 'false') return null;
  const isPr = tl.getVariable('Build.Reason') === 'PullRequest';
  if (mode === 'auto' && !isPr) return null;
  const target = tl.getVariable('System.PullRequest.TargetBranch');
  if (!target) {
    if (mode === 'true') throw new Error('prMode is true but this is not a pull request build (no System.PullRequest.TargetBranch); set baseRef');
    return null;
  }
  return 'origin/' + target.replace(/^refs\/heads\//, '');
}

function setOutputs(values) {
  for (const [name, value] of Object.entries(values)) tl.setVariable(name, String(value), false, true);
}

function run() {
  const sources = tl.getVariable('Build.SourcesDirectory') || process.cwd();
  const target = input('path', '.');
  const sarif = path.resolve(sources, input('sarif', path.join(tempDirectory(), 'perfgate', 'perfgate.sarif')));
  const failOn = input('failOn', 'policy');
  const mode = input('prMode', 'auto').toLowerCase();
  for (const problem of [report.invalidChoice('failOn', failOn, report.FAIL_ON), report.invalidChoice('prMode', mode, report.PR_MODES)]) {
    if (problem) throw new Error(problem);
  }

  const perfgate = installPerfgate();
  fs.mkdirSync(path.dirname(sarif), { recursive: true });
  // A filePath input left empty arrives as the sources folder: that is no policy file.
  const policy = input('policy') !== sources ? input('policy') : '';
  const args = report.scanArguments({
    target, sarif, policy, baseline: input('baseline'), failOn,
    category: input('category'), configuration: input('configuration'), changedSince: pullRequestBase(),
  });

  const result = tl.tool(perfgate).arg(args).execSync({ cwd: sources, silent: false });
  if (result.code !== 0 && result.code !== 1) {
    const lines = String(result.stderr || '').trim().split('\n').filter(Boolean);
    for (const line of lines) tl.error(report.logText(line));
    throw new Error(`perfgate exited with code ${result.code}`);
  }
  if (!fs.existsSync(sarif)) throw new Error(`perfgate wrote no SARIF log at ${sarif}`);

  const verdict = result.code === 0 ? 'passed' : 'failed';
  const found = report.readSarif(sarif, sources);
  for (const f of found.findings.slice(0, MAX_ISSUES)) {
    const type = f.level === 'error' ? tl.IssueType.Error : tl.IssueType.Warning;
    // The message and rule come from the SARIF log (a pull request chose them): escaped for the agent's log.
    const text = report.logText(f.baselineState === 'unchanged' ? `${f.message} (baselined)` : f.message);
    tl.logIssue(type, text, f.path || undefined, f.line || undefined, f.column || undefined, report.logText(f.ruleId));
  }
  if (found.findings.length > MAX_ISSUES) {
    console.log(`PerfGate: ${found.findings.length - MAX_ISSUES} more finding(s) not logged as issues (the UI shows ${MAX_ISSUES}); see the PerfGate summary tab or the CodeAnalysisLogs artifact.`);
  }

  const summaryFile = path.join(tempDirectory(), 'perfgate', 'PerfGate.md');
  fs.mkdirSync(path.dirname(summaryFile), { recursive: true });
  fs.writeFileSync(summaryFile, report.markdownSummary(found, { verdict, sarifPath: 'CodeAnalysisLogs/perfgate.sarif' }));
  tl.uploadSummary(summaryFile);

  if (input('publishSarif', 'true').toLowerCase() === 'true') {
    const folder = path.join(tempDirectory(), 'perfgate', 'CodeAnalysisLogs');
    fs.mkdirSync(folder, { recursive: true });
    const published = path.join(folder, 'perfgate.sarif');
    fs.copyFileSync(sarif, published);
    tl.uploadArtifact('CodeAnalysisLogs', published, 'CodeAnalysisLogs');
  }

  const counts = report.countFindings(found.findings);
  setOutputs({ verdict, errors: counts.errors, warnings: counts.warnings, notes: counts.notes, new: counts.new, sarif });
  if (verdict === 'failed') tl.setResult(tl.TaskResult.Failed, `PerfGate: gate failed (${counts.errors} error(s), ${counts.warnings} warning(s))`);
  else if (counts.warnings > 0) tl.setResult(tl.TaskResult.SucceededWithIssues, `PerfGate: gate passed with ${counts.warnings} warning(s)`);
  else tl.setResult(tl.TaskResult.Succeeded, 'PerfGate: gate passed');
}

function main() {
  try {
    run();
  } catch (e) {
    tl.setVariable('verdict', 'error', false, true);
    tl.setResult(tl.TaskResult.Failed, `PerfGate: ${e.message}`);
  }
}

if (require.main === module) main();
module.exports = { main };
