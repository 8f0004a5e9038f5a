// The step debugger in more depth, and the mocks an execution keeps: Step in a live run shows
// exactly one more history event per press, the timeline's next/previous breakpoint stops at
// retry and catch points where a live run with the same breakpoints pauses, and an execution
// keeps the mocks it ran with (after the state machine's mocks are edited, after a reload, and
// for a New execution from its page).
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, shots } from "./site.mjs";
import { createStateMachine, createTopic, executionStatus as status, nodeStatus, openStateMachine, startExecution as start, setCode, editorText } from "./console.mjs";

const site = useSite();

const eventTypes = (page) => page.locator("#events .event-row").evaluateAll((rows) => rows.map((r) => r.dataset.type));
const stagesShown = (page) => page.locator("#state-panel #state-stages li").evaluateAll((li) => li.map((l) => l.dataset.stage));
const output = async (page) => {
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  const out = JSON.parse(await page.locator("#execution-output").innerText());
  await page.getByRole("tab", { name: "Details", exact: true }).first().click();
  return out;
};

test("Step in a live run shows exactly one more event per press, on a Task whose transition records several", async () => {
  const { page, errors } = await openConsole(site);
  // the topic the Task publishes to
  await createTopic(page, "orders");
  await createStateMachine(page, "Stepper", {
    StartAt: "Prepare",
    States: {
      Prepare: { Type: "Pass", Result: { order: 1 }, Next: "Publish" },
      Publish: { Type: "Task", Resource: "arn:aws:states:::sns:publish", Parameters: { TopicArn: "arn:aws:sns:ca-central-1:123456789012:orders", "Message.$": "$" }, ResultPath: "$.published", Next: "Done" },
      Done: { Type: "Pass", End: true },
    },
  });
  await start(page, "{}");
  assert.equal(await status(page), "Execution status: Succeeded");
  const all = await eventTypes(page);
  // a breakpoint on the Task: the next execution holds once it is entered
  await page.locator('.graph-node[data-state="Publish"]').click();
  await page.locator("#state-panel #state-breakpoint").check();
  await page.locator("#new-execution").click();
  await page.getByRole("dialog", { name: "Start execution" }).getByRole("button", { name: "Start execution" }).click();
  const reason = page.locator("#paused-reason");
  await reason.filter({ hasText: "breakpoint on Publish" }).waitFor();
  let shown = await eventTypes(page);
  assert.equal(shown.at(-1), "TaskStateEntered");
  assert.equal(await nodeStatus(page, "Publish"), "In progress");

  // each press shows the next event of the history, and only it
  const seen = [];
  while (shown.length < all.length - 1) {
    const n = shown.length + 1;
    await page.locator("#step-execution").click();
    await reason.filter({ hasText: `after event ${n} ` }).waitFor();
    const now = await eventTypes(page);
    assert.equal(now.length, n, `after a press: ${now}`);
    assert.deepEqual(now.slice(0, -1), shown);
    assert.equal(await status(page), "Execution status: Running");
    seen.push(now.at(-1));
    if (now.at(-1) === "TaskScheduled") {
      assert.equal(await reason.innerText(), `Paused after event ${n} (Publish).`);
      assert.equal(await nodeStatus(page, "Publish"), "In progress");
      // the state panel shows the data flow as far as the run got: no result yet
      await page.locator('.graph-node[data-state="Publish"]').click();
      assert.deepEqual(await stagesShown(page), ["input", "afterInputPath", "afterParameters"]);
      assert.equal(await page.locator("#state-panel #state-output").innerText(), "-");
      await page.screenshot({ path: join(shots, "debugger-step-one-event.png"), fullPage: true });
    }
    if (now.at(-1) === "TaskStateExited") {
      assert.equal(await nodeStatus(page, "Publish"), "Succeeded");
      assert.deepEqual(await stagesShown(page), ["input", "afterInputPath", "afterParameters", "result", "afterResultPath"]);
    }
    shown = now;
  }
  assert.deepEqual(seen, ["TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "PassStateEntered", "PassStateExited"]);
  // the last press shows the end of the execution
  await page.locator("#step-execution").click();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 10_000 });
  assert.deepEqual(await eventTypes(page), all);
  assert.equal(await page.locator("#paused").count(), 0);

  // Continue while a transition's events are still being shown shows all of them and runs on
  await page.locator("#new-execution").click();
  await page.getByRole("dialog", { name: "Start execution" }).getByRole("button", { name: "Start execution" }).click();
  await reason.filter({ hasText: "breakpoint on Publish" }).waitFor();
  await page.locator("#step-execution").click();
  await reason.filter({ hasText: "after event" }).waitFor();
  await page.locator("#resume-execution").click();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 10_000 });
  assert.deepEqual(await eventTypes(page), all);
  assert.deepEqual(errors, []);
});

