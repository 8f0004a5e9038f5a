// Import a SAM template into the console (the inverse of Export): tests/data/templates/sam-orders
// chosen as a folder, shown as what it creates and what StepLab cannot emulate, imported, run to
// the output `steplab run --template` gives (crates/steplab-cli/tests/template.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { executionStatus, nav, setCode, startExecution } from "./console.mjs";

const site = useSite();
const samOrders = join(root, "tests", "data", "templates", "sam-orders");

test("a SAM application's folder imports into the console and its state machine runs", async () => {
  const { page, errors } = await openConsole(site);
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.locator("#import-template").click();
  await page.getByLabel("Template folder").setInputFiles(samOrders);
  await page.locator("#template-preview").waitFor();
  assert.deepEqual(await page.locator("#template-functions li").allInnerTexts(), ["steplab-ValidateFunction (Python 3.12, app.lambda_handler)"]);
  assert.deepEqual(await page.locator("#template-state-machines li").allInnerTexts(), ["steplab-OrderStateMachine (standard)"]);
  assert.match(await page.locator("#template-unsupported").innerText(), /OrdersApi\s.*AWS::Serverless::Api/);
  assert.match(await page.locator("#template-accepted").innerText(), /NotificationsQueuePolicy/);
  assert.match(await page.locator("#template-skipped").innerText(), /ProdAlarmsTopic/);
  await page.screenshot({ path: join(shots, "template-import.png"), fullPage: true });
  await page.locator("#template-import").click();
  await page.getByRole("heading", { name: "steplab-OrderStateMachine", exact: true }).waitFor();
  await startExecution(page, '{"id": "o-1", "items": [{"price": 3, "quantity": 2}, {"price": 4, "quantity": 1}]}');
  assert.equal(await executionStatus(page), "Execution status: Succeeded");
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  assert.deepEqual(JSON.parse(await page.locator("#execution-output").innerText()), {
    order: { id: "o-1", total: 10, stage: "test", table: "steplab-OrdersTable", function: "steplab-ValidateFunction", memory: "256" },
    notification: "order tested o-1",
    saved: "10",
  });
  // the table the template declared keeps what the run saved
  await nav(page, "DynamoDB");
  await page.getByRole("link", { name: "steplab-OrdersTable", exact: true }).waitFor();
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a template with a problem says where, and a name taken is replaced only when the person says so", async () => {
  const { page, errors } = await openConsole(site);
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.locator("#import-template").click();
  await setCode(page, "#template-text", "Resources:\n  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      Definition: {StartAt: A, States: [\n");
  await page.locator("#template-problems").waitFor();
  assert.match(await page.locator("#template-problems").innerText(), /line \d+, column \d+/);
  assert.equal(await page.locator("#template-import").isDisabled(), true);
  await setCode(page, "#template-text", "Resources:\n  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      StateMachineName: Hello\n      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}\n");
  await page.locator("#template-import").click();
  await page.getByRole("heading", { name: "Hello", exact: true }).waitFor();
  // again with another definition: Import waits for the person to agree to replace
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.locator("#import-template").click();
  await setCode(page, "#template-text", "Resources:\n  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      StateMachineName: Hello\n      Definition: {StartAt: B, States: {B: {Type: Succeed}}}\n");
  assert.equal(await page.locator("#template-import").isDisabled(), true);
  await page.locator("#template-replace input").check();
  await page.locator("#template-import").click();
  await page.getByRole("heading", { name: "Hello", exact: true }).waitFor();
  assert.deepEqual(errors, []);
  await page.context().close();
});
