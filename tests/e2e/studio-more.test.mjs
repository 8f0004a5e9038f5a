// Workflow Studio beyond the lab: Choice, Succeed and Fail states duplicated and moved, the
// definition edited as YAML in Code mode (errors with their line), and "Test state" in the Inspector
// (inspection levels, mocked results and errors, the state configuration).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { newStateMachine, paste, editorText, setCode } from "./console.mjs";


const site = useSite();

const openApp = () => openConsole(site, { viewport: { width: 1400, height: 900 } });

const definitionOf = async (page) => {
  await page.getByRole("tab", { name: "Code" }).click();
  await page.getByRole("button", { name: "JSON", exact: true }).click();
  return JSON.parse(await editorText(page, "#definition"));
};

const branching = {
  Comment: "A choice",
  StartAt: "Check",
  States: {
    Check: { Type: "Choice", Choices: [{ Variable: "$.ok", BooleanEquals: true, Next: "Done" }], Default: "Oops" },
    Done: { Type: "Succeed" },
    Oops: { Type: "Fail", Error: "NotOk", Cause: "ok was false" },
  },
};

test("Choice, Succeed and Fail states are duplicated and moved", async () => {
  const { page, errors } = await openApp();
  await newStateMachine(page, "Branching");
  await page.getByRole("tab", { name: "Code" }).click();
  await paste(page, "#definition", JSON.stringify(branching, null, 2));
  await page.getByRole("tab", { name: "Design" }).click();
  const toolbar = page.getByRole("toolbar", { name: "Design tools" });
  // a Choice's copy goes on its Default branch, with the same rules
  await page.locator('.graph-node[data-state="Check"]').click();
  await toolbar.getByRole("button", { name: "Duplicate" }).click();
  await page.locator('.graph-node[data-state="Check (1)"]').waitFor();
  let def = await definitionOf(page);
  assert.equal(def.States.Check.Default, "Check (1)");
  assert.deepEqual(def.States["Check (1)"].Choices, branching.States.Check.Choices);
  assert.equal(def.States["Check (1)"].Default, "Oops");
  // a Fail two transitions lead to: its copy takes the last of them
  await page.getByRole("tab", { name: "Design" }).click();
  await page.locator('.graph-node[data-state="Done"]').click();
  await toolbar.getByRole("button", { name: "Duplicate" }).click();
  await page.locator('.graph-node[data-state="Done (1)"]').waitFor();
  def = await definitionOf(page);
  assert.equal(def.States.Check.Choices[0].Next, "Done");
  assert.equal(def.States["Check (1)"].Choices[0].Next, "Done (1)");
  assert.deepEqual(def.States["Done (1)"], { Type: "Succeed" });
  // a Choice is moved with its branches (a drag onto the start)
  await page.getByRole("tab", { name: "Design" }).click();
  await page.locator('.graph-node[data-state="Check (1)"]').dragTo(page.locator('.drop-zone[title$="at the start"]').first());
  def = await definitionOf(page);
  assert.equal(def.StartAt, "Check (1)");
  assert.equal(def.States.Check.Default, "Oops");
  await page.getByRole("tab", { name: "Design" }).click();
  await page.screenshot({ path: join(shots, "studio-choice-duplicated.png"), fullPage: true });
  assert.deepEqual(errors, []);
});

test("the definition is edited as YAML in Code mode", async () => {
  const { page, errors } = await openApp();
  await newStateMachine(page, "Yamlish");
  await page.getByRole("tab", { name: "Code" }).click();
  await page.getByRole("button", { name: "YAML", exact: true }).click();
  const yaml = [
    "# typed by hand",
    "Comment: From YAML",
    "StartAt: Greet",
    "States:",
    "  Greet:",
    "    Type: Pass",
    "    Result: {greeting: hello, to: [you, 'me too']}",
    "    End: true",
    "",
  ].join("\n");
  await paste(page, "#definition-yaml", yaml);
  // the JSON follows, keys in their order
  await page.getByRole("button", { name: "JSON", exact: true }).click();
  const def = JSON.parse(await editorText(page, "#definition"));
  assert.deepEqual(def, { Comment: "From YAML", StartAt: "Greet", States: { Greet: { Type: "Pass", Result: { greeting: "hello", to: ["you", "me too"] }, End: true } } });
  assert.deepEqual(Object.keys(def), ["Comment", "StartAt", "States"]);
  // bad YAML: the error with its line; the text stays; Design mode waits
  await page.getByRole("button", { name: "YAML", exact: true }).click();
  const broken = yaml.replace("    End: true", "   End: true");
  await paste(page, "#definition-yaml", broken);
  assert.equal(await page.locator("#yaml-problem").innerText(), "YAML: while parsing a block mapping, did not find expected key at line 8, column 4");
  assert.equal(await editorText(page, "#definition-yaml"), broken);
  await page.getByRole("tab", { name: "Design" }).click();
  await page.getByText("Design mode is unavailable").waitFor();
  await paste(page, "#definition-yaml", yaml.replace("hello", "bonjour"));
  assert.equal(await page.locator("#yaml-problem").count(), 0);
  await page.getByRole("tab", { name: "Design" }).click();
  await page.locator('.graph-node[data-state="Greet"]').waitFor();
  assert.equal((await definitionOf(page)).States.Greet.Result.greeting, "bonjour");
  assert.deepEqual(errors, []);
});

