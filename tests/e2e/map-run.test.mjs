// Map Runs (issue 20): a Distributed Map's run has a page of its own, reached from its execution:
// the Map Run execution summary, the item processing status by status, and its child executions
// (filterable by status), each with a page of its own (its graph, its own history); a Map Run
// that failed past its tolerated failures is redriven with its parent, and only the child
// executions that did not succeed (or never started) run again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, shots } from "./site.mjs";
import { createStateMachine, executionStatus as status, startExecution, storedWorkspace } from "./console.mjs";

const site = useSite();

// an item above 2 matches no rule (States.NoChoiceMatched) until the parent is redriven
const batch = (extra) => ({
  StartAt: "Each",
  States: {
    Each: {
      Type: "Map",
      Label: "Items",
      ItemProcessor: {
        ProcessorConfig: { Mode: "DISTRIBUTED", ExecutionType: "STANDARD" },
        StartAt: "Check",
        States: {
          Check: {
            Type: "Choice",
            Choices: [{ Or: [{ Variable: "$", NumericLessThanEquals: 2 }, { Variable: "$$.Execution.RedriveCount", NumericGreaterThan: 0 }], Next: "Done" }],
          },
          Done: { Type: "Succeed" },
        },
      },
      End: true,
      ...extra,
    },
  },
});

async function openMapRun(page) {
  await page.locator("#map-runs a").first().click();
  await page.locator("#map-run-details").waitFor();
}

const count = async (page, key) => (await page.locator(`#item-count-${key}`).innerText()).trim();

test("a Map Run's page: its summary, counts and child executions, and a child's own page", async () => {
  const { page, errors } = await openConsole(site);
  await createStateMachine(page, "Batch", batch({ ToleratedFailureCount: 1 }));
  await startExecution(page, "[1, 3, 2]", { name: "tolerated" });
  assert.equal(await status(page), "Execution status: Succeeded");
  await openMapRun(page);
  assert.match(await page.locator("#map-run-arn").innerText(), /^arn:aws:states:[^:]+:\d{12}:mapRun:Batch\/Items:/);
  assert.match(await page.locator("#map-run-status").innerText(), /Succeeded/);
  assert.equal(await page.locator("#map-run-tolerated-count").innerText(), "1");
  assert.deepEqual(
    [await count(page, "succeeded"), await count(page, "failed"), await count(page, "pending"), await count(page, "total")],
    ["2", "1", "0", "3"],
  );
  // a Map Run that succeeded with its parent is not redriven
  assert.equal(await page.locator("#redrive-map-run").count(), 0);
  const rows = page.locator("#map-run-executions tbody tr");
  assert.equal(await rows.count(), 3);
  await page.locator("#map-run-status-filter").selectOption("FAILED");
  assert.equal(await rows.count(), 1);
  await page.screenshot({ path: join(shots, "map-run.png") });

  // the failed child execution's own page: its status, ARN under the Map Run's state machine, its events
  await rows.first().locator("a").click();
  await page.locator("#child-execution-name").waitFor();
  assert.equal(await status(page), "Execution status: Failed");
  assert.match(await page.locator("#execution-arn").innerText(), /:execution:Batch\/Items:/);
  assert.match(await page.locator("#child-state-machine-arn").innerText(), /:stateMachine:Batch\/Items$/);
  assert.equal(await page.locator('.graph-node[data-state="Check"]').count(), 1);
  assert.ok((await page.locator("body").innerText()).includes("States.NoChoiceMatched"));
  await page.screenshot({ path: join(shots, "map-run-child.png") });
  assert.deepEqual(errors, []);
});

test("a Map Run past its threshold is redriven: only the children that did not succeed run again", async () => {
  const { page, errors } = await openConsole(site);
  await createStateMachine(page, "BatchRedrive", batch({ MaxConcurrency: 1 }));
  const name = await startExecution(page, "[1, 3, 2, 4]", { name: "exceeded" });
  assert.equal(await status(page), "Execution status: Failed");
  await openMapRun(page);
  assert.match(await page.locator("#map-run-status").innerText(), /Failed/);
  assert.deepEqual(
    [await count(page, "succeeded"), await count(page, "failed"), await count(page, "pending")],
    ["1", "1", "2"],
  );
  await page.locator("#redrive-map-run").click();
  const dialog = page.getByRole("dialog", { name: "Redrive Map Run" });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  assert.match(await page.locator("#map-run-status").innerText(), /Failed/);
  await page.locator("#redrive-map-run").click();
  await page.locator("#redrive-map-run-confirm").click();
  await page.locator("#map-run-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 120_000 });
  assert.deepEqual([await count(page, "succeeded"), await count(page, "total")], ["4", "4"]);
  assert.equal(await page.locator("#map-run-redrive-count").innerText(), "1");
  assert.notEqual(await page.locator("#map-run-redrive-date").innerText(), "-");
  assert.equal(await page.locator("#redrive-map-run").count(), 0);
  await page.screenshot({ path: join(shots, "map-run-redriven.png") });

  // as stored: the parent's MapRunRedriven, the child that succeeded untouched, the failed one redriven
  const stored = await storedWorkspace(page);
  const execution = stored.executions.find((e) => e.name === name);
  assert.equal(execution.status, "SUCCEEDED");
  const redriven = execution.events.find((e) => e.type === "MapRunRedriven");
  assert.equal(redriven.mapRunRedrivenEventDetails.redriveCount, 1);
  const children = execution.map_runs[0].executions;
  const kinds = (c) => c.history.map((e) => e.type);
  assert.ok(!kinds(children[0]).includes("ExecutionRedriven"));
  assert.equal(kinds(children[0]).filter((k) => k === "ExecutionStarted").length, 1);
  assert.deepEqual(kinds(children[1]).slice(0, 4), ["ExecutionStarted", "ChoiceStateEntered", "ExecutionFailed", "ExecutionRedriven"]);
  assert.equal(children[1].description.redriveCount, 1);
  assert.deepEqual(children.map((c) => c.description.status), ["SUCCEEDED", "SUCCEEDED", "SUCCEEDED", "SUCCEEDED"]);
  assert.deepEqual(errors, []);
});
