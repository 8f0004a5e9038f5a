// Redrive (issue 20): a failed execution redriven from its page (Actions › Redrive, with a
// confirmation): it goes on from the state that failed, the Pass state before it keeps its
// result, the history continues after ExecutionRedriven, and Details shows the redrive count,
// date and status; a succeeded execution offers no Redrive and says why, in AWS's words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, shots } from "./site.mjs";
import { createFunction, createStateMachine, executionStatus as status, nodeStatus, startExecution, storedWorkspace } from "./console.mjs";

const site = useSite();

// fails until the execution is redriven ($$.Execution.RedriveCount in its event)
const SHIP = `def lambda_handler(event, context):
    if event["redrive"] == 0:
        raise RuntimeError("out of stock")
    return {"shipped": event["order"]}
`;

const DEFINITION = {
  StartAt: "Prepare",
  States: {
    Prepare: { Type: "Pass", Result: { order: 7 }, Next: "Ship" },
    Ship: {
      Type: "Task",
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: "Ship", Payload: { "order.$": "$.order", "redrive.$": "$$.Execution.RedriveCount" } },
      OutputPath: "$.Payload",
      End: true,
    },
  },
};


test("a failed execution is redriven from its page", async () => {
  const { page, errors } = await openConsole(site);
  await createFunction(page, "Ship", SHIP);
  await createStateMachine(page, "Orders", DEFINITION);
  const name = await startExecution(page, "{}", { name: "order-7" });
  assert.equal(await status(page), "Execution status: Failed");
  assert.equal(await page.locator("#redrive-count").innerText(), "0");
  assert.equal(await page.locator("#redrive-status").innerText(), "REDRIVABLE");

  // Actions › Redrive asks first; Cancel changes nothing
  await page.locator("#redrive-execution").click();
  const dialog = page.getByRole("dialog", { name: "Redrive execution" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  assert.equal(await status(page), "Execution status: Failed");
  await page.locator("#redrive-execution").click();
  await page.screenshot({ path: join(shots, "redrive-dialog.png") });
  await dialog.getByRole("button", { name: "Redrive execution" }).click();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 120_000 });

  assert.equal(await page.locator("#redrive-count").innerText(), "1");
  assert.notEqual(await page.locator("#redrive-date").innerText(), "-");
  assert.equal(await page.locator("#redrive-status").innerText(), "NOT_REDRIVABLE\nExecution is SUCCEEDED and cannot be redriven");
  assert.equal(await page.locator("#redrive-execution").count(), 0);
  assert.equal(await nodeStatus(page, "Ship"), "Succeeded");
  assert.equal(await nodeStatus(page, "Prepare"), "Succeeded");
  await page.screenshot({ path: join(shots, "redrive-succeeded.png") });

  // the history, as stored: one run of the Pass state, the Task twice, ExecutionRedriven between
  const stored = await storedWorkspace(page);
  const execution = stored.executions.find((e) => e.name === name);
  const kinds = execution.events.map((e) => e.type);
  assert.deepEqual(kinds, [
    "ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed", "ExecutionFailed",
    "ExecutionRedriven", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded",
  ]);
  assert.deepEqual(execution.events[8].executionRedrivenEventDetails, { redriveCount: 1 });
  assert.deepEqual(execution.events.map((e) => e.id), kinds.map((_, i) => i + 1));
  assert.equal(execution.status, "SUCCEEDED");
  assert.deepEqual(errors, []);
});