test("Test state runs the selected state with an input and shows its result", async () => {
  const { page, errors } = await openApp();
  await newStateMachine(page, "Tested");
  const definition = {
    StartAt: "Shape",
    States: {
      Shape: { Type: "Pass", Parameters: { "total.$": "States.MathAdd($.a, $.b)" }, ResultPath: "$.sum", Next: "Save" },
      Save: {
        Type: "Task",
        Resource: "arn:aws:states:::dynamodb:putItem",
        Parameters: { TableName: "Sums", "Item.$": "$.sum" },
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Failed" }],
        End: true,
      },
      Failed: { Type: "Fail" },
    },
  };
  await page.getByRole("tab", { name: "Code" }).click();
  await paste(page, "#definition", JSON.stringify(definition, null, 2));
  await page.getByRole("tab", { name: "Design" }).click();
  await page.locator('.graph-node[data-state="Shape"]').click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await inspector.getByRole("tab", { name: "Test state" }).click();
  await setCode(inspector, "#test-state-input", '{"a": 2, "b": 3}');
  await inspector.locator("#test-state-run").click();
  assert.equal(await inspector.locator("#test-state-status").innerText(), "SUCCEEDED");
  assert.equal(await inspector.locator("#test-state-next").innerText(), "Save");
  assert.deepEqual(JSON.parse(await inspector.locator("#test-state-output").innerText()), { a: 2, b: 3, sum: { total: 5 } });
  assert.deepEqual(JSON.parse(await inspector.locator('[data-stage="afterParameters"] pre').innerText()), { total: 5 });
  // a Task gets a mocked result: the service's default, or a failure typed in
  await page.locator('.graph-node[data-state="Save"]').click();
  await inspector.getByRole("tab", { name: "Test state" }).click();
  assert.equal(JSON.parse(await editorText(inspector, "#test-state-mock")).SdkHttpMetadata.HttpStatusCode, 200);
  await setCode(inspector, "#test-state-input", '{"a": 2, "b": 3, "sum": {"total": 5}}');
  await inspector.locator("#test-state-run").click();
  assert.equal(await inspector.locator("#test-state-status").innerText(), "SUCCEEDED");
  assert.deepEqual(JSON.parse(await inspector.locator('[data-stage="afterParameters"] pre').innerText()), { TableName: "Sums", Item: { total: 5 } });
  await setCode(inspector, "#test-state-mock", '{"Throw": {"Error": "DynamoDB.ConditionalCheckFailedException", "Cause": "exists"}}');
  await inspector.locator("#test-state-run").click();
  assert.equal(await inspector.locator("#test-state-status").innerText(), "CAUGHT_ERROR");
  assert.equal(await inspector.locator("#test-state-error").innerText(), "DynamoDB.ConditionalCheckFailedException");
  assert.equal(await inspector.locator("#test-state-next").innerText(), "Failed");
  assert.deepEqual(JSON.parse(await inspector.locator("#test-state-output").innerText()), { Error: "DynamoDB.ConditionalCheckFailedException", Cause: "exists" });
  await page.screenshot({ path: join(shots, "studio-test-state.png"), fullPage: true });
  // bad input: said with its position, nothing run
  await setCode(inspector, "#test-state-input", "{oops");
  await inspector.locator("#test-state-run").click();
  assert.match(await inspector.locator("#test-state-problem").innerText(), /^The input is not valid JSON: .* \(line 1, column 2\)$/);
  assert.deepEqual(errors, []);
});

