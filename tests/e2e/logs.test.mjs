// CloudWatch Logs and Express workflows: an Express execution keeps no history, only what its
// logging records (ALL by default for a new Express workflow, without execution data), shown on
// its page and in its log stream; the Lambda function's invocations are in /aws/lambda/<name>,
// in the stream of the execution environment that ran them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, shots } from "./site.mjs";
import { createFunction, setCode, startExecution, executionStatus } from "./console.mjs";

const site = useSite();

const GREET = `def lambda_handler(event, context):
    print("hello from", context.log_stream_name)
    return {"hi": event["x"]}
`;

test("an Express execution's log events and a function's log stream in CloudWatch Logs", async () => {
  const { page, errors } = await openConsole(site);
  await createFunction(page, "Greet", GREET);

  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.getByRole("button", { name: "Create state machine" }).click();
  await page.getByLabel("State machine name").fill("Quick");
  await page.getByLabel("Express").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("tab", { name: "Code" }).click();
  const definition = {
    StartAt: "Call",
    States: {
      Call: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "Greet", "Payload.$": "$" }, OutputPath: "$.Payload", Next: "Done" },
      Done: { Type: "Pass", End: true },
    },
  };
  await setCode(page, "#definition", JSON.stringify(definition, null, 2));
  await page.getByRole("tab", { name: "Config" }).click();
  assert.equal(await page.locator("#config-log-level").inputValue(), "ALL");
  await page.getByLabel("Enable X-Ray tracing").check();
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("dialog", { name: "Confirm role creation" }).getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("heading", { name: "Quick", exact: true }).waitFor();

  await startExecution(page, '{"x": 7}');
  assert.equal(await executionStatus(page), "Execution status: Succeeded");
  // an Express execution's ARN has the express form, with its run id
  const arn = await page.locator("#execution-arn").innerText();
  assert.match(arn, /^arn:aws:states:ca-central-1:123456789012:express:Quick:[^:]+:[0-9a-f-]{36}$/);
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  assert.deepEqual(JSON.parse(await page.locator("#execution-output").innerText()), { hi: 7 });
  const note = page.locator("#express-logs");
  assert.match(await note.innerText(), /keeps no execution history.*level ALL, without execution data/);
  await page.screenshot({ path: join(shots, "express-execution.png") });

  // tracing is on: the trace has the execution, its states, the function with Lambda's subsegments
  await page.getByRole("tab", { name: "Trace" }).click();
  const rows = await page.locator("#execution-trace tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [tr.cells[0].innerText.trim(), tr.dataset.kind, tr.cells[3].innerText.trim()]));
  assert.deepEqual(rows.map((r) => r[1]), ["Execution", "State", "Function", "Initialization", "Invocation", "Overhead", "State"]);
  assert.deepEqual(rows.map((r) => r[0]), ["Execution", "Call", "Greet", "Initialization", "Invocation", "Overhead", "Done"]);
  assert.ok(rows.every((r) => r[2] === "OK"), JSON.stringify(rows));
  await page.screenshot({ path: join(shots, "execution-trace.png") });

  // its log stream: one record per history event, without the execution data
  await note.getByRole("link", { name: "View in CloudWatch Logs" }).click();
  await page.locator("#log-events tbody tr").first().waitFor();
  const records = (await page.locator("#log-events code.log-message").allInnerTexts()).map((t) => JSON.parse(t));
  assert.equal(records[0].type, "ExecutionStarted");
  assert.equal(records.at(-1).type, "ExecutionSucceeded");
  assert.ok(records.some((r) => r.type === "TaskSucceeded"));
  assert.equal(records[0].details.input, undefined);
  assert.ok(records.every((r) => r.execution_arn === arn));
  assert.deepEqual(Object.keys(records[0]), ["id", "type", "details", "previous_event_id", "event_timestamp", "execution_arn"]);
  await page.screenshot({ path: join(shots, "express-log-stream.png") });

  // the log groups
  await page.getByRole("link", { name: "CloudWatch", exact: true }).click();
  const groups = await page.locator("#log-groups tbody td:first-child").allInnerTexts();
  assert.deepEqual(groups, ["/aws/lambda/Greet", "/aws/vendedlogs/states/Quick-Logs"]);
  await page.getByRole("link", { name: "/aws/lambda/Greet" }).click();
  const streams = await page.locator("#log-streams tbody td:first-child").allInnerTexts();
  assert.equal(streams.length, 1);
  assert.match(streams[0], /^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
  await page.getByRole("link", { name: streams[0] }).click();
  await page.locator("#log-events tbody tr").first().waitFor();
  const lines = await page.locator("#log-events code.log-message").allInnerTexts();
  assert.match(lines[0], /^START RequestId: /);
  // the function saw the same stream name
  assert.ok(lines.includes(`hello from ${streams[0]}`), lines.join("\n"));
  assert.ok(lines.some((l) => l.startsWith("REPORT RequestId: ")));
  await page.locator("#log-filter").fill("hello");
  assert.equal(await page.locator("#log-events tbody tr").count(), 1);

  // after a reload the Express execution still has only its logged events
  await page.reload();
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  await page.getByRole("link", { name: "CloudWatch", exact: true }).click();
  await page.getByRole("link", { name: "/aws/vendedlogs/states/Quick-Logs" }).click();
  await page.locator("#log-streams tbody a").first().click();
  await page.locator("#log-events tbody tr").first().waitFor();
  assert.equal(await page.locator("#log-events tbody tr").count(), records.length);
  assert.deepEqual(errors, []);
  await page.context().close();
});
