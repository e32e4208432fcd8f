'use strict';
// Shared by the GitHub Action (actions/run.js) and the Azure Pipelines task, which gets a copy in
// pipelines/PerfGateTask/lib/ when it is packaged (pipelines/copy-shared.js; never committed there).
// It builds the `perfgate scan` command line both run, and reads the SARIF 2.1.0 log that
// `perfgate scan|check --format sarif` writes: the verdict itself comes from perfgate's exit code;
// this module only turns the log into counts, annotations and a Markdown summary. No npm dependencies.

const fs = require('fs');
const path = require('path');

const LEVEL_ORDER = { error: 0, warning: 1, note: 2, none: 3 };

/** The values the wrappers' fail-on and PR-mode inputs accept. */
const FAIL_ON = ['policy', 'error', 'warning', 'never'];
const PR_MODES = ['auto', 'true', 'false'];

/**
 * `perfgate scan TARGET --format sarif --output SARIF --quiet` and the options the wrappers' inputs map to:
 * policy, baseline (`none`: --no-baseline), failOn (`policy`: the policy's own), category, configuration and
 * changedSince (PR mode). Empty values add nothing.
 */
function scanArguments({ target, sarif, policy, baseline, failOn, category, configuration, changedSince }) {
  const args = ['scan', target || '.', '--format', 'sarif', '--output', sarif, '--quiet'];
  if (policy) args.push('--policy', policy);
  if (baseline === 'none') args.push('--no-baseline');
  else if (baseline) args.push('--baseline', baseline);
  if (failOn && failOn !== 'policy') args.push('--fail-on', failOn);
  if (category) args.push('--category', category);
  if (configuration) args.push('--configuration', configuration);
  if (changedSince) args.push('--changed-since', changedSince);
  return args;
}

/** Null when value is one of choices, else the message saying what the input accepts. */
function invalidChoice(name, value, choices) {
  if (choices.includes(value)) return null;
  return `${name} must be ${choices.slice(0, -1).join(', ')} or ${choices[choices.length - 1]}, not '${value}'`;
}

/** Reads a SARIF log into findings. Suppressed results are dropped; baselineState "absent" results are stale baseline entries. */
function readSarif(file, workspace) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!log || log.version !== '2.1.0' || !Array.isArray(log.runs)) throw new Error(`${file} is not a SARIF 2.1.0 log`);
  const findings = [];
  const stale = [];
  const categories = [];
  for (const run of log.runs) {
    const category = run.automationDetails && run.automationDetails.id;
    if (category) categories.push(category);
    const bases = run.originalUriBaseIds || {};
    for (const result of run.results || []) {
      if (Array.isArray(result.suppressions) && result.suppressions.length > 0) continue;
      const location = (result.locations || [])[0];
      const physical = location && location.physicalLocation;
      const region = (physical && physical.region) || {};
      const finding = {
        ruleId: result.ruleId || (result.rule && result.rule.id) || 'PG0000',
        level: result.level || 'warning',
        message: (result.message && result.message.text) || '',
        // PerfGate points a finding about no file at the repository root ("./", as code scanning needs a
        // location): that is no file to annotate.
        path: physical ? fileOrNull(repoPath(physical.artifactLocation, bases, workspace)) : null,
        line: region.startLine || null,
        column: region.startColumn || null,
        endLine: region.endLine || null,
        endColumn: region.endColumn || null,
        baselineState: result.baselineState || null,
      };
      if (finding.baselineState === 'absent') stale.push(finding);
      else findings.push(finding);
    }
  }
  return { findings: sortBySeverity(findings), stale, categories };
}

function fileOrNull(p) {
  return p === null || p === '' || p === '.' || p === './' || /\/$/.test(p) ? null : p;
}

/** A repo-relative path with forward slashes (what annotations and the Azure UI expect). */
function repoPath(artifact, bases, workspace) {
  if (!artifact || !artifact.uri || artifact.uri === './') return null;
  let uri = artifact.uri;
  if (artifact.uriBaseId && bases[artifact.uriBaseId] && bases[artifact.uriBaseId].uri) {
    const base = bases[artifact.uriBaseId].uri;
    if (/^file:/i.test(base) && workspace) {
      const absolute = path.join(fileUriToPath(base), decodeURIComponent(uri));
      return relativeTo(workspace, absolute);
    }
    return decodeURIComponent(uri);
  }
  if (/^file:/i.test(uri)) return workspace ? relativeTo(workspace, fileUriToPath(uri)) : fileUriToPath(uri);
  return decodeURIComponent(uri);
}

function fileUriToPath(uri) {
  return decodeURIComponent(uri.replace(/^file:\/\/(localhost)?/i, '').replace(/^\/([A-Za-z]:)/, '$1'));
}

function relativeTo(root, absolute) {
  const rel = path.relative(root, absolute);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return absolute.split(path.sep).join('/');
  return rel.split(path.sep).join('/');
}

