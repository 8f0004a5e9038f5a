// Node.js functions in the browser: the console's default code, console lines as the Node.js
// runtime writes them, an error as it returns it, a timeout, and a state machine that invokes a
// Node.js function (each function runs in a Worker of its own, started by the execution Worker).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { createFunction, createStateMachine, createTable, nav, openStateMachine, startExecution, executionStatus, setCode, editorText } from "./console.mjs";

const site = useSite();

async function runTest(page) {
  await page.getByRole("button", { name: "Test", exact: true }).first().click();
  await page.locator("#test-result").waitFor({ timeout: 60_000 });
  return {
    response: JSON.parse(await page.locator("#test-response").textContent()),
    log: await page.locator("#test-result pre.logs").textContent(),
  };
}

test("a Node.js function created in the console runs its default code, logs as Lambda's Node.js runtime, and fails as it does", async () => {
  const { page, errors } = await openConsole(site);
  await page.getByRole("link", { name: "Lambda", exact: true }).click();
  await page.getByRole("link", { name: "Create function" }).click();
  await page.getByLabel("Function name").fill("HelloNode");
  await page.getByLabel("Runtime").selectOption("Node.js 22.x");
  await page.getByRole("button", { name: "Create function" }).click();
  assert.equal(await page.locator(".file-tab").textContent(), "index.mjs");
  assert.match(await editorText(page, "#code-source"), /^export const handler = async \(event\) => \{/);
  let { response, log } = await runTest(page);
  assert.deepEqual(response, { statusCode: 200, body: "\"Hello from Lambda!\"" });
  assert.match(log, /^START RequestId: [0-9a-f-]{36} Version: \$LATEST\n/);
  assert.match(log, /\nREPORT RequestId: [0-9a-f-]{36}\tDuration: [\d.]+ ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB\tInit Duration: [\d.]+ ms/);

  await page.getByRole("tab", { name: "Code" }).click();
  await setCode(page, "#code-source", "let calls = 0;\nexport const handler = async (event, context) => {\n  calls += 1;\n  console.log('event', event, context.functionName, calls);\n  if (event.fail) throw new TypeError('bad input');\n  return { calls };\n};\n");
  await page.getByRole("button", { name: "Deploy" }).click();
  await page.getByText("Successfully updated the function HelloNode.").waitFor();
  ({ response, log } = await runTest(page));
  assert.deepEqual(response, { calls: 1 });
  assert.match(log, /\n\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\t[0-9a-f-]{36}\tINFO\tevent \{ key1: 'value1', key2: 'value2', key3: 'value3' \} HelloNode 1\n/);
  // warm: the module's globals are kept
  ({ response } = await runTest(page));
  assert.deepEqual(response, { calls: 2 });
  await page.screenshot({ path: join(shots, "node-function.png") });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a state machine invokes a Node.js function, and a thrown error is the task's error", async () => {
  const { page, errors } = await openConsole(site);
  await createFunction(page, "HelloStepFunction", "export const handler = async (event) => {\n  if (event.fail) { throw new RangeError('too far'); }\n  return { statusCode: 200, message: 'Hello from Step Function!' };\n};\n", "Node.js 22.x");
  const definition = await readFile(join(root, "tests/data/lab/simple_lab.asl.json"), "utf8");
  await createStateMachine(page, "NodeLab", definition);
  await openStateMachine(page, "NodeLab");
  await startExecution(page, "{}");
  assert.equal(await executionStatus(page), "Execution status: Succeeded");
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  assert.deepEqual(JSON.parse(await page.locator("#execution-output").innerText()), { statusCode: 200, message: "Hello from Step Function!" });
  await openStateMachine(page, "NodeLab");
  await startExecution(page, '{"fail": true}');
  assert.equal(await executionStatus(page), "Execution status: Failed");
  assert.match(await page.locator("#execution-status .error").textContent(), /^RangeError$/);
  assert.match(await page.locator("#execution-status .cause").textContent(), /"errorMessage":"too far"/);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a Node.js function's AWS SDK v3 reaches the workspace's resources, in a Test and in an execution", async () => {
  const { page, errors } = await openConsole(site);
  await createTable(page, "Orders");
  const code = `import { DynamoDBClient, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async (event) => {
  await doc.send(new PutCommand({ TableName: 'Orders', Item: { id: event.id, total: event.total } }));
  let again;
  try {
    await doc.send(new PutCommand({ TableName: 'Orders', Item: { id: event.id }, ConditionExpression: 'attribute_not_exists(id)' }));
  } catch (e) {
    again = [e.name, e instanceof ConditionalCheckFailedException, e.$metadata.httpStatusCode];
  }
  const { Item } = await doc.send(new GetCommand({ TableName: 'Orders', Key: { id: event.id } }));
  return { Item, again };
};
`;
  await createFunction(page, "StoreNode", code, "Node.js 22.x");
  await page.getByRole("tab", { name: "Test" }).click();
  await setCode(page, "#test-event", '{"id": "t-1", "total": 5}');
  const { response } = await runTest(page);
  assert.deepEqual(response, { Item: { id: "t-1", total: 5 }, again: ["ConditionalCheckFailedException", true, 400] });

  await createStateMachine(page, "NodeOrders", {
    StartAt: "Store",
    States: { Store: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "StoreNode", "Payload.$": "$" }, OutputPath: "$.Payload", End: true } },
  });
  await startExecution(page, '{"id": "o-9", "total": 12}');
  assert.equal(await executionStatus(page), "Execution status: Succeeded");
  await nav(page, "DynamoDB");
  await page.getByRole("link", { name: "Orders", exact: true }).click();
  await page.locator("#items-view").click();
  const items = JSON.parse(await page.locator("#items-json").innerText());
  assert.deepEqual(items.map((i) => i.id.S).sort(), ["o-9", "t-1"]);
  assert.deepEqual(errors, []);
  await page.context().close();
});
