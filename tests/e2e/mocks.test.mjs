// AWS service integrations other than Lambda run against mocks (the default response of each
// catalogue action, or a test case of the machine's MockConfigFile), and the step debugger stops on
// any state, on retriers and on catchers, steps one transition at a time, and shows the data-flow
// stages recorded during the run.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { createStateMachine, executionStatus as status, nodeStatus, openStateMachine, startExecution as start, setCode, editorText } from "./console.mjs";


const site = useSite();

const openApp = () => openConsole(site);

const output = async (page) => {
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  return JSON.parse(await page.locator("#execution-output").innerText());
};

const notify = {
  StartAt: "Publish",
  States: {
    Publish: {
      Type: "Task",
      Resource: "arn:aws:states:::sns:publish",
      Parameters: { TopicArn: "arn:aws:sns:ca-central-1:123456789012:orders", "Message.$": "$" },
      ResultPath: "$.published",
      Next: "Put",
    },
    Put: {
      Type: "Task",
      Resource: "arn:aws:states:::dynamodb:putItem",
      Parameters: { TableName: "Orders", Item: { id: { S: "1" } } },
      ResultPath: "$.put",
      End: true,
    },
  },
};

test("SNS Publish and DynamoDB PutItem fail as AWS fails them without the topic, run on the default responses as a mock test case, then on one's own", async () => {
  const { page, errors } = await openApp();
  await createStateMachine(page, "Notify", notify);

  // no topic in the workspace: SNS's error, as the optimized integration names it
  await start(page, JSON.stringify({ order: 1 }));
  assert.equal(await status(page), "Execution status: Failed");
  assert.equal(await nodeStatus(page, "Publish"), "Failed");
  assert.equal(await page.locator(".banner-detail .error").first().innerText(), "SNS.NotFoundException");

  // the Mocks panel: the default responses as a MockConfigFile
  await openStateMachine(page, "Notify");
  await page.locator("#mocks-defaults").click();
  const defaults = JSON.parse(await editorText(page, "#mock-config"));
  assert.deepEqual(defaults.StateMachines.Notify.TestCases.Default, { Publish: "PublishResponse", Put: "PutResponse" });
  assert.ok(defaults.MockedResponses.PublishResponse["0-999"].Return.MessageId);
  await page.locator("#mocks-save").click();
  await start(page, JSON.stringify({ order: 1 }), { testCase: "Default" });
  assert.equal(await status(page), "Execution status: Succeeded");
  assert.equal(await nodeStatus(page, "Put"), "Succeeded");
  const out = await output(page);
  assert.equal(out.order, 1);
  assert.match(out.published.MessageId, /^[0-9a-f-]{36}$/);
  assert.equal(out.published.SdkHttpMetadata.HttpStatusCode, 200);
  assert.equal(out.put.SdkHttpMetadata.HttpStatusCode, 200);

  // then a test case of one's own
  await openStateMachine(page, "Notify");
  // a broken configuration is refused with its line
  await setCode(page, "#mock-config", '{\n  "StateMachines": {"Notify": {"TestCases": {"T": {"Put": "Missing"}}}}\n}');
  assert.match(await page.locator("#mocks-problem").innerText(), /'Missing' is not defined in MockedResponses.*line 2/);
  assert.equal(await page.locator("#mocks-save").isDisabled(), true);
  const config = {
    StateMachines: { Notify: { TestCases: { HappyPath: { Publish: "Sent", Put: "Stored" }, TableFull: { Publish: "Sent", Put: "Refused" } } } },
    MockedResponses: {
      Sent: { "0": { Return: { MessageId: "mocked-message" } } },
      Stored: { "0": { Return: {} } },
      Refused: { "0": { Throw: { Error: "DynamoDB.ConditionalCheckFailedException", Cause: "The conditional request failed" } } },
    },
  };
  await setCode(page, "#mock-config", JSON.stringify(config, null, 2));
  assert.equal(await page.locator("#mocks-cases").innerText(), "Test cases: HappyPath, TableFull");
  await page.locator("#mocks-save").click();
  assert.equal(await page.locator("#mocks-save").isDisabled(), true);

  // the test case chosen in the Start execution dialog answers for its states
  await start(page, "{}", { testCase: "HappyPath" });
  assert.equal(await status(page), "Execution status: Succeeded");
  assert.equal((await output(page)).published.MessageId, "mocked-message");
  await openStateMachine(page, "Notify");
  await start(page, "{}", { testCase: "TableFull" });
  assert.equal(await status(page), "Execution status: Failed");
  assert.equal(await nodeStatus(page, "Put"), "Failed");
  assert.equal(await page.locator(".banner-detail .error").first().innerText(), "DynamoDB.ConditionalCheckFailedException");
  await page.screenshot({ path: join(shots, "mocks-failed.png"), fullPage: true });

  // the mocks are kept across a reload
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  await openStateMachine(page, "Notify");
  assert.deepEqual(JSON.parse(await editorText(page, "#mock-config")), config);
  assert.deepEqual(errors, []);
});