/** Most severe first; new before baselined; then path and line, so the order is stable. */
function sortBySeverity(findings) {
  const rank = (f) => LEVEL_ORDER[f.level] ?? 3;
  const baselined = (f) => (f.baselineState === 'unchanged' ? 1 : 0);
  return [...findings].sort((a, b) =>
    rank(a) - rank(b) || baselined(a) - baselined(b) ||
    String(a.path || '').localeCompare(String(b.path || '')) || (a.line || 0) - (b.line || 0) ||
    (a.column || 0) - (b.column || 0) || a.ruleId.localeCompare(b.ruleId));
}

/** errors/warnings/notes over every reported finding; "new" = not in the baseline (all findings when there is no baseline). */
function countFindings(findings) {
  const counts = { errors: 0, warnings: 0, notes: 0, new: 0, baselined: 0 };
  for (const f of findings) {
    if (f.level === 'error') counts.errors++;
    else if (f.level === 'warning') counts.warnings++;
    else counts.notes++;
    if (f.baselineState === 'unchanged') counts.baselined++;
    else counts.new++;
  }
  return counts;
}

// ---- Untrusted text ----------------------------------------------------------------------------
// File names, messages and routes come from the repository a pull request changed. The same rules as
// src/PerfGate.Analyzers/UntrustedText.cs (tests/Shared/untrusted-text.json holds the cases both must pass):
// a log line runs nothing (GitHub runs `::` at a line's start and `##[`; Azure runs `##vso[` anywhere; both compare
// culture-sensitively, where invisible characters count as nothing), and Markdown renders as the literal text.

// Unicode's Default_Ignorable_Code_Point characters that are not control or format characters.
const IGNORABLE = /[\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2060-\u206F\u3164\uFE00-\uFE0F\uFFA0\uFFF0-\uFFF8\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]/u;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

function visible(codePoint) {
  const hex = codePoint.toString(16).toUpperCase();
  if (codePoint < 0x100) return '\\x' + hex.padStart(2, '0');
  if (codePoint < 0x10000) return '\\u' + hex.padStart(4, '0');
  return '\\U' + hex.padStart(8, '0');
}

/**
 * Control and invisible characters as visible escapes. Line breaks: `\n`/`\r` for a log line (mode 'log'), a space for
 * Markdown ('markdown', tabs too), or kept ('keep': an annotation's data escapes them its own way).
 */
function escapeInvisible(text, mode) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const code = text.codePointAt(i);
    const width = code > 0xFFFF ? 2 : 1;
    const ch = text.slice(i, i + width);
    let replacement = null;
    if (c === '\n') replacement = mode === 'log' ? '\\n' : mode === 'markdown' ? ' ' : null;
    else if (c === '\r') replacement = mode === 'log' ? '\\r' : mode === 'markdown' ? '' : null;
    else if (c === '\t') replacement = mode === 'markdown' ? ' ' : null;
    else if (INVISIBLE.test(ch) || IGNORABLE.test(ch) || (width === 1 && code >= 0xD800 && code <= 0xDFFF)) replacement = visible(code);
    out += replacement === null ? ch : replacement;
    i += width - 1;
  }
  return out;
}

/** Every `token` (any letter case; it ends in '[') with its '[' written as `bracket`. */
function replaceBracket(text, token, bracket) {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(escaped, 'gi'), (found) => found.slice(0, -1) + bracket);
}

/** One console or log line that runs nothing on GitHub or Azure Pipelines; applying it twice changes nothing more. */
function logText(value) {
  if (value === null || value === undefined) return '';
  let text = escapeInvisible(String(value), 'log');
  text = replaceBracket(text, '##vso[', '\\[');
  text = replaceBracket(text, '##[', '\\[');
  const start = text.length - text.trimStart().length;
  if (text.startsWith('::', start)) text = text.slice(0, start) + '\\' + text.slice(start);
  return text;
}

/** Every line of another program's output, escaped as logText does. */
function logLines(output) {
  return String(output).split('\n').map((line, i, all) => (i === all.length - 1 && line === '' ? '' : logText(line.replace(/\r$/, ''))))
    .join('\n');
}

const MARKDOWN_SPECIALS = new Set(['\\', '`', '*', '{', '}', '[', ']', '<', '>', '#', '|', '~', '&', '$']);
const WORD = /[\p{L}\p{Nd}]/u;

function endsWithWord(text, end, word) {
  return end >= word.length && text.slice(end - word.length, end).toLowerCase() === word;
}

/** Inline Markdown (a table cell) that renders as exactly the text: no link, image, autolink, HTML, entity, emphasis or table break. */
function markdownText(value) {
  if (value === null || value === undefined) return '';
  const text = escapeInvisible(String(value), 'markdown');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    // As UntrustedText.ForMarkdown: bare URLs link at the ':' of "scheme:/", "mailto:", "xmpp:" and the '.' of "www.".
    const escape = MARKDOWN_SPECIALS.has(c)
      || (c === ':' && (text[i + 1] === '/' || endsWithWord(text, i, 'mailto') || endsWithWord(text, i, 'xmpp')))
      || (c === '.' && endsWithWord(text, i, 'www'))
      || (c === '_' && !(i > 0 && WORD.test(text[i - 1]) && i + 1 < text.length && WORD.test(text[i + 1])));
    out += (escape ? '\\' : '') + c;
  }
  return out;
}

