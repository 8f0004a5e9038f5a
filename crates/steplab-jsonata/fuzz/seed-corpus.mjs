// Writes the jsonata-js suite's cases into corpus/parse_evaluate as fuzz inputs:
// the expression, a NUL byte, then the case's JSON input (inline data or its dataset).
// Usage: node seed-corpus.mjs [SUITE_DIR]   (default: ../../../../shared/jsonata-suite)
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const suite = process.argv[2] ?? path.join(here, '../../../../shared/jsonata-suite');
const out = path.join(here, 'corpus/parse_evaluate');
fs.mkdirSync(out, { recursive: true });
const datasets = {};
let n = 0;
for (const group of fs.readdirSync(path.join(suite, 'groups')).sort()) {
  const dir = path.join(suite, 'groups', group);
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    for (const c of Array.isArray(parsed) ? parsed : [parsed]) {
      const expr = c['expr-file'] ? fs.readFileSync(path.join(dir, c['expr-file']), 'utf8') : (c.expr ?? '');
      let data = c.data ?? null;
      if (c.dataset) {
        datasets[c.dataset] ??= JSON.parse(fs.readFileSync(path.join(suite, 'datasets', `${c.dataset}.json`), 'utf8'));
        data = datasets[c.dataset];
      }
      n += 1;
      fs.writeFileSync(path.join(out, `suite-${n}`), Buffer.concat([Buffer.from(expr), Buffer.from([0]), Buffer.from(JSON.stringify(data))]));
    }
  }
}
console.log(`wrote ${n} inputs to ${out}`);
