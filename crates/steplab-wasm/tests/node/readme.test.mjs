// Runs the crate README's Node example (the code block after `<!-- example: node -->`) against the
// `--target nodejs` package, and the reference lab with the `--target web` package:
// STEPLAB_WASM_NODE_PKG and STEPLAB_WASM_WEB_PKG, by default target/wasmapi/{nodejs,web}, built with
//   wasm-pack build --release --target nodejs --out-dir ../../target/wasmapi/nodejs crates/steplab-wasm
//   wasm-pack build --release --target web --out-dir ../../target/wasmapi/web crates/steplab-wasm
import { test } from "node:test";
import assert from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const crate = path.resolve(here, "../..");
const pkg = path.resolve(process.env.STEPLAB_WASM_NODE_PKG ?? path.join(crate, "../../target/wasmapi/nodejs"));
const webPkg = path.resolve(process.env.STEPLAB_WASM_WEB_PKG ?? path.join(crate, "../../target/wasmapi/web"));
const lab = path.join(crate, "../../tests/data/lab");

/** The code block that follows `marker` in the README. */
function readmeBlock(marker) {
  const readme = readFileSync(path.join(crate, "README.md"), "utf8");
  const after = readme.split(marker)[1];
  assert.ok(after, `README.md has ${marker}`);
  const block = after.match(/^```js\n([\s\S]*?)\n```$/m);
  assert.ok(block, `a js code block follows ${marker}`);
  return block[1];
}

test("the README's Node example runs and its assertions hold", () => {
  assert.ok(
    existsSync(path.join(pkg, "package.json")),
    `no package at ${pkg}: build it with wasm-pack build --release --target nodejs (see this file's header)`,
  );
  const require = createRequire(import.meta.url);
  // the example's require("steplab-wasm") is the built package
  const requireWithPackage = (name) => require(name === "steplab-wasm" ? pkg : name);
  const started = performance.now();
  new Function("require", readmeBlock("<!-- example: node -->"))(requireWithPackage);
  console.log(`figures: README example ran in ${Math.round(performance.now() - started)} ms`);
});

test("the --target web package runs the reference lab once initialised", async () => {
  const glue = path.join(webPkg, "steplab_wasm.js");
  assert.ok(existsSync(glue), `no package at ${webPkg}: build it with wasm-pack build --release --target web`);
  const { default: init, run } = await import(glue);
  // a page calls init() and the glue fetches steplab_wasm_bg.wasm next to it; here the bytes are given
  await init({ module_or_path: readFileSync(path.join(webPkg, "steplab_wasm_bg.wasm")) });
  const result = run({
    definition: readFileSync(path.join(lab, "simple_lab.asl.json"), "utf8"),
    input: {},
    functions: {
      HelloStepFunction: {
        code: readFileSync(path.join(lab, "hello_step_function.py"), "utf8"),
        handler: "hello_step_function.lambda_handler",
      },
    },
  });
  assert.strictEqual(result.status, "SUCCEEDED");
  assert.deepStrictEqual(result.output, { statusCode: 200, message: "Hello from Step Function!" });
});
