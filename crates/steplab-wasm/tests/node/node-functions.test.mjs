// Node.js functions through the JavaScript API's runAsync (the --target nodejs package,
// STEPLAB_WASM_NODE_PKG, default target/wasmapi/nodejs): each runs in a `node` child process of its
// own, with the runtime the app and the CLI use, so the same handler gives the same result and log
// lines as in `steplab run` (STEPLAB_CLI, default target/debug/steplab); its AWS SDK calls reach
// the run's services; errors and timeouts are the runtime's.
import { test } from "node:test";
import assert from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../../..");
const pkg = path.resolve(process.env.STEPLAB_WASM_NODE_PKG ?? path.join(root, "target/wasmapi/nodejs"));
const cli = path.resolve(process.env.STEPLAB_CLI ?? path.join(root, "target/debug/steplab"));
const scenario = (file) => readFileSync(path.join(root, "tests/data/scenario", file), "utf8");

function api() {
  assert.ok(existsSync(path.join(pkg, "package.json")), `no package at ${pkg}: build it with wasm-pack`);
  return createRequire(import.meta.url)(pkg);
}

const task = (resource, extra = {}) => JSON.stringify({
  StartAt: "Call",
  States: { Call: { Type: "Task", Resource: resource, End: true, ...extra } },
});
const lambda = "arn:aws:lambda:ca-central-1:123456789012:function:Greet";

const greet = `export const handler = async (event, context) => {
  console.log('hello', event.name, { n: 1 });
  console.warn('remaining', typeof context.getRemainingTimeInMillis());
  return { greeting: \`Hello, \${event.name}!\`, requestId: context.awsRequestId.length };
};
`;

test("runAsync runs a Node.js function and gives the CLI's result and log lines", async () => {
  const { runAsync } = api();
  assert.ok(existsSync(cli), `no CLI at ${cli}: build it with cargo test -p steplab-cli`);
  const fixed = { seed: 42, name: "same-run", stateMachineName: "Hosts", startMillis: 1764072000000 };
  const input = { name: "Ada" };
  const result = await runAsync({
    definition: task(lambda),
    input,
    functions: { Greet: { code: greet, runtime: "nodejs22.x" } },
    ...fixed,
  });
  assert.strictEqual(result.status, "SUCCEEDED", `${result.error}: ${result.cause}`);
  assert.deepStrictEqual(result.output, { greeting: "Hello, Ada!", requestId: 36 });

  const dir = mkdtempSync(path.join(os.tmpdir(), "steplab-node-"));
  writeFileSync(path.join(dir, "index.mjs"), greet);
  writeFileSync(path.join(dir, "machine.asl.json"), task(lambda));
  const cliRun = spawnSync(cli, [
    "run", path.join(dir, "machine.asl.json"), "--json", "--history", "--logs", "--input", JSON.stringify(input),
    "--function", `Greet=${path.join(dir, "index.mjs")}`, "--seed", String(fixed.seed), "--name", fixed.name,
    "--state-machine-name", fixed.stateMachineName, "--start-millis", String(fixed.startMillis),
  ], { encoding: "utf8" });
  assert.strictEqual(cliRun.status, 0, cliRun.stderr);
  const byCli = JSON.parse(cliRun.stdout);
  assert.strictEqual(byCli.status, result.status);
  assert.deepStrictEqual(byCli.output, result.output);
  assert.deepStrictEqual(byCli.history.map(withoutTimes), result.history.map(withoutTimes));
  // the same lines, but for the times, durations and the log stream the platform writes
  assert.strictEqual(result.logs.length, 1);
  const apiLog = lines(result.logs[0].log);
  // --logs writes the invocations' logs on stderr
  assert.deepStrictEqual(lines(cliRun.stderr), apiLog);
  assert.ok(apiLog.some((l) => l === "<time>\t<id>\tINFO\thello Ada { n: 1 }"), apiLog.join("\n"));
  assert.ok(apiLog.some((l) => l === "<time>\t<id>\tWARN\tremaining number"), apiLog.join("\n"));
  assert.match(apiLog[0], /^START RequestId: <id> Version: \$LATEST$/);
});

test("a Node.js function's AWS SDK calls reach the run's services (the order scenario)", async () => {
  const { runAsync } = api();
  const result = await runAsync({
    definition: scenario("order.asl.json"),
    input: { orderId: "o-1", total: 42 },
    functions: { StoreOrder: { code: scenario("store_order.mjs"), runtime: "nodejs22.x" } },
    resources: JSON.parse(scenario("resources.json")),
    stateMachines: { Ship: scenario("ship.asl.json") },
  });
  assert.strictEqual(result.status, "SUCCEEDED", `${result.error}: ${result.cause}`);
  assert.strictEqual(result.output.orderId, "o-1");
  assert.strictEqual(result.output.shipped, true);
  const table = JSON.stringify(result.resources.dynamodb.tables.Orders);
  assert.ok(table.includes('"NEW"'), table.slice(0, 400));
});

