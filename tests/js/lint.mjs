// Lint BPMN files the way bpmn.io and Camunda Modeler see them: import each into
// bpmn-moddle, then run the real bpmnlint with `bpmnlint:recommended` (a fresh
// Linter per file). Prints one JSON object: { "<file>": { importWarnings, reports }
// or { error } }, in the shape of tests/fixtures/miwg/bpmnlint-recommended.expected.json.
//
//   node tests/js/lint.mjs FILE...           (or: ... --files-from LIST, one path a line)
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { BpmnModdle } = await import('bpmn-moddle');
const { Linter } = require('bpmnlint');
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');

const args = process.argv.slice(2);
let files = args;
const listAt = args.indexOf('--files-from');
if (listAt !== -1) {
  files = fs.readFileSync(args[listAt + 1], 'utf-8').split('\n').filter(Boolean);
}

const moddle = new BpmnModdle();
const out = {};
for (const file of files) {
  const xml = fs.readFileSync(file, 'utf-8');
  let rootElement, warnings;
  try {
    ({ rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions'));
  } catch (error) {
    out[file] = { error: String(error.message).split('\n')[0] };
    continue;
  }
  const linter = new Linter({ config: { extends: 'bpmnlint:recommended' }, resolver: new NodeResolver() });
  const results = await linter.lint(rootElement);
  const reports = [];
  for (const [rule, items] of Object.entries(results)) {
    for (const r of items) {
      reports.push({ rule, id: r.id ?? '', message: r.message, category: r.category });
    }
  }
  out[file] = {
    importWarnings: warnings.map((w) => ({ id: (w.element && w.element.id) || '', message: String(w.message).split('\n')[0] })),
    reports,
  };
}
process.stdout.write(JSON.stringify(out, null, 1) + '\n');
