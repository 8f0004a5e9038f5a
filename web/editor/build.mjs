// Bundles src/editor.js (CodeMirror 6 and the languages StepLab edits) into one minified script,
// dist/steplab-editor.js, that defines window.StepLabEditor. Run by Trunk's pre_build hook
// (Trunk.toml) after `npm ci`, so `trunk build` and `trunk serve` make it; nothing is fetched at
// run time.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/editor.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome110', 'firefox115', 'safari16'],
  outfile: 'dist/steplab-editor.js',
  legalComments: 'eof',
  logLevel: 'warning',
});
