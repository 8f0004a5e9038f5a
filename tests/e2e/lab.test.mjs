// The reference lab, done through the UI as a person does it (../shared/lab/README.md):
// create the Lambda function, create the state machine from the lab's definition, confirm the role,
// start an execution with {} and read the output on the execution page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { createFunction, createStateMachine, setCode, editorText } from "./console.mjs";

const lab = join(root, "..", "shared", "lab");

const site = useSite();

const openApp = () => openConsole(site);

async function startExecution(page, input) {
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  const name = await dialog.getByLabel("Name").inputValue();
  assert.match(name, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await setCode(dialog, "#execution-input", input);
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.getByText(`Execution: ${name}`).waitFor();
  await page.locator("#execution-status").filter({ hasNotText: "Running" }).waitFor({ timeout: 120_000 });
  return name;
}

test("the reference lab runs end to end", async () => {
  const { page, errors, ready } = await openApp();
  const handler = await readFile(join(lab, "hello_step_function.py"), "utf8");
  const definition = await readFile(join(lab, "simple_lab.asl.json"), "utf8");

  await createFunction(page, "HelloStepFunction", handler);
  await createStateMachine(page, "SimpleLab", definition, (dialog) => dialog.getByText("lambda:InvokeFunction").waitFor());
  await page.getByRole("link", { name: "State machines" }).click();
  assert.equal(await page.getByRole("row").filter({ hasText: "SimpleLab" }).getByText("Standard").count(), 1);
  await page.getByRole("link", { name: "SimpleLab" }).click();

  const started = Date.now();
  await startExecution(page, "{}");
  const ran = Date.now() - started;
  assert.equal(await page.locator("#execution-status").innerText(), "Execution status: Succeeded");
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  const output = JSON.parse(await page.locator("#execution-output").innerText());
  assert.deepEqual(output, { statusCode: 200, message: "Hello from Step Function!" });
  assert.deepEqual(JSON.parse(await page.locator("#execution-input-view").innerText()), {});
  assert.equal(await page.locator('.graph-node[data-state="Lambda Invoke"]').getAttribute("data-status"), "Succeeded");
  const types = await page.locator("#events .event-row").evaluateAll((rows) => rows.map((r) => r.dataset.type));
  assert.deepEqual(types, [
    "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted",
    "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded",
  ]);
  await page.screenshot({ path: join(shots, "lab.png"), fullPage: true });
  await page.waitForSelector("body[data-python-ready]", { timeout: 60_000 });
  const python = await page.locator("body").getAttribute("data-python-ready");
  const pythonAt = await page.locator("body").getAttribute("data-python-ready-at");

  // the workspace survives a reload
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  assert.equal(await page.locator("#execution-status").innerText(), "Execution status: Succeeded");
  assert.deepEqual(errors, []);
  console.log(`figures: page ready ${ready} ms; Python interpreter boot in the worker ${python} ms (ready ${pythonAt} ms after navigation); Start execution → Succeeded ${ran} ms`);
});

test("bad input gets clear messages and loses nothing", async () => {
  const { page, errors } = await openApp();
  // a handler that raises: the execution fails with Lambda's error and cause
  await createFunction(page, "Raiser", 'def lambda_handler(event, context):\n    raise ValueError("no good")\n');
  const definition = JSON.parse(await readFile(join(lab, "simple_lab.asl.json"), "utf8"));
  definition.States["Lambda Invoke"].Arguments.FunctionName =
    "arn:aws:lambda:ca-central-1:123456789012:function:Raiser:$LATEST";

  // invalid JSON blocks Create, with its position; the edit stays in the editor
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.getByRole("button", { name: "Create state machine" }).click();
  await page.getByLabel("State machine name").fill("Broken");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("tab", { name: "Code" }).click();
  await setCode(page, "#definition", '{"StartAt": "A", "States": {');
  await page.getByRole("alert", { name: "Definition problems" }).getByText(/line 1/).waitFor();
  assert.equal(await page.getByRole("button", { name: "Create", exact: true }).isDisabled(), true);
  assert.equal(await editorText(page, "#definition"), '{"StartAt": "A", "States": {');

  // JSONata fields without QueryLanguage: AWS's error, and the one-click fix
  const legacy = structuredClone(definition);
  delete legacy.QueryLanguage;
  await setCode(page, "#definition", JSON.stringify(legacy, null, 2));
  await page.getByText("but field 'Output' is only supported for the 'JSONata' QueryLanguage").first().waitFor();
  await page.getByRole("button", { name: 'Add "QueryLanguage": "JSONata"' }).click();
  assert.equal(JSON.parse(await editorText(page, "#definition")).QueryLanguage, "JSONata");

  await setCode(page, "#definition", JSON.stringify(definition, null, 2));
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("dialog", { name: "Confirm role creation" }).getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("heading", { name: "Broken", exact: true }).waitFor();

  // invalid execution input blocks the start with its position
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  await setCode(dialog, "#execution-input", "{oops");
  await dialog.getByText(/Invalid JSON at line 1, column 2/).waitFor();
  assert.equal(await dialog.getByRole("button", { name: "Start execution" }).isDisabled(), true);
  await dialog.getByRole("button", { name: "Cancel" }).click();

  await startExecution(page, "{}");
  assert.equal(await page.locator("#execution-status").innerText().then((t) => t.split("\n")[0]), "Execution status: Failed");
  const cause = JSON.parse(await page.locator(".banner .cause").innerText());
  assert.equal(cause.errorType, "ValueError");
  assert.equal(cause.errorMessage, "no good");
  assert.equal(await page.locator('.graph-node[data-state="Lambda Invoke"]').getAttribute("data-status"), "Failed");
  await page.screenshot({ path: join(shots, "failed.png"), fullPage: true });
  assert.deepEqual(errors, []);
});
