// The order scenario of tests/data/scenario through the JavaScript API (the --target nodejs
// package, STEPLAB_WASM_NODE_PKG, default target/wasmapi/nodejs): a Python function stores an
// order with boto3, the next state reads it back, SNS feeds an SQS queue, a child workflow ships
// it; the resources as the run left them come back in the result.
import { test } from "node:test";
import assert from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../../..");
const pkg = path.resolve(process.env.STEPLAB_WASM_NODE_PKG ?? path.join(root, "target/wasmapi/nodejs"));
const scenario = (file) => readFileSync(path.join(root, "tests/data/scenario", file), "utf8");

test("the order scenario runs through the JavaScript API and leaves the resources as it should", () => {
  assert.ok(existsSync(path.join(pkg, "package.json")), `no package at ${pkg}: build it with wasm-pack`);
  const { run } = createRequire(import.meta.url)(pkg);
  const result = run({
    definition: scenario("order.asl.json"),
    input: { orderId: "o-1", total: 42 },
    functions: { StoreOrder: { code: scenario("store_order.py"), handler: "store_order.lambda_handler" } },
    resources: JSON.parse(scenario("resources.json")),
    stateMachines: { Ship: scenario("ship.asl.json") },
  });
  assert.strictEqual(result.status, "SUCCEEDED", `${result.error}: ${result.cause}`);
  assert.strictEqual(result.output.orderId, "o-1");
  assert.strictEqual(result.output.shipped, true);
  // the item boto3 stored, the message SNS put in the queue, the child execution
  const item = result.resources.dynamodb.tables.Orders;
  assert.ok(JSON.stringify(item).includes('"NEW"'), JSON.stringify(item).slice(0, 400));
  const queue = result.resources.sqs.queues.shipping;
  assert.strictEqual(queue.messages.length, 1, JSON.stringify(queue).slice(0, 400));
  assert.deepStrictEqual(result.startedExecutions.map((e) => e.Status), ["SUCCEEDED"]);
});