const flaky = {
  StartAt: "Prepare",
  States: {
    Prepare: { Type: "Pass", Result: { id: 7 }, Next: "Put" },
    Put: {
      Type: "Task",
      Resource: "arn:aws:states:::dynamodb:putItem",
      Parameters: { TableName: "Orders", Item: { id: { S: "7" } } },
      Retry: [{ ErrorEquals: ["DynamoDB.ProvisionedThroughputExceededException"], IntervalSeconds: 1, MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Recover" }],
      Next: "Recover",
    },
    Recover: { Type: "Pass", End: true },
  },
};
const busyMocks = {
  StateMachines: { Flaky: { TestCases: { Busy: { Put: "Busy" } } } },
  MockedResponses: {
    Busy: {
      "0-1": { Throw: { Error: "DynamoDB.ProvisionedThroughputExceededException", Cause: "busy" } },
      "2": { Throw: { Error: "DynamoDB.ConditionalCheckFailedException", Cause: "exists" } },
    },
  },
};

test("the timeline's next and previous breakpoint stop at retries and catches, where a live run pauses", async () => {
  const { page, errors } = await openConsole(site);
  await createStateMachine(page, "Flaky", flaky);
  await setCode(page, "#mock-config", JSON.stringify(busyMocks));
  await page.locator("#mocks-save").click();
  await start(page, "{}", { testCase: "Busy" });
  assert.equal(await status(page), "Execution status: Succeeded");
  assert.equal(await nodeStatus(page, "Put"), "Caught error");

  // breakpoints on Put's retriers and catchers only
  await page.locator('.graph-node[data-state="Put"]').click();
  await page.locator("#retry-breakpoint").check();
  await page.locator("#catch-breakpoint").check();
  const position = page.locator("#debugger-position");
  await page.getByRole("button", { name: "First event" }).click();
  const stops = [];
  while (!(await page.locator("#next-breakpoint").isDisabled())) {
    await page.locator("#next-breakpoint").click();
    stops.push((await position.innerText()).match(/^Event (\d+) of \d+ · (\w+) · (\w+)/).slice(1));
  }
  // two retries, then the catch: each at the failure its retrier or catcher handles
  assert.deepEqual(stops.map((s) => s.slice(1)), [["TaskFailed", "Put"], ["TaskFailed", "Put"], ["TaskFailed", "Put"]]);
  await page.screenshot({ path: join(shots, "debugger-next-breakpoint-catch.png"), fullPage: true });
  await page.getByRole("button", { name: "Previous breakpoint" }).click();
  assert.equal((await position.innerText()).match(/^Event (\d+)/)[1], stops[1][0]);
  await page.getByRole("button", { name: "Latest event" }).click();

  // a live run with the same breakpoints pauses at the same events
  await page.locator("#new-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  assert.equal(await dialog.locator("#mock-test-case option:checked").innerText(), "Busy (the mocks execution " + (await page.locator("h1").innerText()) + " ran with)");
  await dialog.getByRole("button", { name: "Start execution" }).click();
  const paused = [];
  for (const kind of ["retrier", "retrier", "catcher"]) {
    const at = await page.waitForFunction(([kind, before]) => {
      const m = (document.querySelector("#paused-reason")?.textContent ?? "").match(/^Paused at a (\w+) of Put: .*\(event (\d+)\)/);
      return m && m[1] === kind && m[2] !== before && m[2];
    }, [kind, paused.at(-1)], { timeout: 30_000 });
    paused.push(await at.jsonValue());
    await page.locator("#resume-execution").click();
  }
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 30_000 });
  assert.deepEqual(paused, stops.map((s) => s[0]));
  assert.deepEqual(errors, []);
});

const notify = {
  StartAt: "Publish",
  States: {
    Publish: { Type: "Task", Resource: "arn:aws:states:::sns:publish", Parameters: { TopicArn: "arn:aws:sns:ca-central-1:123456789012:orders", "Message.$": "$" }, ResultPath: "$.published", End: true },
  },
};
const mocksWith = (messageId) => ({
  StateMachines: { Notify: { TestCases: { HappyPath: { Publish: "Sent" } } } },
  MockedResponses: { Sent: { "0": { Return: { MessageId: messageId } } }, Unused: { "0": { Return: 1 } } },
});

test("an execution keeps the mocks it ran with: after the machine's mocks change, after a reload, for a New execution", async () => {
  const { page, errors } = await openConsole(site);
  await createStateMachine(page, "Notify", notify);
  await setCode(page, "#mock-config", JSON.stringify(mocksWith("first-message")));
  await page.locator("#mocks-save").click();
  const first = await start(page, "{}", { testCase: "HappyPath" });
  assert.equal((await output(page)).published.MessageId, "first-message");
  const shownMocks = async () => {
    assert.equal(await page.locator("#execution-mock-test-case").innerText(), "HappyPath");
    const rows = await page.locator("#execution-mocks tbody tr").evaluateAll((r) => r.map((x) => [...x.querySelectorAll("td")].map((td) => td.innerText)));
    return rows.map(([state, response, answers]) => [state, response, JSON.parse(answers)]);
  };
  const kept = [["Publish", "Sent", { "0": { Return: { MessageId: "first-message" } } }]];
  assert.deepEqual(await shownMocks(), kept);
  await page.screenshot({ path: join(shots, "execution-mocks.png"), fullPage: true });

  // the state machine's mocks change: the execution still shows the ones it ran with
  await openStateMachine(page, "Notify");
  await setCode(page, "#mock-config", JSON.stringify(mocksWith("second-message")));
  await page.locator("#mocks-save").click();
  await page.getByRole("link", { name: first, exact: true }).click();
  assert.deepEqual(await shownMocks(), kept);
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  await page.getByText(`Execution: ${first}`).waitFor();
  assert.deepEqual(await shownMocks(), kept);

  // New execution from its page runs with the same mocks by default; the machine's are offered too
  await page.locator("#new-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  assert.equal(await dialog.locator("#mock-test-case option:checked").innerText(), `HappyPath (the mocks execution ${first} ran with)`);
  const again = await dialog.getByLabel("Name").inputValue();
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.getByText(`Execution: ${again}`).waitFor();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 30_000 });
  assert.equal((await output(page)).published.MessageId, "first-message");
  assert.deepEqual(await shownMocks(), kept);
  // choosing the machine's test case instead runs its mocks as they are now
  await page.locator("#new-execution").click();
  await dialog.locator("#mock-test-case").selectOption("HappyPath");
  const third = await dialog.getByLabel("Name").inputValue();
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.getByText(`Execution: ${third}`).waitFor();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 30_000 });
  assert.equal((await output(page)).published.MessageId, "second-message");
  assert.deepEqual((await shownMocks())[0][2], { "0": { Return: { MessageId: "second-message" } } });
  // an execution without mocks shows none, and its New execution starts without
  await openStateMachine(page, "Notify");
  await start(page, "{}", { testCase: "" });
  assert.equal(await page.locator("#execution-mock-test-case").count(), 0);
  await page.locator("#new-execution").click();
  assert.equal(await dialog.locator("#mock-test-case").inputValue(), "");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  assert.deepEqual(errors, []);
});