test("Test state takes AWS's options: inspection level, mocked error, retrier retry count, Map results and failures", async () => {
  const { page, errors } = await openApp();
  await newStateMachine(page, "TestedOptions");
  const definition = {
    StartAt: "Call",
    States: {
      Call: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke",
        Parameters: { FunctionName: "F", "Payload.$": "$" },
        Retry: [{ ErrorEquals: ["Lambda.ServiceException"], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 3 }],
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Fan" }],
        Next: "Fan",
      },
      Fan: {
        Type: "Map",
        ItemsPath: "$.items",
        ToleratedFailureCount: 1,
        ItemProcessor: { ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" }, StartAt: "Work", States: { Work: { Type: "Pass", End: true } } },
        End: true,
      },
    },
  };
  await page.getByRole("tab", { name: "Code" }).click();
  await paste(page, "#definition", JSON.stringify(definition, null, 2));
  await page.getByRole("tab", { name: "Design" }).click();
  await page.locator('.graph-node[data-state="Call"]').click();
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  await inspector.getByRole("tab", { name: "Test state" }).click();
  // INFO: the output, no inspection data
  await inspector.locator("#test-state-level").selectOption("INFO");
  await inspector.locator("#test-state-run").click();
  assert.equal(await inspector.locator("#test-state-status").innerText(), "SUCCEEDED");
  assert.equal(await inspector.locator("#test-state-inspection").count(), 0);
  // a mocked error its retrier retries once more: RETRIABLE, with the back-off
  await inspector.locator("#test-state-level").selectOption("DEBUG");
  await inspector.locator("#test-state-mock-kind").selectOption("error");
  await inspector.locator("#test-state-mock-error").fill("Lambda.ServiceException");
  await inspector.locator("#test-state-mock-cause").fill("down");
  await inspector.locator("#test-state-retry-count").fill("1");
  await inspector.locator("#test-state-run").click();
  assert.equal(await inspector.locator("#test-state-status").innerText(), "RETRIABLE");
  assert.deepEqual(JSON.parse(await inspector.locator('[data-stage="errorDetails"] pre').innerText()), { retryIndex: 0, retryBackoffIntervalSeconds: 6 });
  // retries spent: the catcher
  await inspector.locator("#test-state-retry-count").fill("2");
  await inspector.locator("#test-state-run").click();
  assert.equal(await inspector.locator("#test-state-status").innerText(), "CAUGHT_ERROR");
  assert.equal(await inspector.locator("#test-state-next").innerText(), "Fan");
  // a Map's mock is its result; iteration failures over ToleratedFailureCount fail it
  await page.locator('.graph-node[data-state="Fan"]').click({ position: { x: 12, y: 10 } }); // its header, not the state drawn inside it
  await inspector.getByRole("tab", { name: "Test state" }).click();
  await setCode(inspector, "#test-state-input", '{"items": [1, 2, 3]}');
  await setCode(inspector, "#test-state-mock", "[10, 20, 30]");
  await inspector.locator("#test-state-run").click();
  assert.equal(await inspector.locator("#test-state-status").innerText(), "SUCCEEDED");
  assert.deepEqual(JSON.parse(await inspector.locator("#test-state-output").innerText()), [10, 20, 30]);
  assert.deepEqual(JSON.parse(await inspector.locator('[data-stage="afterItemsPath"] pre').innerText()), [1, 2, 3]);
  assert.equal(await inspector.locator('[data-stage="toleratedFailureCount"] pre').innerText(), "1");
  await inspector.locator("#test-state-map-failures").fill("2");
  await inspector.locator("#test-state-run").click();
  assert.equal(await inspector.locator("#test-state-status").innerText(), "FAILED");
  assert.equal(await inspector.locator("#test-state-error").innerText(), "States.ExceedToleratedFailureThreshold");
  await page.screenshot({ path: join(shots, "studio-test-state-options.png"), fullPage: true });
  // a request AWS refuses: its ValidationException
  await setCode(inspector, "#test-state-mock", '{"not": "an array"}');
  await inspector.locator("#test-state-run").click();
  assert.match(await inspector.locator("#test-state-problem").innerText(), /^ValidationException: /);
  assert.deepEqual(errors, []);
});

test("the Inspector's JSON fields are code editors that apply what parses", async () => {
  const { page, errors } = await openApp();
  await newStateMachine(page, "Retries");
  await page.getByRole("tab", { name: "Code" }).click();
  await paste(page, "#definition", JSON.stringify({ StartAt: "Work", States: { Work: { Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage", Parameters: { QueueUrl: "q", MessageBody: "m" }, End: true } } }, null, 2));
  await page.getByRole("tab", { name: "Design" }).click();
  await page.locator('.graph-node[data-state="Work"]').click();
  await page.getByRole("tab", { name: "Error handling" }).click();
  // text that does not parse is not applied, and says why
  await setCode(page, "#inspector-retry", '[{"ErrorEquals": ["States.ALL"], ');
  await page.getByRole("alert").filter({ hasText: "Not applied: invalid JSON" }).waitFor();
  await setCode(page, "#inspector-retry", '[{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}]');
  await page.getByRole("tab", { name: "Code" }).click();
  await page.getByRole("button", { name: "JSON", exact: true }).click();
  const definition = JSON.parse(await editorText(page, "#definition"));
  assert.deepEqual(definition.States.Work.Retry, [{ ErrorEquals: ["States.ALL"], MaxAttempts: 2 }]);
  assert.deepEqual(errors, []);
  await page.context().close();
});
