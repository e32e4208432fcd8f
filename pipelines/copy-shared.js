#!/usr/bin/env node
'use strict';
// The Azure task runs the GitHub Action's report and install modules (actions/lib/perfgate-report.js, perfgate-install.js): one source, copied into
// PerfGateTask/lib/ here. `npm ci` in PerfGateTask/ runs this (its `prepare` script), so both the packaged
// extension (`npm ci --omit=dev`, then tfx) and the task's tests get the current copy; the copy is never committed.

const fs = require('fs');
const path = require('path');

const SHARED = ['perfgate-report.js', 'perfgate-install.js'];
const source = path.join(__dirname, '..', 'actions', 'lib');
const target = path.join(__dirname, 'PerfGateTask', 'lib');

/** Copies the shared modules into the task; returns the paths written. */
function copyShared() {
  fs.mkdirSync(target, { recursive: true });
  return SHARED.map((name) => {
    const destination = path.join(target, name);
    fs.copyFileSync(path.join(source, name), destination);
    return destination;
  });
}

if (require.main === module) {
  for (const written of copyShared()) process.stdout.write(`copied ${path.relative(path.join(__dirname, '..'), written)}\n`);
}
module.exports = { copyShared, SHARED, source, target };
