#!/usr/bin/env node
'use strict';
// The install steps of action.yml (lib/perfgate-install.js does the work):
//   node install.js --plan   writes the outputs `version`, `key` and `dir` (what actions/cache restores and saves);
//   node install.js          makes `perfgate` available in that folder and writes the output `command`.
// Inputs (through env): INPUT_PERFGATE (an existing command: nothing is installed), INPUT_VERSION (PerfGate.Cli
// version; empty: the version of this action's own sources; `source`: build those sources), INPUT_TOOL_SOURCE (an
// extra NuGet feed, a URL or a folder). The action's sources are GITHUB_ACTION_PATH (this file's repository otherwise).

const fs = require('fs');
const path = require('path');
const os = require('os');
const { spawnSync } = require('child_process');
const { githubFileCommand, escapeData } = require('./lib/perfgate-report.js');
const installer = require('./lib/perfgate-install.js');
const { input } = require('./run.js');

function output(name, value) {
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, githubFileCommand(name, value));
  else process.stdout.write(`PerfGate output ${name}=${value}\n`);
}

function run(command, args) {
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
}

function sourceRoot() {
  return process.env.GITHUB_ACTION_PATH || path.resolve(__dirname, '..');
}

function currentPlan() {
  const cacheRoot = path.join(process.env.RUNNER_TOOL_CACHE || process.env.RUNNER_TEMP || os.tmpdir(), 'perfgate-cli');
  return installer.plan({ wanted: input('version'), sourceRoot: sourceRoot(), cacheRoot });
}

function main(argv = process.argv.slice(2)) {
  const existing = input('perfgate');
  try {
    if (argv.includes('--plan')) {
      const planned = existing ? { version: '', key: '', dir: '' } : currentPlan();
      output('version', planned.version);
      output('key', planned.key);
      output('dir', planned.dir);
      return 0;
    }
    if (existing) {
      output('command', existing);
      return 0;
    }
    // The action's own repository (not the workflow's): where a tool built from its sources links rule pages.
    const actionRepository = input('action-repository') || process.env.GITHUB_ACTION_REPOSITORY || '';
    const repositoryUrl = actionRepository ? `${process.env.GITHUB_SERVER_URL || 'https://github.com'}/${actionRepository}` : '';
    const result = installer.install({
      planned: currentPlan(), toolSource: input('tool-source'), sourceRoot: sourceRoot(), repositoryUrl, run,
      log: (line) => process.stdout.write(line + '\n'),
    });
    process.stdout.write(`PerfGate: perfgate ready (${result.how}, ${result.seconds.toFixed(1)} s): ${result.command}\n`);
    output('command', result.command);
    return 0;
  } catch (e) {
    process.stdout.write(`::error title=PerfGate::${escapeData(e.message)}\n`);
    return 2;
  }
}

if (require.main === module) process.exitCode = main();
module.exports = { main };
