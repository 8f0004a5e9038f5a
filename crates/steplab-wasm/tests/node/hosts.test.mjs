// The JavaScript API and the `steplab` CLI carry executions forward with the same driver: the same
// definition, input, seed, name and start time give the same status, output and history, event for
// event, including every AWS service integration on the same resources and a Lambda function named in
// another account and region. Uses the --target nodejs package (STEPLAB_WASM_NODE_PKG, default
// target/wasmapi/nodejs) and the CLI built by `cargo test` (STEPLAB_CLI, default target/debug/steplab).
import { test } from "node:test";
import assert from "node:assert";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../../..");
const pkg = path.resolve(process.env.STEPLAB_WASM_NODE_PKG ?? path.join(root, "target/wasmapi/nodejs"));
const cli = path.resolve(process.env.STEPLAB_CLI ?? path.join(root, "target/debug/steplab"));
const data = path.join(root, "tests/data");

const runs = [
  { definition: "hosts/services.asl.json", input: { order: 7 }, resources: "hosts/services.resources.json", stateMachines: { Child: "hosts/child.asl.json" } },
  { definition: "lab/simple_lab.asl.json", input: {} },
  { definition: "lab/simple_lab_legacy.asl.json", input: {}, region: "eu-west-3", account: "222233334444" },
];

for (const r of runs) {
  test(`${r.definition}: the API and the CLI give the same history`, () => {
    assert.ok(existsSync(path.join(pkg, "package.json")), `no package at ${pkg}: build it with wasm-pack`);
    assert.ok(existsSync(cli), `no CLI at ${cli}: build it with cargo test -p steplab-cli`);
    const { run } = createRequire(import.meta.url)(pkg);
    const file = path.join(data, r.definition);
    const handler = path.join(data, "lab/hello_step_function.py");
    const region = r.region ?? "ca-central-1";
    const account = r.account ?? "123456789012";
    const fixed = { seed: 42, name: "same-run", stateMachineName: "Hosts", startMillis: 1764072000000 };
    const api = run({
      definition: readFileSync(file, "utf8"),
      input: r.input,
      functions: { HelloStepFunction: { code: readFileSync(handler, "utf8"), handler: "hello_step_function.lambda_handler" } },
      region,
      account,
      ...(r.resources ? { resources: JSON.parse(readFileSync(path.join(data, r.resources), "utf8")) } : {}),
      ...(r.stateMachines ? { stateMachines: Object.fromEntries(Object.entries(r.stateMachines).map(([n, f]) => [n, readFileSync(path.join(data, f), "utf8")])) } : {}),
      ...fixed,
    });
    let out;
    try {
      out = execFileSync(cli, [
        "run", file, "--json", "--history", "--input", JSON.stringify(r.input),
        "--function", `HelloStepFunction=${handler}`, "--region", region, "--account", account,
        "--seed", String(fixed.seed), "--name", fixed.name, "--state-machine-name", fixed.stateMachineName,
        "--start-millis", String(fixed.startMillis),
        ...(r.resources ? ["--resources", path.join(data, r.resources)] : []),
        ...Object.entries(r.stateMachines ?? {}).flatMap(([n, f]) => ["--state-machine", `${n}=${path.join(data, f)}`]),
      ], { encoding: "utf8" });
    } catch (e) {
      assert.fail(`the CLI failed: ${e.stderr}`);
    }
    const byCli = JSON.parse(out);
    assert.strictEqual(api.status, "SUCCEEDED", `${api.error}: ${api.cause}`);
    assert.strictEqual(byCli.status, api.status);
    assert.deepStrictEqual(byCli.output, api.output);
    // the Lambda invocation's duration differs from run to run: only its REPORT line says so
    assert.deepStrictEqual(byCli.history.map(normalise), api.history.map(normalise));
    assert.ok(api.history.length > 5);
  });
}

/** An event with the timestamps that a function's real duration moves set aside. */
function normalise(event) {
  const { timestamp, ...rest } = event;
  return rest;
}
