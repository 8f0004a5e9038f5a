// The size budget of the built site (issue: "the whole site stays at or below 5.0 MB brotli", the
// code editor at most 300 KB of it): every file of dist/ compressed as `scripts/measure.sh` does
// (`brotli -q 11`, whose window grows to 16 MB for large files).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const dist = process.env.STEPLAB_DIST ?? join(here, "..", "..", "dist");
const SITE_BUDGET = 5_000_000;
const EDITOR_BUDGET = 300_000;

function brotliSize(bytes) {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  }).length;
}

test("the whole site stays within 5.0 MB of brotli, the code editor within 300 KB", async () => {
  const files = (await readdir(dist, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  assert.ok(files.some((f) => f.name.endsWith(".wasm")), `no built site in ${dist}`);
  let total = 0;
  const sizes = [];
  for (const file of files) {
    const path = join(file.parentPath ?? file.path, file.name);
    const size = brotliSize(await readFile(path));
    total += size;
    sizes.push([relative(dist, path), size]);
  }
  sizes.sort((a, b) => b[1] - a[1]);
  console.log(
    `figures: site ${(total / 1e6).toFixed(3)} MB brotli; ` +
      sizes.slice(0, 4).map(([name, size]) => `${name} ${(size / 1e6).toFixed(3)} MB`).join(", "),
  );
  const editor = sizes.find(([name]) => name === "steplab-editor.js");
  assert.ok(editor, "dist/ has the code editor (steplab-editor.js)");
  assert.ok(editor[1] <= EDITOR_BUDGET, `the code editor is ${editor[1]} bytes of brotli`);
  assert.ok(total <= SITE_BUDGET, `the site is ${total} bytes of brotli: ${JSON.stringify(sizes.slice(0, 8))}`);
});
