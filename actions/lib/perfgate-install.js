'use strict';
// Makes the `perfgate` command available to the GitHub Action (actions/install.js) and the Azure
// task (pipelines/PerfGateTask/index.js, which carries an identical copy). In order:
//   1. a cached install of exactly this version and source (GitHub: actions/cache; Azure: the agent's tools folder);
//   2. `dotnet tool install PerfGate.Cli --version V` from the configured feeds (plus tool-source and any bundled feed);
//   3. when no feed has V and the action's own checkout holds PerfGate's sources at V (or `version: source`):
//      `dotnet pack src/PerfGate.Cli` from that checkout (build output kept out of it with --artifacts-path) into a
//      temporary feed, as V-src.<source hash>, and install that. So `uses: <owner>/perfgate@v1` works with nothing published.
// Every command runs with an argument array (no shell); the caller supplies `run` and `log`.

const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const PACKAGE = 'PerfGate.Cli';
const SOURCE_VERSION = 'source';

function commandIn(dir) {
  return path.join(dir, process.platform === 'win32' ? 'perfgate.exe' : 'perfgate');
}

/** The PerfGate.Cli version a PerfGate checkout at `root` builds (build/Versions.props), or null when `root` holds no sources. */
function sourceVersion(root) {
  if (!root || !fs.existsSync(path.join(root, 'src', 'PerfGate.Cli', 'PerfGate.Cli.csproj'))) return null;
  const props = path.join(root, 'build', 'Versions.props');
  if (!fs.existsSync(props)) return null;
  const m = /<PerfGateVersion[^>]*>\s*([^<\s]+)\s*</.exec(fs.readFileSync(props, 'utf8'));
  return m ? m[1] : null;
}

/** SHA-256 (12 hex digits) over the files the tool is built from, so a moved tag (@v1) never reuses an older build. */
function sourceHash(root) {
  const hash = crypto.createHash('sha256');
  const files = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (['bin', 'obj', 'node_modules', 'artifacts'].includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(path.join(root, 'src'));
  for (const name of fs.readdirSync(path.join(root, 'build'))) {
    if (name.endsWith('.props')) files.push(path.join(root, 'build', name));
  }
  for (const file of files.map((f) => path.relative(root, f).split(path.sep).join('/')).sort()) {
    hash.update(file + '\n');
    hash.update(fs.readFileSync(path.join(root, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * What to install and where it is cached: { version, fromSourceOnly, key, dir }. `wanted` is the version asked for
 * (empty: the version of the sources at `sourceRoot`, or the feeds' latest without sources; `source`: build from the
 * sources, skipping the feeds).
 */
function plan({ wanted, sourceRoot, cacheRoot }) {
  const source = sourceVersion(sourceRoot);
  const fromSourceOnly = wanted === SOURCE_VERSION;
  if (fromSourceOnly && !source) throw new Error(`version '${SOURCE_VERSION}' needs PerfGate's sources beside the action or task; ${sourceRoot || 'none'} has none`);
  const version = fromSourceOnly ? source : (wanted || source || '');
  const sourceMatches = source !== null && version === source;
  const key = [PACKAGE.toLowerCase(), process.platform, process.arch, version || 'latest', sourceMatches ? sourceHash(sourceRoot) : 'feed'].join('-');
  return { version, source, fromSourceOnly, sourceMatches, key, dir: path.join(cacheRoot, key) };
}

function toolInstall(run, dir, version, sources) {
  const args = ['tool', 'install', PACKAGE, '--tool-path', dir];
  if (version) args.push('--version', version);
  for (const source of sources) args.push('--add-source', source);
  return run('dotnet', args);
}

/**
 * Installs per `planned` (from plan()) and returns { command, how, seconds } (how: cache, feed or source), or throws an
 * Error that says what was tried. `toolSource`: an extra feed; `bundledFeeds`: folders of .nupkg shipped with the host;
 * `repositoryUrl`: the repository the sources came from, which a tool built from them links its rule pages to.
 */
function install({ planned, toolSource, bundledFeeds = [], sourceRoot, repositoryUrl, run, log }) {
  const started = Date.now();
  const done = (how) => ({ command: commandIn(planned.dir), how, seconds: (Date.now() - started) / 1000 });
  if (fs.existsSync(commandIn(planned.dir))) return done('cache');

  const feeds = [toolSource, ...bundledFeeds.filter((f) => fs.existsSync(f))].filter(Boolean);
  const tried = [];
  if (!planned.fromSourceOnly) {
    log(`PerfGate: dotnet tool install ${PACKAGE} ${planned.version || '(latest)'}${feeds.length ? ' (also from ' + feeds.join(', ') + ')' : ''}`);
    const fromFeed = toolInstall(run, planned.dir, planned.version, feeds);
    if (fromFeed.status === 0 && fs.existsSync(commandIn(planned.dir))) return done('feed');
    tried.push(`no feed has ${PACKAGE} ${planned.version || '(latest)'}`);
  }

  if (!planned.sourceMatches) {
    const why = planned.source ? `this checkout's sources are ${planned.source}` : 'there are no PerfGate sources beside the action or task';
    throw new Error(`could not install ${PACKAGE} ${planned.version || '(latest)'}: ${tried.concat(why).join('; ')}`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'perfgate-cli-build-'));
  try {
    const version = `${planned.source}-src.${planned.key.slice(-12)}`;
    const feed = path.join(work, 'feed');
    log(`PerfGate: packing ${PACKAGE} ${version} from ${sourceRoot}`);
    const pack = run('dotnet', ['pack', path.join(sourceRoot, 'src', 'PerfGate.Cli', 'PerfGate.Cli.csproj'), '-c', 'Release',
      '-o', feed, '--artifacts-path', path.join(work, 'build'), `-p:Version=${version}`, `-p:RepositoryUrl=${repositoryUrl || ''}`, '-nologo']);
    if (pack.status !== 0) throw new Error(`could not build ${PACKAGE} from ${sourceRoot} (dotnet pack exited ${pack.status})`);
    const fromSource = toolInstall(run, planned.dir, version, [feed]);
    if (fromSource.status !== 0 || !fs.existsSync(commandIn(planned.dir))) throw new Error(`could not install the ${PACKAGE} ${version} just built from ${sourceRoot}`);
    return done('source');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { plan, install, sourceVersion, sourceHash, commandIn, SOURCE_VERSION };
