'use strict';
// Installing perfgate as `uses: <owner>/perfgate@v1` does with nothing published (actions/lib/perfgate-install.js,
// also the Azure task's): the plan (version, cache key, folder), a real build from this checkout's sources into a
// fresh cache folder, the cache hit that follows, a version no feed has, and actions/install.js as the runner runs it.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const h = require('./helpers.js');
const installer = require('../lib/perfgate-install.js');

const version = /<PerfGateVersion[^>]*>([^<]+)</.exec(fs.readFileSync(path.join(h.repoRoot, 'build', 'Versions.props'), 'utf8'))[1];
const quiet = (command, args) => spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, DOTNET_NOLOGO: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
const silent = () => {};

test('the Azure task runs this installer, copied by pipelines/copy-shared.js, not a committed twin', () => {
  const { copyShared } = require(path.join(h.repoRoot, 'pipelines', 'copy-shared.js'));
  const copy = copyShared().find((written) => path.basename(written) === 'perfgate-install.js');
  assert.equal(copy, path.join(h.repoRoot, 'pipelines', 'PerfGateTask', 'lib', 'perfgate-install.js'));
  assert.equal(fs.readFileSync(copy, 'utf8'), fs.readFileSync(path.join(__dirname, '..', 'lib', 'perfgate-install.js'), 'utf8'));
  assert.match(fs.readFileSync(path.join(h.repoRoot, 'pipelines', 'PerfGateTask', 'index.js'), 'utf8'), /require\('\.\/lib\/perfgate-install\.js'\)/);
});

test('the plan: the sources\' version by default, a cache key of version and source hash, `source` needs sources', () => {
  const cacheRoot = h.tempDir('perfgate-cache-');
  const planned = installer.plan({ wanted: '', sourceRoot: h.repoRoot, cacheRoot });
  assert.equal(planned.version, version);
  assert.ok(planned.sourceMatches);
  assert.match(planned.key, new RegExp(`^perfgate\\.cli-${process.platform}-${process.arch}-${version.replace(/\./g, '\\.')}-[0-9a-f]{12}$`));
  assert.equal(planned.dir, path.join(cacheRoot, planned.key));
  assert.equal(installer.plan({ wanted: '', sourceRoot: h.repoRoot, cacheRoot }).key, planned.key, 'the same sources, the same key');

  const other = installer.plan({ wanted: '9.9.9', sourceRoot: h.repoRoot, cacheRoot });
  assert.equal(other.version, '9.9.9');
  assert.equal(other.sourceMatches, false);
  assert.ok(other.key.endsWith('-9.9.9-feed'), other.key);
  assert.throws(() => installer.plan({ wanted: 'source', sourceRoot: h.tempDir(), cacheRoot }), /needs PerfGate's sources/);
});

test('a version that no feed has and the sources are not: a clear error, nothing built', () => {
  const planned = installer.plan({ wanted: '9.9.9', sourceRoot: h.repoRoot, cacheRoot: h.tempDir('perfgate-cache-') });
  const commands = [];
  assert.throws(() => installer.install({ planned, sourceRoot: h.repoRoot, run: (c, a) => { commands.push(a[0]); return quiet(c, a); }, log: silent }),
    new RegExp(`no feed has PerfGate\\.Cli 9\\.9\\.9; this checkout's sources are ${version.replace(/\./g, '\\.')}`));
  assert.deepEqual(commands, ['tool'], 'one feed attempt, no pack');
});

test('built from the action\'s own sources when asked (`source`), then served from the cache', () => {
  const cacheRoot = h.tempDir('perfgate-cache-');
  const planned = installer.plan({ wanted: 'source', sourceRoot: h.repoRoot, cacheRoot });
  const built = installer.install({ planned, sourceRoot: h.repoRoot, run: quiet, log: silent });
  console.log(`# install from source: ${built.seconds.toFixed(1)} s`);
  assert.equal(built.how, 'source');
  const shown = spawnSync(built.command, ['--version'], { encoding: 'utf8' });
  assert.equal(shown.status, 0, shown.stderr);
  assert.equal(shown.stdout.trim(), `${version}-src.${planned.key.slice(-12)}`);
  const code = h.tempDir('perfgate-src-');
  h.write(code, 'Context.cs', h.CONTEXT);
  h.write(code, 'Report.cs', h.nPlusOne('Report', 1));
  const sarif = path.join(h.tempDir(), 'perfgate.sarif');
  const scan = spawnSync(built.command, ['scan', code, '--sources', '--format', 'sarif', '--output', sarif, '--quiet'], { encoding: 'utf8' });
  assert.ok(scan.status === 0 || scan.status === 1, scan.stderr);
  assert.match(fs.readFileSync(sarif, 'utf8'), /"ruleId": ?"PG1001"/, 'the installed tool finds the N+1');

  const again = installer.install({ planned, sourceRoot: h.repoRoot, run: () => assert.fail('a cache hit runs nothing'), log: silent });
  assert.equal(again.how, 'cache');
  assert.equal(again.command, built.command);
});

test('install.js --plan writes version, key and dir for actions/cache; with `perfgate` set it installs nothing', () => {
  const runner = h.tempDir('perfgate-runner-');
  const output = path.join(runner, 'output');
  fs.writeFileSync(output, '');
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_')));
  const env = { ...clean, GITHUB_OUTPUT: output, GITHUB_ACTION_PATH: h.repoRoot, RUNNER_TOOL_CACHE: path.join(runner, 'tools') };
  const plan = spawnSync(process.execPath, [path.join(__dirname, '..', 'install.js'), '--plan'], { encoding: 'utf8', env });
  assert.equal(plan.status, 0, plan.stdout + plan.stderr);
  const text = fs.readFileSync(output, 'utf8');
  assert.match(text, new RegExp(`^version<<.*\\n${version.replace(/\./g, '\\.')}\\n`, 'm'));
  assert.match(text, /^key<<.*\nperfgate\.cli-/m);
  assert.ok(text.includes(path.join(runner, 'tools', 'perfgate-cli')), text);

  fs.writeFileSync(output, '');
  const existing = spawnSync(process.execPath, [path.join(__dirname, '..', 'install.js')], { encoding: 'utf8', env: { ...env, INPUT_PERFGATE: '/opt/perfgate' } });
  assert.equal(existing.status, 0, existing.stdout);
  assert.match(fs.readFileSync(output, 'utf8'), /^command<<.*\n\/opt\/perfgate\n/m);
});
