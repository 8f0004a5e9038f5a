// A function invokes another synchronously (Lambda Invoke, InvocationType RequestResponse) in the
// browser, and waits for its answer: a Node.js function with the AWS SDK v3's InvokeCommand (the
// execution Worker runs the target in its Worker and answers when it returns), a Python function
// with boto3 (its Worker runs a Python target in an interpreter of its own; for a Node.js target it
// waits on shared memory while the execution Worker runs it, once the service worker has made the
// page cross-origin isolated, and is told why it cannot before), each also invoking itself
// (another environment, never a deadlock).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, shots } from "./site.mjs";
import { createFunction, createStateMachine, openStateMachine, startExecution, executionStatus } from "./console.mjs";

const site = useSite();

const PY_TARGET = `def lambda_handler(event, context):
    print("target got", event)
    if event.get("fail"):
        raise ValueError("failed on purpose")
    return {"got": event, "requestId": context.aws_request_id}
`;

const NODE_TARGET = "export const handler = async (event) => ({ fromNode: event.x + 1 });\n";

const NODE_CALLER = `import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';

const client = new LambdaClient({});
const text = (bytes) => new TextDecoder().decode(bytes);
const invoke = (input) => client.send(new InvokeCommand(input));

export const handler = async (event) => {
  if (event.n !== undefined) {
    const inner = event.n > 0 ? JSON.parse(text((await invoke({ FunctionName: 'NodeCaller', Payload: JSON.stringify({ n: event.n - 1 }) })).Payload)) : null;
    return { n: event.n, inner };
  }
  const py = await invoke({ FunctionName: 'PyTarget', Payload: JSON.stringify({ from: 'node' }), LogType: 'Tail' });
  const failed = await invoke({ FunctionName: 'PyTarget', Payload: JSON.stringify({ fail: true }) });
  const node = await invoke({ FunctionName: 'NodeTarget', Payload: JSON.stringify({ x: 41 }) });
  const self = await invoke({ FunctionName: 'NodeCaller', Payload: JSON.stringify({ n: 1 }) });
  let missing;
  try {
    await invoke({ FunctionName: 'Nobody' });
  } catch (e) {
    missing = e.name;
  }
  return {
    status: py.StatusCode,
    bytes: py.Payload instanceof Uint8Array,
    got: JSON.parse(text(py.Payload)).got,
    tail: atob(py.LogResult).includes('REPORT RequestId'),
    failed: [failed.FunctionError, JSON.parse(text(failed.Payload)).errorType],
    node: JSON.parse(text(node.Payload)),
    self: JSON.parse(text(self.Payload)),
    missing,
  };
};
`;

const PY_CALLER = `import json
import boto3

client = boto3.client("lambda")

def lambda_handler(event, context):
    if "n" in event:
        inner = None
        if event["n"] > 0:
            r = client.invoke(FunctionName="PyCaller", Payload=json.dumps({"n": event["n"] - 1}))
            inner = json.loads(r["Payload"].read())
        return {"n": event["n"], "inner": inner}
    r = client.invoke(FunctionName="PyTarget", Payload=json.dumps({"from": "python"}))
    out = {"status": r["StatusCode"], "got": json.loads(r["Payload"].read())["got"]}
    failed = client.invoke(FunctionName="PyTarget", Payload=b'{"fail": true}')
    out["failed"] = failed["FunctionError"]
    self = client.invoke(FunctionName="PyCaller", Payload='{"n": 1}')
    out["self"] = json.loads(self["Payload"].read())
    try:
        r = client.invoke(FunctionName="NodeTarget", Payload='{"x": 1}')
        out["node"] = json.loads(r["Payload"].read())
    except client.exceptions.ServiceException as e:
        out["node"] = e.response["Error"]["Message"]
    return out
`;

/** Configuration › Timeout (seconds): a caller waits for its targets' cold starts within its own timeout. */
async function setTimeoutSeconds(page, name, seconds) {
  await page.getByRole("tab", { name: "Configuration" }).click();
  await page.locator("#timeout").fill(String(seconds));
  // the general configuration's Save (the logging configuration has its own)
  await page.getByRole("button", { name: "Save", exact: true }).first().click();
  await page.getByRole("status").filter({ hasText: `Successfully updated the function ${name}.` }).last().waitFor();
}

test("functions invoke functions synchronously in an execution, in Node.js and in Python", async () => {
  const { page, errors } = await openConsole(site);
  await createFunction(page, "PyTarget", PY_TARGET);
  await createFunction(page, "NodeTarget", NODE_TARGET, "Node.js 22.x");
  await createFunction(page, "NodeCaller", NODE_CALLER, "Node.js 22.x");
  await setTimeoutSeconds(page, "NodeCaller", 60);
  await createFunction(page, "PyCaller", PY_CALLER);
  await setTimeoutSeconds(page, "PyCaller", 60);
  const task = (name, next) => ({
    Type: "Task",
    Resource: "arn:aws:states:::lambda:invoke",
    Parameters: { FunctionName: name, Payload: {} },
    ResultSelector: { "r.$": "$.Payload" },
    ResultPath: `$.${name}`,
    ...(next ? { Next: next } : { End: true }),
  });
  await createStateMachine(page, "Invokes", { StartAt: "NodeCaller", States: { NodeCaller: task("NodeCaller", "PyCaller"), PyCaller: task("PyCaller") } });
  await openStateMachine(page, "Invokes");
  await startExecution(page, "{}");
  assert.equal(await executionStatus(page), "Execution status: Succeeded");
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  const output = JSON.parse(await page.locator("#execution-output").innerText());
  await page.screenshot({ path: join(shots, "invoke-request-response.png") });
  assert.deepEqual(output.NodeCaller.r, {
    status: 200,
    bytes: true,
    got: { from: "node" },
    tail: true,
    failed: ["Unhandled", "ValueError"],
    node: { fromNode: 42 },
    self: { n: 1, inner: { n: 0, inner: null } },
    missing: "ResourceNotFoundException",
  });
  const py = output.PyCaller.r;
  assert.equal(py.status, 200);
  assert.deepEqual(py.got, { from: "python" });
  assert.equal(py.failed, "Unhandled");
  assert.deepEqual(py.self, { n: 1, inner: { n: 0, inner: null } });
  // the first load is not cross-origin isolated yet: the Python caller is told why and what to do
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  assert.match(py.node, /^StepLab cannot run the Node\.js function NodeTarget while a Python function waits for it: this page is not cross-origin isolated.*reload the page/);

  // once the service worker controls the page, a load is isolated and the Python caller waits for
  // the Node.js target in its Worker
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await page.reload();
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  await openStateMachine(page, "Invokes");
  await startExecution(page, "{}");
  assert.equal(await executionStatus(page), "Execution status: Succeeded");
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  const again = JSON.parse(await page.locator("#execution-output").innerText());
  assert.deepEqual(again.PyCaller.r.node, { fromNode: 2 });
  assert.deepEqual(again.PyCaller.r.self, { n: 1, inner: { n: 0, inner: null } });
  assert.deepEqual(again.NodeCaller.r.node, { fromNode: 42 });
  assert.deepEqual(errors, []);
  await page.context().close();
});
