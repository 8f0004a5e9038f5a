// Executions in the app go through the same driver as the CLI and the JavaScript API: a definition
// copied from another account finds the workspace's function of that name (and the page says which
// account and region StepLab assumed), every default service response answers, and a function's
// timeout counts from the end of its INIT, as on AWS.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useSite, openConsole, root } from "./site.mjs";
import { createFunction, createQueue, createStateMachine, createTable, createTopic, executionStatus as status, startExecution as start, storedWorkspace } from "./console.mjs";

const site = useSite();
const handler = readFileSync(join(root, "tests/data/lab/hello_step_function.py"), "utf8");

/** The stored execution record of `name`. */
const record = async (page, name) => (await storedWorkspace(page)).executions.find((e) => e.name === name);

test("a function named in another account and region runs as the workspace's function", async () => {
  const { page, errors } = await openConsole(site);
  await createFunction(page, "HelloStepFunction", handler);
  const definition = {
    StartAt: "Call",
    States: {
      Call: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke",
        Parameters: { FunctionName: "arn:aws:lambda:us-east-1:111111111111:function:HelloStepFunction:$LATEST", "Payload.$": "$" },
        End: true,
      },
    },
  };
  await createStateMachine(page, "Copied", definition);
  const notice = await page.locator("#foreign-functions").innerText();
  assert.match(notice, /runs this state machine in ca-central-1 \(account 123456789012\)/);
  assert.match(notice, /arn:aws:lambda:us-east-1:111111111111:function:HelloStepFunction:\$LATEST/);
  await start(page, "{}");
  assert.equal(await status(page), "Execution status: Succeeded");
  assert.deepEqual(errors, []);
});

test("every service integration answers in the app as in the CLI, on the resources of tests/data/hosts", async () => {
  const { page, errors } = await openConsole(site);
  // the resources of services.resources.json, made in the console
  await createTopic(page, "orders");
  await createQueue(page, "q");
  await createTable(page, "Orders");
  await createStateMachine(page, "Child", JSON.parse(readFileSync(join(root, "tests/data/hosts/child.asl.json"), "utf8")));
  await createFunction(page, "HelloStepFunction", handler);
  const definition = readFileSync(join(root, "tests/data/hosts/services.asl.json"), "utf8");
  await createStateMachine(page, "Services", definition);
  const name = await start(page, JSON.stringify({ order: 7 }));
  assert.equal(await status(page), "Execution status: Succeeded");
  const r = await record(page, name);
  const output = JSON.parse(r.output);
  assert.deepEqual(Object.keys(output), ["order", "sns", "sqs", "put", "get", "child", "events", "glue", "ecs", "hello"]);
  assert.match(output.child.ExecutionArn, /^arn:aws:states:ca-central-1:123456789012:execution:Child:[0-9a-f-]{36}$/);
  assert.deepEqual(output.get.Item, { id: { S: "1" } });
  assert.equal(output.hello.body.statusCode, 200);
  assert.deepEqual(errors, []);
});

test("a function's timeout counts from the end of INIT, cold and warm", async () => {
  const { page, errors } = await openConsole(site);
  await createFunction(page, "Spin", "def lambda_handler(event, context):\n    while True:\n        pass\n");
  const definition = { StartAt: "Spin", States: { Spin: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "Spin", "Payload.$": "$" }, End: true } } };
  await createStateMachine(page, "Spinner", definition);
  for (const run of ["cold", "warm"]) {
    const name = await start(page, "{}");
    assert.equal(await status(page), "Execution status: Failed");
    const r = await record(page, name);
    assert.equal(r.error, "Sandbox.Timedout");
    const at = (type) => Date.parse(r.events.find((e) => e.type === type).timestamp);
    const took = at("TaskFailed") - at("TaskStarted");
    console.log(`figures: ${run} 3 s timeout reached after ${took} ms (Task started to Task failed)`);
    // the function's timeout (3 s) and the message's round trip, not INIT's allowance on top
    assert.ok(took < 6000, `${run}: ${took} ms`);
    await page.getByRole("link", { name: "Spinner" }).first().click();
  }
  assert.deepEqual(errors, []);
});
