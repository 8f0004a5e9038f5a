// Executions as the console shows them, and the step debugger: the Start execution dialog, the
// execution page (details, graph, table, state panel with data-flow stages, events), Stop, Export,
// executions left running by a closed page, a new tab, a caught error, Map iterations.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { createFunction, createStateMachine, executionStatus as status, nodeStatus, openStateMachine, startExecution, setCode, editorText } from "./console.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const lab = join(root, "..", "shared", "lab");

const site = useSite();

const openApp = () => openConsole(site, { acceptDownloads: true });

test("the lab execution: dialog, details, graph, state panel, table, events, debugger, export", async () => {
  const { page, errors } = await openApp();
  await createFunction(page, "HelloStepFunction", await readFile(join(lab, "hello_step_function.py"), "utf8"));
  await createStateMachine(page, "SimpleLab", await readFile(join(lab, "simple_lab.asl.json"), "utf8"));

  // the dialog: the console's defaults, the name rule, Import, Export, Format JSON
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  assert.deepEqual(JSON.parse(await editorText(dialog, "#execution-input")), { Comment: "Insert your JSON here" });
  await dialog.getByLabel("Name").fill("not a valid name!");
  assert.equal(await dialog.getByRole("button", { name: "Start execution" }).isDisabled(), true);
  assert.equal(await dialog.locator("#execution-name").getAttribute("aria-invalid"), "true");
  assert.equal(await dialog.locator("#execution-name-rule").innerText(), "Must be 1-80 characters. Can use alphanumeric characters, dashes, or underscores.");
  await dialog.getByLabel("Name").fill("first-run");
  assert.equal(await dialog.getByRole("button", { name: "Start execution" }).isDisabled(), false);
  const imported = join(shots, "import-input.json");
  await writeFile(imported, '{"imported":   true, "n": [1,2]}');
  await dialog.locator("#execution-input-file").setInputFiles(imported);
  await page.waitForFunction(() => document.querySelector("#execution-input").closest(".cm-host").steplabEditor.getValue().includes("imported"));
  await dialog.getByRole("button", { name: "Format JSON" }).click();
  assert.equal(await editorText(dialog, "#execution-input"), '{\n  "imported": true,\n  "n": [\n    1,\n    2\n  ]\n}');
  const [download] = await Promise.all([page.waitForEvent("download"), dialog.getByRole("button", { name: "Export" }).click()]);
  assert.equal(download.suggestedFilename(), "first-run.json");
  assert.deepEqual(JSON.parse(await readFile(await download.path(), "utf8")), { imported: true, n: [1, 2] });
  await page.screenshot({ path: join(shots, "executions-start-dialog.png") });
  await setCode(dialog, "#execution-input", "{}");
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.locator("#execution-status").filter({ hasNotText: "Running" }).waitFor({ timeout: 120_000 });
  assert.equal(await status(page), "Execution status: Succeeded");

  // breadcrumb and Details
  assert.equal(await page.getByRole("navigation", { name: "Breadcrumbs" }).innerText().then((t) => t.replace(/\s*>\s*/g, " > ")), "Step Functions > State machines > SimpleLab > Execution: first-run");
  const details = await page.locator("#execution-details").innerText();
  assert.match(details, /arn:aws:states:ca-central-1:123456789012:execution:SimpleLab:first-run/);
  assert.match(details, /arn:aws:states:ca-central-1:123456789012:stateMachine:SimpleLab/);
  assert.equal(await page.locator("#state-transitions").innerText(), "1");
  assert.equal(await nodeStatus(page, "Lambda Invoke"), "Succeeded");

  // the state panel: input, output, data-flow stages, details, definition, events, logs
  await page.locator('.graph-node[data-state="Lambda Invoke"]').click();
  const panel = page.locator("#state-panel");
  assert.deepEqual(JSON.parse(await panel.locator("#state-input").innerText()), {});
  assert.deepEqual(JSON.parse(await panel.locator("#state-output").innerText()), { statusCode: 200, message: "Hello from Step Function!" });
  const stages = await panel.locator("#state-stages li").evaluateAll((li) => li.map((l) => l.dataset.stage));
  assert.ok(stages.includes("input") && stages.includes("afterArguments") && stages.includes("result"), `stages: ${stages}`);
  const afterArguments = JSON.parse(await panel.locator('#state-stages li[data-stage="afterArguments"] pre').innerText());
  assert.equal(afterArguments.FunctionName, "arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction:$LATEST");
  await page.screenshot({ path: join(shots, "executions-state-panel.png"), fullPage: true });
  await panel.getByRole("tab", { name: "Details" }).click();
  assert.equal(await panel.locator("#state-retries").innerText(), "0");
  assert.match(await panel.locator("#state-details").innerText(), /lambda:invoke/);
  await panel.getByRole("tab", { name: "Definition" }).click();
  assert.equal(JSON.parse(await panel.locator("#state-definition").innerText()).Type, "Task");
  await panel.getByRole("tab", { name: "Events" }).click();
  assert.deepEqual(await panel.locator("#state-events tbody tr").evaluateAll((r) => r.map((x) => x.dataset.type)),
    ["TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited"]);
  await panel.getByRole("tab", { name: "Logs" }).click();
  assert.match(await panel.locator("#state-logs").innerText(), /START RequestId: [0-9a-f-]+ Version: \$LATEST/);

  // Definition tab highlights the selected state
  await page.getByRole("tab", { name: "Definition" }).first().click();
  assert.match(await page.locator("#execution-definition .highlight").first().innerText(), /"Lambda Invoke": \{/);

  // Table view: sortable, filterable
  await page.locator("#table-view-tab").click();
  assert.deepEqual(await page.locator("#table-view .state-row").evaluateAll((r) => r.map((x) => [x.dataset.state, x.dataset.status])), [["Lambda Invoke", "Succeeded"]]);
  await page.locator("#table-filter").fill("nothing like this");
  assert.equal(await page.locator("#table-view .state-row").count(), 0);
  await page.locator("#table-filter").fill("lambda");
  assert.equal(await page.locator("#table-view .state-row").count(), 1);
  await page.screenshot({ path: join(shots, "executions-table-view.png"), fullPage: true });
  await page.locator("#graph-view-tab").click();

  // Events: filter by type, expandable details
  await page.locator("#events-type").selectOption("TaskSucceeded");
  assert.deepEqual(await page.locator("#events .event-row").evaluateAll((r) => r.map((x) => x.dataset.type)), ["TaskSucceeded"]);
  await page.getByRole("button", { name: "Details of event 5" }).click();
  const event5 = JSON.parse(await page.locator("#events .event-details pre").innerText());
  assert.equal(JSON.parse(event5.taskSucceededEventDetails.output).Payload.message, "Hello from Step Function!");
  await page.locator("#events-type").selectOption("");
  assert.equal(await page.locator("#events .event-row").count(), 7);
  await page.screenshot({ path: join(shots, "executions-events.png"), fullPage: true });

  // the step debugger: back in time the task is in progress, the events after it are dimmed
  await page.locator("#debugger-scrubber").fill("3");
  assert.match(await page.locator("#debugger-position").innerText(), /^Event 3 of 7 · TaskScheduled · Lambda Invoke/);
  assert.equal(await nodeStatus(page, "Lambda Invoke"), "In progress");
  assert.equal(await page.locator("#events .event-row.future").count(), 4);
  await page.screenshot({ path: join(shots, "executions-debugger.png"), fullPage: true });
  await page.locator("#step-forward").click();
  await page.locator("#step-forward").click();
  await page.locator("#step-forward").click();
  assert.match(await page.locator("#debugger-position").innerText(), /^Event 6 of 7 · TaskStateExited/);
  assert.equal(await nodeStatus(page, "Lambda Invoke"), "Succeeded");
  await page.locator("#step-back").click();
  assert.match(await page.locator("#debugger-position").innerText(), /^Event 5 of 7/);
  // a breakpoint on the state: from the first event, "next breakpoint" stops where it is entered
  await page.locator("#state-breakpoint").check();
  await page.getByRole("button", { name: "First event" }).click();
  await page.locator("#next-breakpoint").click();
  assert.match(await page.locator("#debugger-position").innerText(), /^Event 2 of 7 · TaskStateEntered · Lambda Invoke/);
  await page.getByRole("button", { name: "Latest event" }).click();
  assert.match(await page.locator("#debugger-position").innerText(), /^Event 7 of 7 · ExecutionSucceeded/);

  // Export execution as JSON: DescribeExecution and GetExecutionHistory shapes
  const [exported] = await Promise.all([page.waitForEvent("download"), page.locator("#export-execution").click()]);
  const doc = JSON.parse(await readFile(await exported.path(), "utf8"));
  assert.equal(doc.execution.status, "SUCCEEDED");
  assert.equal(doc.execution.executionArn, "arn:aws:states:ca-central-1:123456789012:execution:SimpleLab:first-run");
  assert.deepEqual(JSON.parse(doc.execution.output), { statusCode: 200, message: "Hello from Step Function!" });
  assert.equal(doc.history.events.length, 7);

  // New execution: the same name is ExecutionAlreadyExists
  await page.locator("#new-execution").click();
  const again = page.getByRole("dialog", { name: "Start execution" });
  assert.deepEqual(JSON.parse(await editorText(again, "#execution-input")), {});
  await again.getByLabel("Name").fill("first-run");
  await again.getByRole("button", { name: "Start execution" }).click();
  assert.equal(await again.locator("#start-execution-problem").innerText(),
    "ExecutionAlreadyExists: Execution Already Exists: 'arn:aws:states:ca-central-1:123456789012:execution:SimpleLab:first-run'");
  await again.getByRole("button", { name: "Cancel" }).click();

  // the executions list links back
  await page.getByRole("link", { name: "SimpleLab" }).click();
  const row = page.getByRole("row").filter({ hasText: "first-run" });
  assert.equal(await row.getByText("Succeeded").count(), 1);
  await row.getByRole("link", { name: "first-run" }).click();
  assert.equal(await status(page), "Execution status: Succeeded");
  assert.deepEqual(errors, []);
});

test("a caught error is orange with its Error and Cause; Map iterations one by one", async () => {
  const { page, errors } = await openApp();
  await createFunction(page, "Raiser", 'def lambda_handler(event, context):\n    print("about to fail")\n    raise ValueError("no good")\n');
  await createStateMachine(page, "Catching", {
    QueryLanguage: "JSONata",
    StartAt: "Call",
    States: {
      Call: {
        Type: "Task", Resource: "arn:aws:states:::lambda:invoke",
        Arguments: { FunctionName: "arn:aws:lambda:ca-central-1:123456789012:function:Raiser:$LATEST", Payload: "{% $states.input %}" },
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Items", Output: "{% {'error': $states.errorOutput} %}" }],
        End: true,
      },
      Items: {
        Type: "Map", Items: "{% [1, 2, 3] %}",
        ItemProcessor: { StartAt: "Double", States: { Double: { Type: "Pass", Output: "{% $states.input * 2 %}", End: true } } },
        End: true,
      },
    },
  });
  await startExecution(page, '{"x": 1}');
  assert.equal(await status(page), "Execution status: Succeeded");
  assert.equal(await nodeStatus(page, "Call"), "Caught error");
  await page.locator('.graph-node[data-state="Call"]').click();
  const panel = page.locator("#state-panel");
  assert.equal(await panel.locator("#state-error .error").innerText(), "ValueError");
  assert.equal(JSON.parse(await panel.locator("#state-error .cause").innerText()).errorMessage, "no good");
  // the function's log, found by the request id in the error payload
  await panel.getByRole("tab", { name: "Logs" }).click();
  assert.match(await panel.locator("#state-logs").innerText(), /about to fail/);
  await page.screenshot({ path: join(shots, "executions-caught-error.png"), fullPage: true });

  // a Map is drawn around its item processor: click its own corner
  await page.locator('.graph-node[data-state="Items"]').click({ position: { x: 8, y: 8 } });
  await panel.getByRole("tab", { name: "Input and output" }).click();
  assert.deepEqual(await panel.locator("#state-iterations .iteration-label").allInnerTexts(), ["Iteration 0", "Iteration 1", "Iteration 2"]);
  assert.deepEqual(JSON.parse(await panel.locator("#state-output").innerText()), [2, 4, 6]);
  await page.locator("#table-view-tab").click();
  const rows = await page.locator("#table-view .state-row").evaluateAll((r) => r.map((x) => x.dataset.state));
  assert.deepEqual(rows, ["Call", "Items", "Double", "Double", "Double"]);
  await page.getByRole("button", { name: "Double" }).nth(1).click();
  assert.match(await panel.locator("#state-run").innerText(), /#3 Items › Iteration 2/);
  await panel.locator("#state-run").selectOption({ index: 1 });
  assert.equal(await panel.locator("#state-input").innerText(), "2");
  assert.equal(await panel.locator("#state-output").innerText(), "4");
  await page.screenshot({ path: join(shots, "executions-map-iterations.png"), fullPage: true });

  // a breakpoint on a Task state holds the next execution once the state is entered, before its work
  await page.locator("#graph-view-tab").click();
  await page.locator('.graph-node[data-state="Call"]').click();
  await panel.locator("#state-breakpoint").check();
  await page.locator("#new-execution").click();
  await page.getByRole("dialog", { name: "Start execution" }).getByRole("button", { name: "Start execution" }).click();
  await page.locator("#paused").waitFor();
  assert.match(await page.locator("#paused").innerText(), /Paused at the breakpoint on Call/);
  assert.equal(await status(page), "Execution status: Running");
  assert.equal(await nodeStatus(page, "Call"), "In progress");
  assert.equal(await page.locator("#events .event-row").last().getAttribute("data-type"), "TaskStateEntered");
  await page.screenshot({ path: join(shots, "executions-breakpoint.png"), fullPage: true });
  await page.locator("#resume-execution").click();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("#paused").count(), 0);
  assert.deepEqual(errors, []);
});

test("input over 262,144 bytes is refused; HTML in outputs is shown as text", async () => {
  const { page, errors } = await openApp();
  await createStateMachine(page, "Echo", { StartAt: "Echo", States: { Echo: { Type: "Pass", End: true } } });
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  await setCode(dialog, "#execution-input", JSON.stringify({ big: "x".repeat(262_144) }));
  await dialog.getByText(/Member must have length less than or equal to 262144/).waitFor();
  assert.equal(await dialog.getByRole("button", { name: "Start execution" }).isDisabled(), true);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  const html = '<img src=x onerror="window.hacked=1"><b>bold</b>';
  await startExecution(page, JSON.stringify({ html }));
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  assert.equal(JSON.parse(await page.locator("#execution-output").innerText()).html, html);
  assert.equal(await page.locator("#execution-output img, #execution-output b").count(), 0);
  assert.equal(await page.evaluate(() => window.hacked), undefined);
  assert.deepEqual(errors, []);
});

test("Stop execution, Skip wait, a page closed while running, Open in a new browser tab", async () => {
  const { context, page, errors } = await openApp();
  await createStateMachine(page, "Waiting", {
    StartAt: "Pause",
    States: { Pause: { Type: "Wait", Seconds: 600, Next: "Done" }, Done: { Type: "Pass", Result: "done", End: true } },
  });
  // Stop: the execution ends Aborted, the Wait state is cancelled
  await startExecution(page, "{}", { name: "to-stop", wait: false });
  await page.locator('.graph-node[data-state="Pause"][data-status="In progress"]').waitFor();
  await page.locator("#stop-execution").click();
  await page.getByRole("dialog", { name: "Stop execution" }).getByRole("button", { name: "Stop execution" }).click();
  await page.locator("#execution-status").filter({ hasText: "Aborted" }).waitFor({ timeout: 10_000 });
  assert.equal(await nodeStatus(page, "Pause"), "Cancelled");
  assert.equal(await page.locator("#events .event-row").last().getAttribute("data-type"), "ExecutionAborted");
  await page.screenshot({ path: join(shots, "executions-stopped.png"), fullPage: true });

  // Skip wait: the virtual clock jumps to the end of the Wait
  await openStateMachine(page, "Waiting");
  await startExecution(page, "{}", { name: "to-skip", wait: false });
  await page.locator("#fast-forward").click();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 10_000 });
  assert.equal(await nodeStatus(page, "Done"), "Succeeded");

  // a page closed while its execution runs: after reload the execution is closed as Aborted
  await openStateMachine(page, "Waiting");
  await startExecution(page, "{}", { name: "left-running", wait: false });
  await page.locator('.graph-node[data-state="Pause"][data-status="In progress"]').waitFor();
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  await page.locator("#execution-status").filter({ hasText: "Aborted" }).waitFor({ timeout: 15_000 });
  assert.match(await page.locator("#execution-status").innerText(), /StepLab\.PageClosed/);

  // Open in a new browser tab: the new tab runs the execution
  await openStateMachine(page, "Waiting");
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  await dialog.getByLabel("Name").fill("in-a-new-tab");
  await setCode(dialog, "#execution-input", '{"tab": 2}');
  await dialog.getByLabel("Open in a new browser tab").check();
  const [tab] = await Promise.all([context.waitForEvent("page"), dialog.getByRole("button", { name: "Start execution" }).click()]);
  await tab.waitForSelector("body[data-ready]");
  await tab.getByText("Execution: in-a-new-tab").waitFor();
  await tab.locator("#execution-status").filter({ hasText: "Running" }).waitFor();
  await tab.locator("#fast-forward").click();
  await tab.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 10_000 });
  await tab.getByRole("tab", { name: "Execution input and output" }).click();
  assert.deepEqual(JSON.parse(await tab.locator("#execution-input-view").innerText()), { tab: 2 });
  assert.equal(await page.getByRole("dialog", { name: "Start execution" }).count(), 0);

  // the executions list: filtered by status and by name
  const names = () => page.locator("#executions tbody tr td:first-child").allInnerTexts();
  await page.locator("#executions-status").selectOption("ABORTED");
  assert.deepEqual((await names()).sort(), ["left-running", "to-stop"]);
  await page.locator("#executions-status").selectOption("");
  await page.locator("#executions-search").fill("SKIP");
  assert.deepEqual(await names(), ["to-skip"]);
  // the execution the new tab ran shows up in this tab too (tabs share the workspace)
  await page.locator("#executions-search").fill("new-tab");
  assert.deepEqual(await names(), ["in-a-new-tab"]);
  assert.equal(await page.locator("#executions tbody tr").first().getByText("Succeeded").count(), 1);
  await page.screenshot({ path: join(shots, "executions-list.png"), fullPage: true });
  assert.deepEqual(errors, []);
});