test("re-run from a state inside a Map iteration runs that iteration's states from it", async () => {
  const { page, errors } = await openConsole(site);
  await createStateMachine(page, "Doubler", {
    QueryLanguage: "JSONata",
    StartAt: "Items",
    States: {
      Items: {
        Type: "Map", Items: "{% [1, 2, 3] %}",
        ItemProcessor: { StartAt: "Double", States: { Double: { Type: "Pass", Output: "{% $states.input * 2 %}", Next: "Label" }, Label: { Type: "Pass", Output: "{% {'value': $states.input} %}", End: true } } },
        End: true,
      },
    },
  });
  await start(page, "{}");
  assert.deepEqual(await output(page), [{ value: 2 }, { value: 4 }, { value: 6 }]);
  await page.locator('.graph-node[data-state="Double"]').click();
  const panel = page.locator("#state-panel");
  await panel.locator("#state-run").selectOption({ index: 2 });
  assert.equal(await panel.locator("#state-input").innerText(), "3");
  await panel.locator("#rerun-from-here").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  assert.equal(JSON.parse(await editorText(dialog, "#execution-input")), 3);
  const definition = JSON.parse(await editorText(dialog, "#rerun-definition"));
  assert.deepEqual([definition.QueryLanguage, definition.StartAt, Object.keys(definition.States)], ["JSONata", "Double", ["Double", "Label"]]);
  const name = await dialog.getByLabel("Name").inputValue();
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.getByText(`Execution: ${name}`).waitFor();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 30_000 });
  assert.deepEqual(await output(page), { value: 6 });
  assert.deepEqual(errors, []);
});
