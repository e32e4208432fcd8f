#!/usr/bin/env node
'use strict';
// The install step of action.yml: makes the `perfgate` command available and writes its path to
// the `command` output. Inputs (through env): INPUT_PERFGATE (an existing command: nothing is
// installed), INPUT_VERSION (PerfGate.Cli version; empty = latest), INPUT_TOOL_SOURCE (an extra
// NuGet feed, a URL or a folder). Installs with `dotnet tool install --tool-path RUNNER_TEMP/perfgate-tool`.

const fs = require('fs');
const path = require('path');
const os = require('os');
const { spawnSync } = require('child_process');
const { githubFileCommand, escapeData } = require('./lib/perfgate-report.js');
const { input } = require('./run.js');

function output(name, value) {
  if (process.env.GITHUB_OUTPUT) fs.appendFileSync(process.env.GITHUB_OUTPUT, githubFileCommand(name, value));
  else process.stdout.write(`PerfGate output ${name}=${value}\n`);
}

function main() {
  const existing = input('perfgate');
  if (existing) {
    output('command', existing);
    return 0;
  }
  const toolPath = path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'perfgate-tool');
  const args = ['tool', 'install', 'PerfGate.Cli', '--tool-path', toolPath];
  const version = input('version');
  if (version) args.push('--version', version);
  const source = input('tool-source');
  if (source) args.push('--add-source', source);
  const command = path.join(toolPath, process.platform === 'win32' ? 'perfgate.exe' : 'perfgate');
  if (fs.existsSync(command)) {
    output('command', command);
    return 0;
  }
  process.stdout.write(`PerfGate: dotnet ${args.join(' ')}\n`);
  const run = spawnSync('dotnet', args, { stdio: 'inherit', env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  if (run.status !== 0 || !fs.existsSync(command)) {
    process.stdout.write(`::error title=PerfGate::${escapeData(`could not install PerfGate.Cli ${version || '(latest)'}${source ? ' from ' + source : ''}`)}\n`);
    return 2;
  }
  output('command', command);
  return 0;
}

if (require.main === module) process.exitCode = main();
module.exports = { main };
