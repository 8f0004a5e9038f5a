// testState under Node.js against the `--target nodejs` package (STEPLAB_WASM_NODE_PKG, by
// default target/wasmapi/nodejs, built with
//   wasm-pack build --release --target nodejs --out-dir ../../target/wasmapi/nodejs crates/steplab-wasm):
// AWS's TestState request in, AWS's response out, AWS's errors thrown by name.
import { test } from "node:test";
import assert from "node:assert";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(process.env.STEPLAB_WASM_NODE_PKG ?? path.join(here, "../../../../target/wasmapi/nodejs"));

function api() {
  assert.ok(existsSync(path.join(pkg, "package.json")), `no package at ${pkg}: build it (see this file's header)`);
  return createRequire(import.meta.url)(pkg);
}

const task = JSON.stringify({
  Type: "Task",
  Resource: "arn:aws:states:::lambda:invoke",
  Parameters: { FunctionName: "F", "Payload.$": "$" },
  Retry: [{ ErrorEquals: ["Lambda.ServiceException"], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }],
  Next: "Store",
});

test("testState: a mocked result, a retriable error, a refused request", () => {
  const { testState } = api();
  const ok = testState({ definition: task, input: '{"id": 1}', mock: { result: '{"StatusCode": 200, "Payload": "done"}' } });
  assert.deepStrictEqual(ok, { output: '{"StatusCode":200,"Payload":"done"}', nextState: "Store", status: "SUCCEEDED" });

  const retried = testState({
    definition: task,
    inspectionLevel: "DEBUG",
    mock: { errorOutput: { error: "Lambda.ServiceException", cause: "down" } },
    stateConfiguration: { retrierRetryCount: 1 },
  });
  assert.strictEqual(retried.status, "RETRIABLE");
  assert.deepStrictEqual(retried.inspectionData.errorDetails, { retryIndex: 0, retryBackoffIntervalSeconds: 2 });

  assert.throws(
    () => testState({ definition: task, context: '{"Execution": {"Name": "x"}}' }),
    (e) => e.name === "ValidationException" && e.code === "ValidationException",
  );
});
