// Real executions, imported: the AWS CLI's JSON of get-execution-history, describe-execution and
// describe-state-machine pasted in a state machine's Import execution dialog; the execution opens
// in its page (graph, table, events, the step debugger's time travel), is kept across a reload and
// re-runs in StepLab from a state. Bad input (not JSON, another machine's history) gets located
// messages and nothing is kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { createFunction, createStateMachine, executionStatus as status, nodeStatus, openStateMachine, setCode, editorText, storedWorkspace } from "./console.mjs";

const lab = join(root, "..", "shared", "lab");
// the same documents the reader's own cases use (crates/steplab-asl/tests/import/)
const cases = join(root, "crates", "steplab-asl", "tests", "import");
const pretty = (v) => (typeof v === "string" ? v : JSON.stringify(v, null, 2));

const site = useSite();

test("an execution imported from the AWS CLI's JSON: graph, table, events, time travel, kept, re-run", async () => {
  const { page, errors } = await openConsole(site);
  const doc = JSON.parse(await readFile(join(cases, "cli_lab.json"), "utf8"));
  await createFunction(page, "HelloStepFunction", await readFile(join(lab, "hello_step_function.py"), "utf8"));
  await createStateMachine(page, "SimpleLab", await readFile(join(lab, "simple_lab.asl.json"), "utf8"));

  await page.locator("#import-execution").click();
  const dialog = page.getByRole("dialog", { name: "Import execution" });
  await setCode(dialog, "#import-history", pretty(doc.history));
  await setCode(dialog, "#import-execution", pretty(doc.execution));
  // the definition from a file, as describe-state-machine-for-execution printed it
  const file = join(shots, "import-describe-state-machine.json");
  await writeFile(file, pretty(doc.definition));
  await dialog.locator("#import-definition-file").setInputFiles(file);
  await page.waitForFunction(() => document.querySelector("#import-definition").closest(".cm-host").steplabEditor.getValue().includes("stateMachineArn"));
  await page.screenshot({ path: join(shots, "import-dialog.png"), fullPage: true });
  await dialog.locator("#import-execution-confirm").click();

  // the execution's page: named as describe-execution names it, marked imported
  await page.getByText("Execution: 7f3c2a10-lab").waitFor();
  assert.equal(await status(page), "Execution status: Succeeded");
  assert.match(await page.locator("#imported-note").innerText(), /ran in AWS \(arn:aws:states:ca-central-1:123456789012:execution:SimpleLab:7f3c2a10-lab\)/);
  assert.equal(await page.locator("#imported-execution-arn").innerText(), "arn:aws:states:ca-central-1:123456789012:execution:SimpleLab:7f3c2a10-lab");
  assert.equal(await nodeStatus(page, "Lambda Invoke"), "Succeeded");
  assert.equal(await page.locator("#events .event-row").count(), 7);
  // the times are read with their offset (-05:00 in the CLI's output)
  await page.getByRole("button", { name: "Details of event 1" }).click();
  assert.equal(JSON.parse(await page.locator("#events .event-details pre").innerText()).timestamp, "2026-01-02T03:04:05.678000+00:00");
  // Table view
  await page.locator("#table-view-tab").click();
  assert.deepEqual(await page.locator("#table-view .state-row").evaluateAll((r) => r.map((x) => [x.dataset.state, x.dataset.status])), [["Lambda Invoke", "Succeeded"]]);
  await page.locator("#graph-view-tab").click();
  // time travel: at event 3 the task is in progress
  await page.locator("#debugger-scrubber").fill("3");
  assert.match(await page.locator("#debugger-position").innerText(), /^Event 3 of 7 · TaskScheduled · Lambda Invoke/);
  assert.equal(await nodeStatus(page, "Lambda Invoke"), "In progress");
  assert.equal(await page.locator("#events .event-row.future").count(), 4);
  await page.screenshot({ path: join(shots, "import-execution.png"), fullPage: true });
  await page.getByRole("button", { name: "Latest event" }).click();

  // kept in the workspace like the others, marked imported
  let kept;
  for (let tries = 0; !(kept?.events.length === 7); tries++) {
    assert.ok(tries < 150, "the imported execution is stored whole");
    await page.waitForTimeout(200);
    kept = (await storedWorkspace(page)).executions.find((e) => e.name === "7f3c2a10-lab");
  }
  assert.equal(kept.imported.execution_arn, "arn:aws:states:ca-central-1:123456789012:execution:SimpleLab:7f3c2a10-lab");
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  await page.getByText("Execution: 7f3c2a10-lab").waitFor();
  await page.locator("#events .event-row").nth(6).waitFor();
  assert.equal(await page.locator("#events .event-row").count(), 7);
  assert.equal(await status(page), "Execution status: Succeeded");

  // re-run in StepLab from a state, with the input it had there and the definition it ran
  await page.locator('.graph-node[data-state="Lambda Invoke"]').click();
  await page.locator("#state-panel #rerun-from-here").click();
  const rerun = page.getByRole("dialog", { name: "Start execution" });
  assert.match(await rerun.locator("#rerun-note").innerText(), /starts at the state Lambda Invoke/);
  assert.deepEqual(JSON.parse(await editorText(rerun, "#execution-input")), {});
  const name = await rerun.getByLabel("Name").inputValue();
  await rerun.getByRole("button", { name: "Start execution" }).click();
  await page.getByText(`Execution: ${name}`).waitFor();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 120_000 });
  assert.equal(await page.locator("#imported-note").count(), 0);

  // the executions list marks the imported one
  await openStateMachine(page, "SimpleLab");
  const row = page.getByRole("row").filter({ hasText: "7f3c2a10-lab" });
  assert.equal(await row.locator(".badge.imported").count(), 1);
  assert.deepEqual(errors, []);
});

test("bad imports say what and where, and keep nothing", async () => {
  const { page, errors } = await openConsole(site);
  const doc = JSON.parse(await readFile(join(cases, "cli_lab.json"), "utf8"));
  const other = JSON.parse(await readFile(join(cases, "other_machine_states.json"), "utf8"));
  await createStateMachine(page, "SimpleLab", await readFile(join(lab, "simple_lab.asl.json"), "utf8"));
  const before = (await storedWorkspace(page)).executions.length;

  await page.locator("#import-execution").click();
  const dialog = page.getByRole("dialog", { name: "Import execution" });
  // not JSON: line and column in the pasted text
  await setCode(dialog, "#import-history", '{\n  "events": [\n    {"id": 1, "type": "ExecutionStarted",}\n  ]\n}');
  await dialog.locator("#import-execution-confirm").click();
  assert.match(await dialog.locator("#import-problems").innerText(), /Execution history, line 3, column 43: Not JSON/);
  // one page of several
  await setCode(dialog, "#import-history", pretty({ events: doc.history.events.slice(0, 3), nextToken: "AAAA" }));
  await dialog.locator("#import-execution-confirm").click();
  assert.equal(await dialog.locator('#import-problems li[data-kind="truncated"]').count(), 1);
  // another state machine's history (checked against this machine's own definition)
  await setCode(dialog, "#import-history", pretty(other.history));
  await dialog.locator("#import-execution-confirm").click();
  assert.match(await dialog.locator('#import-problems li[data-kind="other-machine"]').innerText(), /the state 'Process order', which the definition does not have/);
  await page.screenshot({ path: join(shots, "import-problems.png"), fullPage: true });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  assert.equal((await storedWorkspace(page)).executions.length, before);
  assert.equal(await page.locator("#executions tbody .empty").count(), 1);
  assert.deepEqual(errors, []);
});
