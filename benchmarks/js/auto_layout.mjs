// Run bpmn-auto-layout (2.0 alpha, not on npm) on BPMN files and time it, for benchmarks/layout_vs_auto_layout.py.
//
//   node benchmarks/js/auto_layout.mjs AUTO_LAYOUT_DIR OUT_DIR FILE...
//
// AUTO_LAYOUT_DIR is a checkout of github.com/bpmn-io/bpmn-auto-layout (its lib/ sources run as they are,
// with bpmn-moddle and min-dash resolvable from it). Its code is not part of this repository.
// Prints one JSON object: { "<file>": { "ms": <median of runs>, "out": "<written file>" } or { "error": "..." } }.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, outDir, ...files] = process.argv.slice(2);
const { layoutProcess } = await import(pathToFileURL(path.join(dir, 'lib', 'index.js')).href);
const RUNS = Number(process.env.RUNS || 3);
const result = {};
for (const file of files) {
  const xml = fs.readFileSync(file, 'utf-8');
  const times = [];
  let out;
  try {
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      out = await layoutProcess(xml);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  } catch (error) {
    result[file] = { error: String(error && error.message || error).split('\n')[0] };
    continue;
  }
  times.sort((a, b) => a - b);
  const target = path.join(outDir, path.basename(file));
  fs.writeFileSync(target, out.xml);
  result[file] = { ms: times[Math.floor(times.length / 2)], out: target, warnings: (out.warnings || []).length };
}
process.stdout.write(JSON.stringify(result, null, 1) + '\n');