test("a Node.js function's error and timeout are the runtime's, and the run goes on", async () => {
  const { runAsync } = api();
  const failing = await runAsync({
    definition: task(lambda),
    functions: { Greet: { code: "exports.handler = async () => { throw new TypeError('no name'); };\n", runtime: "nodejs20.x", fileName: "index.js" } },
  });
  assert.strictEqual(failing.status, "FAILED");
  assert.strictEqual(failing.error, "TypeError");
  assert.strictEqual(JSON.parse(failing.cause).errorMessage, "no name");
  const endless = await runAsync({
    definition: {
      StartAt: "Call",
      States: {
        Call: { Type: "Task", Resource: lambda, Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }], Next: "Caught" },
        Caught: { Type: "Pass", End: true },
      },
    },
    functions: { Greet: { code: "export const handler = () => new Promise(() => {});\n", runtime: "nodejs22.x", timeoutSeconds: 1 } },
  });
  assert.strictEqual(endless.status, "SUCCEEDED", JSON.stringify(endless.history.slice(-3)));
  assert.match(endless.logs[0].log, /Status: timeout/);
  assert.strictEqual(endless.output.Error, "Sandbox.Timedout");
});

test("run and StepLabExecution say that Node.js functions need runAsync", () => {
  const { run, StepLabExecution } = api();
  const request = { definition: task(lambda), functions: { Greet: { code: greet, runtime: "nodejs22.x" } } };
  assert.throws(() => run(request), /functions\.Greet: a Node\.js function \(nodejs22\.x\) runs with runAsync/);
  assert.throws(() => new StepLabExecution(request), /runs with runAsync/);
});

/** The log's lines with the platform's times, ids, durations and stream set aside. */
function lines(log) {
  return log
    .trimEnd()
    .split("\n")
    .map((l) => l
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<time>")
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
      .replace(/\d+(\.\d+)? (ms|MB)/g, "<n> $2"));
}

function withoutTimes(event) {
  const { timestamp, ...rest } = event;
  return rest;
}

const nodeCaller = `import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
const client = new LambdaClient({});
const text = (bytes) => new TextDecoder().decode(bytes);
const invoke = (input) => client.send(new InvokeCommand(input));
export const handler = async (event) => {
  if (event.n !== undefined) {
    const inner = event.n > 0 ? JSON.parse(text((await invoke({ FunctionName: 'Caller', Payload: JSON.stringify({ n: event.n - 1 }) })).Payload)) : null;
    return { n: event.n, inner };
  }
  const node = await invoke({ FunctionName: 'Target', Payload: JSON.stringify({ x: 41 }), LogType: 'Tail' });
  const py = await invoke({ FunctionName: 'PyCaller', Payload: '{}' });
  const self = await invoke({ FunctionName: 'Caller', Payload: JSON.stringify({ n: 1 }) });
  return {
    node: JSON.parse(text(node.Payload)),
    status: node.StatusCode,
    tail: atob(node.LogResult).includes('REPORT RequestId'),
    py: JSON.parse(text(py.Payload)),
    self: JSON.parse(text(self.Payload)),
  };
};
`;
const nodeTarget = `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
const db = new DynamoDBClient({});
export const handler = async (event) => {
  await db.send(new PutItemCommand({ TableName: 'Seen', Item: { id: { S: String(event.x) } } }));
  return { fromNode: event.x + 1 };
};
`;
const pyCaller = `import boto3

def lambda_handler(event, context):
    try:
        boto3.client("lambda").invoke(FunctionName="Target", Payload='{"x": 1}')
        return {"node": "answered"}
    except Exception as e:
        return {"error": e.response["Error"]["Code"], "message": e.response["Error"]["Message"]}
`;

test("runAsync: a Node.js function invokes Node.js functions synchronously; a Python one is told why it cannot", async () => {
  const { runAsync } = api();
  const result = await runAsync({
    definition: task("arn:aws:lambda:ca-central-1:123456789012:function:Caller"),
    input: {},
    functions: {
      Caller: { code: nodeCaller, runtime: "nodejs22.x", timeoutSeconds: 60 },
      Target: { code: nodeTarget, runtime: "nodejs22.x" },
      PyCaller: { code: pyCaller },
    },
    resources: [{ service: "dynamodb", operation: "CreateTable", input: { TableName: "Seen", BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], KeySchema: [{ AttributeName: "id", KeyType: "HASH" }] } }],
  });
  assert.strictEqual(result.status, "SUCCEEDED", `${result.error}: ${result.cause}`);
  assert.deepStrictEqual(result.output.node, { fromNode: 42 });
  assert.strictEqual(result.output.status, 200);
  assert.strictEqual(result.output.tail, true);
  assert.deepStrictEqual(result.output.self, { n: 1, inner: { n: 0, inner: null } });
  assert.strictEqual(result.output.py.error, "ServiceException");
  assert.match(result.output.py.message, /^StepLab cannot run the Node\.js function Target while a Python function waits for it in the JavaScript API/);
  // the target's SDK call landed on the run's services
  const items = JSON.stringify(result.resources.dynamodb.tables.Seen);
  assert.ok(items.includes('"41"'), items);
  // the caller, the target, the Python caller and the two nested callers each logged an invocation
  assert.strictEqual(result.logs.length, 5, JSON.stringify(result.logs.map((l) => l.functionName)));
});