test("the debugger stops on a Pass state, on a retrier and on a catcher, and steps", async () => {
  const { page, errors } = await openApp();
  const definition = {
    StartAt: "Prepare",
    States: {
      Prepare: { Type: "Pass", Parameters: { "id.$": "$.id", kind: "order" }, ResultPath: "$.item", Next: "Put" },
      Put: {
        Type: "Task",
        Resource: "arn:aws:states:::dynamodb:putItem",
        Parameters: { TableName: "Orders", "Item.$": "$.item" },
        Retry: [{ ErrorEquals: ["DynamoDB.ProvisionedThroughputExceededException"], IntervalSeconds: 1, MaxAttempts: 1 }],
        Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Recover" }],
        Next: "Recover",
      },
      Recover: { Type: "Pass", End: true },
    },
  };
  await createStateMachine(page, "Flaky", definition);
  await setCode(page, "#mock-config", JSON.stringify({
    StateMachines: { Flaky: { TestCases: { Busy: { Put: "Busy" } } } },
    MockedResponses: {
      Busy: {
        "0": { Throw: { Error: "DynamoDB.ProvisionedThroughputExceededException", Cause: "busy" } },
        "1": { Throw: { Error: "DynamoDB.ConditionalCheckFailedException", Cause: "exists" } },
      },
    },
  }));
  await page.locator("#mocks-save").click();
  await start(page, JSON.stringify({ id: 7 }));
  assert.equal(await status(page), "Execution status: Succeeded");
  assert.equal(await nodeStatus(page, "Put"), "Caught error");

  // the data-flow stages were recorded during the run
  await page.locator('.graph-node[data-state="Prepare"]').click();
  const panel = page.locator("#state-panel");
  assert.equal(await panel.locator("#stages-source").innerText(), "Recorded during the run.");
  assert.deepEqual(JSON.parse(await panel.locator('[data-stage="afterParameters"] pre').first().innerText()), { id: 7, kind: "order" });

  // breakpoints: entering Prepare (a Pass state), Put's retriers and catchers
  await panel.locator("#state-breakpoint").check();
  await page.locator('.graph-node[data-state="Put"]').click();
  await panel.locator("#retry-breakpoint").check();
  await panel.locator("#catch-breakpoint").check();
  await page.locator("#new-execution").click();
  await page.getByRole("dialog", { name: "Start execution" }).getByRole("button", { name: "Start execution" }).click();
  const reason = page.locator("#paused-reason");
  await reason.filter({ hasText: "Prepare" }).waitFor();
  assert.equal(await reason.innerText(), "Paused at the breakpoint on Prepare: the state is entered (event 2), its work has not started.");
  assert.equal(await status(page), "Execution status: Running");
  assert.equal(await page.locator("#events .event-row").last().getAttribute("data-type"), "PassStateEntered");
  // Step: one transition
  await page.locator("#step-execution").click();
  await reason.filter({ hasText: "event 3" }).waitFor();
  assert.equal(await reason.innerText(), "Paused after event 3 (Prepare).");
  await page.locator("#resume-execution").click();
  await reason.filter({ hasText: "retrier" }).waitFor();
  assert.match(await reason.innerText(), /^Paused at a retrier of Put: Retry #1 matched DynamoDB\.ProvisionedThroughputExceededException \(event \d+\); retry 1 starts after 1000 ms\.$/);
  await page.screenshot({ path: join(shots, "debugger-retrier.png"), fullPage: true });
  await page.locator("#resume-execution").click();
  await reason.filter({ hasText: "catcher" }).waitFor();
  assert.match(await reason.innerText(), /^Paused at a catcher of Put: Catch #1 matched DynamoDB\.ConditionalCheckFailedException \(event \d+\); the execution goes on at Recover\.$/);
  await page.locator("#resume-execution").click();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("#paused").count(), 0);
  assert.deepEqual(errors, []);
});