test("an execution that reaches 25,000 events: failed as AWS fails it, events paginated", async () => {
  const { page, errors } = await openApp();
  await createStateMachine(page, "Forever", {
    StartAt: "Again",
    States: {
      Again: { Type: "Pass", Next: "Check" },
      Check: { Type: "Choice", Choices: [{ Variable: "$.stop", IsPresent: true, Next: "Stop" }], Default: "Again" },
      Stop: { Type: "Succeed" },
    },
  });
  const started = Date.now();
  await startExecution(page, "{}");
  const ran = Date.now() - started;
  assert.equal(await status(page), "Execution status: Failed");
  assert.match(await page.locator("#execution-status").innerText(), /States\.Runtime/);
  // the debugger scrubs a 25,000-event history
  const scrubbed = Date.now();
  await page.locator("#debugger-scrubber").fill("12000");
  await page.locator("#debugger-position").filter({ hasText: /^Event 12000 of / }).waitFor();
  const scrub = Date.now() - scrubbed;
  await page.getByRole("button", { name: "Latest event" }).click();
  const saveProblem = await page.getByRole("alert").count();
  console.log(`figures: 25,000-event execution start → Failed shown ${ran} ms; scrub to event 12000 ${scrub} ms; workspace saved: ${saveProblem === 0}`);
  // the engine records up to the 25,000th event, then the execution's failure
  const total = Number((await page.locator("#events-panel h2").innerText()).match(/^Events \((\d+)\)$/)[1]);
  assert.ok(total >= 25_000 && total <= 25_001, `events: ${total}`);
  assert.equal(await page.locator("#events .event-row").count(), 100);
  assert.equal(await page.locator("#events-page").innerText(), `Page 1 of ${Math.ceil(total / 100)}`);
  await page.getByRole("button", { name: "Next page" }).click();
  assert.match(await page.locator("#events .event-row").first().locator("td").first().innerText(), /\b101$/);
  await page.screenshot({ path: join(shots, "executions-25000-events.png") });
  assert.deepEqual(errors, []);
});