/** A code span showing exactly the text on one line, in a GFM table too; the fence is longer than any backtick run inside. */
function markdownCode(value) {
  const text = escapeInvisible(String(value ?? ''), 'markdown').replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) || []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text === '' || text.startsWith('`') || text.endsWith('`') || text.startsWith(' ');
  return pad ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

// ---- GitHub workflow commands -----------------------------------------------------------------
// Escaping as in @actions/core (command.ts): data escapes % CR LF; property values also : and ,. Control and
// invisible characters of a message become visible first (a terminal would act on ESC).

function escapeData(value) {
  return escapeInvisible(String(value), 'keep').replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value) {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_COMMAND = { error: 'error', warning: 'warning', note: 'notice', none: 'notice' };

function githubAnnotation(f) {
  const props = [];
  if (f.path) props.push(`file=${escapeProperty(f.path)}`);
  if (f.line) props.push(`line=${f.line}`);
  if (f.path && f.column) props.push(`col=${f.column}`);
  if (f.endLine) props.push(`endLine=${f.endLine}`);
  if (f.endColumn && f.endLine === f.line) props.push(`endColumn=${f.endColumn}`);
  const title = f.ruleId + (f.baselineState === 'unchanged' ? ' (baselined)' : '');
  props.push(`title=${escapeProperty(title)}`);
  return `::${GITHUB_COMMAND[f.level] || 'warning'} ${props.join(',')}::${escapeData(f.message)}`;
}

/** At most `max` annotations (GitHub shows 10 per step), most severe first, then one line saying how many were left out. */
function githubAnnotations(findings, max = 10) {
  const lines = findings.slice(0, max).map(githubAnnotation);
  const more = findings.length - Math.min(max, findings.length);
  if (more > 0) lines.push(`PerfGate: ${more} more finding(s) not annotated (GitHub shows ${max} annotations per step); see the step summary or the SARIF log.`);
  return lines;
}

/** `name<<delimiter` blocks for GITHUB_OUTPUT / GITHUB_ENV: safe for any value, including newlines. */
function githubFileCommand(name, value, randomHex = () => require('crypto').randomBytes(16).toString('hex')) {
  const text = String(value);
  let delimiter;
  do delimiter = `ghadelimiter_${randomHex()}`; while (text.includes(delimiter) || name.includes(delimiter));
  return `${name}<<${delimiter}\n${text}\n${delimiter}\n`;
}

// ---- Markdown summary -------------------------------------------------------------------------

const SUMMARY_LIMIT = 1024 * 1024; // GitHub rejects a step summary above 1 MiB.

const cell = markdownText;
const code = markdownCode;

/**
 * The Markdown summary: verdict, counts, then a table of findings, most severe first. Rows stop
 * before the text would pass `limit` bytes (UTF-8), and a note says how many were left out.
 */
function markdownSummary(report, { verdict, sarifPath, limit = SUMMARY_LIMIT, title = 'PerfGate' } = {}) {
  const { findings, stale } = report;
  const counts = countFindings(findings);
  const icon = verdict === 'passed' ? '✅' : verdict === 'failed' ? '❌' : '⚠️';
  let head = `## ${icon} ${title}: gate ${verdict}\n\n`;
  head += `| errors | warnings | notes | new | baselined | stale baseline entries |\n|---:|---:|---:|---:|---:|---:|\n`;
  head += `| ${counts.errors} | ${counts.warnings} | ${counts.notes} | ${counts.new} | ${counts.baselined} | ${stale.length} |\n\n`;
  if (findings.length === 0) return head + 'No findings.\n';
  head += '| level | rule | location | message |\n|---|---|---|---|\n';
  const tail = (omitted) => `\n_${omitted} more finding(s) not shown: the summary is limited to 1 MiB.` +
    (sarifPath ? ` The full list is in ${code(sarifPath)}._\n` : '_\n');
  const reserve = Buffer.byteLength(tail(findings.length)) + 64;
  let size = Buffer.byteLength(head);
  const rows = [];
  for (const f of findings) {
    const where = f.path ? code(f.path + (f.line ? `:${f.line}` : '')) : '';
    const state = f.baselineState === 'unchanged' ? ' (baselined)' : '';
    const row = `| ${cell(f.level)}${state} | ${cell(f.ruleId)} | ${where} | ${cell(f.message)} |\n`;
    const bytes = Buffer.byteLength(row);
    if (size + bytes + reserve > limit) break;
    rows.push(row);
    size += bytes;
  }
  let text = head + rows.join('');
  if (rows.length < findings.length) text += tail(findings.length - rows.length);
  return text;
}

module.exports = {
  scanArguments, invalidChoice, FAIL_ON, PR_MODES, readSarif, sortBySeverity, countFindings, escapeData, escapeProperty, githubAnnotation, githubAnnotations,
  githubFileCommand, markdownSummary, SUMMARY_LIMIT, logText, logLines, markdownText, markdownCode,
};
