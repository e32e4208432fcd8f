'use strict';
// action.yml against GitHub's action metadata schema (SchemaStore's github-action.json, copied in
// actions/schema/), plus the rules the schema cannot express: inputs reach scripts only through
// `env:`, every referenced input exists, and the example workflow uses the action at the root.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const path = require('path');
const YAML = require('yaml');
const Ajv = require('ajv');
const h = require('./helpers.js');

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'schema', 'github-action.json'), 'utf8'));
const actionText = fs.readFileSync(path.join(h.repoRoot, 'action.yml'), 'utf8');
const action = YAML.parse(actionText);

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  return ajv.compile(schema);
}

test('action.yml is valid action metadata', () => {
  const validate = validator();
  assert.ok(validate(action), JSON.stringify(validate.errors, null, 2));
  assert.equal(action.runs.using, 'composite');
});

test('the schema rejects a broken action (the validation can fail)', () => {
  const validate = validator();
  const broken = structuredClone(action);
  broken.runs.steps[0].shell = undefined;
  delete broken.runs.steps[0].shell; // a composite run step needs a shell
  broken.inputs.path.unknownKey = true;
  assert.equal(validate(broken), false);
});

test('inputs reach scripts through env, never interpolated into run text', () => {
  for (const step of action.runs.steps) {
    if (step.run) assert.doesNotMatch(step.run, /\$\{\{/, `step "${step.name}" interpolates an expression into its script`);
  }
});

test('every input the steps reference is declared, and every declared input is used', () => {
  const referenced = new Set([...actionText.matchAll(/inputs\.([a-z0-9_-]+)/g)].map((m) => m[1]));
  const declared = new Set(Object.keys(action.inputs));
  for (const name of referenced) assert.ok(declared.has(name), `inputs.${name} is not declared`);
  for (const name of declared) assert.ok(referenced.has(name), `input ${name} is never used`);
  for (const name of Object.keys(action.outputs)) assert.match(action.outputs[name].value, /steps\.gate\.outputs\./);
});

test('upload-sarif uses github/codeql-action/upload-sarif with the gate\'s SARIF and category', () => {
  const upload = action.runs.steps.find((s) => s.uses && s.uses.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload);
  assert.equal(upload.with.sarif_file, '${{ steps.gate.outputs.sarif }}');
  assert.match(upload.if, /inputs\.upload-sarif == 'true'/);
});

test('the example workflow uses the action at the repository root with security-events: write', () => {
  const workflow = YAML.parse(fs.readFileSync(path.join(h.repoRoot, '.github', 'workflows', 'perfgate.yml'), 'utf8'));
  assert.equal(workflow.permissions['security-events'], 'write');
  const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);
  assert.ok(steps.some((s) => s.uses === './'));
  for (const s of steps) if (s.run) assert.doesNotMatch(s.run, /\$\{\{/, `workflow step "${s.name}" interpolates an expression`);
});