test("the same seed makes the same random choices; re-run from a state", async () => {
  const { page, errors } = await openApp();
  await createStateMachine(page, "Dice", {
    QueryLanguage: "JSONata",
    StartAt: "Roll",
    States: {
      Roll: { Type: "Pass", Output: "{% {'id': $uuid(), 'roll': $random()} %}", Next: "Keep" },
      Keep: { Type: "Pass", Output: "{% $merge([$states.input, {'again': $uuid()}]) %}", End: true },
    },
  });
  await page.locator("#start-execution").click();
  let dialog = page.getByRole("dialog", { name: "Start execution" });
  await dialog.getByText("Replay (StepLab)").click();
  await dialog.locator("#execution-seed").fill("not a number");
  assert.equal(await dialog.getByRole("button", { name: "Start execution" }).isDisabled(), true);
  await dialog.locator("#execution-seed").fill("42");
  await dialog.getByLabel("Name").fill("seed-42-a");
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor();
  assert.equal(await page.locator("#execution-seed-value").innerText(), "42");
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  const first = JSON.parse(await page.locator("#execution-output").innerText());

  await openStateMachine(page, "Dice");
  await page.locator("#start-execution").click();
  dialog = page.getByRole("dialog", { name: "Start execution" });
  await dialog.getByText("Replay (StepLab)").click();
  await dialog.locator("#execution-seed").fill("42");
  await dialog.getByLabel("Name").fill("seed-42-b");
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor();
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  assert.deepEqual(JSON.parse(await page.locator("#execution-output").innerText()), first);

  // re-run from the second state with its recorded input and the same seed
  await page.locator('.graph-node[data-state="Keep"]').click();
  await page.locator("#rerun-from-here").click();
  dialog = page.getByRole("dialog", { name: "Start execution" });
  assert.match(await dialog.locator("#rerun-note").innerText(), /starts at the state Keep/);
  assert.equal(await dialog.locator("#execution-seed").inputValue(), "42");
  assert.deepEqual(JSON.parse(await editorText(dialog, "#execution-input")), { id: first.id, roll: first.roll });
  // the definition of the re-run can be edited: it starts at Keep, without Roll
  const rerunDefinition = JSON.parse(await editorText(dialog, "#rerun-definition"));
  assert.equal(rerunDefinition.StartAt, "Keep");
  assert.deepEqual(Object.keys(rerunDefinition.States), ["Keep"]);
  rerunDefinition.States.Keep.Output = "{% $merge([$states.input, {'edited': true}]) %}";
  await setCode(dialog, "#rerun-definition", JSON.stringify(rerunDefinition, null, 2));
  const rerun = await dialog.getByLabel("Name").inputValue();
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.getByText(`Execution: ${rerun}`).waitFor();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor();
  // the re-run's definition starts at Keep, without the states it cannot reach
  assert.equal(await page.locator('.graph-node[data-state="Roll"]').count(), 0);
  assert.equal(await nodeStatus(page, "Keep"), "Succeeded");
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  assert.deepEqual(JSON.parse(await page.locator("#execution-output").innerText()), { id: first.id, roll: first.roll, edited: true });
  await page.screenshot({ path: join(shots, "executions-rerun.png"), fullPage: true });
  assert.deepEqual(errors, []);
});
