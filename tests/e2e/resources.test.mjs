// The AWS resources' console pages: a DynamoDB table with items (kept across a reload), an SQS
// queue fed by an SNS topic and by an EventBridge rule, an S3 bucket with an object.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { createStateMachine, createTable, executionStatus, nav, openStateMachine, setCode, startExecution } from "./console.mjs";

const site = useSite();


test("a DynamoDB table is created, takes items as DynamoDB JSON, refuses a bad one with AWS's error, and is kept across a reload", async () => {
  const { page, errors } = await openConsole(site);
  await nav(page, "DynamoDB");
  await page.locator("#table-name").fill("Orders");
  await page.locator("#create-table").click();
  await page.getByText("Table Orders was created.").waitFor();
  await page.getByRole("link", { name: "Orders", exact: true }).click();
  await setCode(page, "#item-json", '{"id": {"S": "1"}, "total": {"N": "12.50"}}');
  await page.locator("#put-item").click();
  await page.getByText("The item was saved.").waitFor();
  assert.deepEqual(await page.locator("#items tbody tr").first().locator("td").allInnerTexts(), ["1", "12.5", "Edit Delete"]);
  // a key of the wrong type: DynamoDB's error, and nothing changes
  await setCode(page, "#item-json", '{"id": {"N": "2"}}');
  await page.locator("#put-item").click();
  await page.getByText(/^ValidationException: One or more parameter values were invalid: Type mismatch for key id expected: S actual: N/).waitFor();
  assert.equal(await page.locator("#items tbody tr").count(), 1);
  await page.screenshot({ path: join(shots, "dynamodb-table.png") });
  // kept in the workspace
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  await page.locator("#items tbody tr").first().waitFor();
  assert.equal(await page.locator("#items tbody tr").count(), 1);
  await page.locator("#items-view").click();
  assert.deepEqual(JSON.parse(await page.locator("#items-json").innerText()), [{ id: { S: "1" }, total: { N: "12.5" } }]);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("an SNS topic delivers to an SQS queue, an EventBridge rule too, and an S3 bucket keeps an object", async () => {
  const { page, errors } = await openConsole(site);
  await nav(page, "SQS");
  await page.locator("#queue-name").fill("orders");
  await page.locator("#create-queue").click();
  await page.getByRole("link", { name: "orders", exact: true }).click();
  const queueArn = await page.locator("dl.details dd code").nth(1).innerText();
  assert.match(queueArn, /^arn:aws:sqs:[a-z0-9-]+:\d{12}:orders$/);

  await nav(page, "SNS");
  await page.locator("#topic-name").fill("notify");
  await page.locator("#create-topic").click();
  await page.getByRole("link", { name: "notify", exact: true }).click();
  await page.locator("#subscription-endpoint").fill(queueArn);
  await page.locator("#create-subscription").click();
  await page.getByText("Subscription created successfully.").waitFor();
  await page.locator("#message-subject").fill("Order");
  await setCode(page, "#message-body", "hello");
  await page.locator("#publish-message").click();
  await page.getByText(/^Message published to topic notify successfully\./).waitFor();

  await nav(page, "EventBridge");
  await page.locator("#rule-name").fill("to-queue");
  await page.locator("#create-rule").click();
  await page.getByRole("link", { name: "to-queue", exact: true }).click();
  await page.locator("#target-arn").fill(queueArn);
  await page.locator("#add-target").click();
  await page.getByText("The target was added.").waitFor();
  await nav(page, "EventBridge");
  await page.locator("#send-event").click();
  await page.getByText(/^Event sent \(0 failed\)/).waitFor();

  await nav(page, "SQS");
  await page.getByRole("link", { name: "orders", exact: true }).click();
  assert.equal(await page.locator("#messages-available").innerText(), "2");
  await page.locator("#poll-messages").click();
  const bodies = (await page.locator("#messages tbody pre").allInnerTexts()).map((t) => JSON.parse(t));
  assert.equal(bodies.length, 2);
  const [sns, event] = bodies;
  assert.equal(sns.Type, "Notification");
  assert.equal(sns.Message, "hello");
  assert.equal(sns.Subject, "Order");
  assert.match(sns.TopicArn, /:notify$/);
  assert.equal(event.source, "my.app");
  assert.equal(event["detail-type"], "Order placed");
  assert.deepEqual(event.detail, { orderId: "1" });
  await page.screenshot({ path: join(shots, "sqs-queue.png") });

  await nav(page, "S3");
  await page.locator("#bucket-name").fill("my-bucket");
  await page.locator("#create-bucket").click();
  await page.getByRole("link", { name: "my-bucket", exact: true }).click();
  await page.locator("#object-key").fill("hello.txt");
  await setCode(page, "#object-body", "hello");
  await page.locator("#put-object").click();
  await page.getByText("Uploaded hello.txt").waitFor();
  const row = await page.locator("#objects tbody tr").first().locator("td").allInnerTexts();
  assert.equal(row[0], "hello.txt");
  assert.equal(row[1], "5");
  assert.equal(row[3], '"5d41402abc4b2a76b9719d911017c592"');
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("an execution writes to and reads from the workspace's DynamoDB table, starts a child workflow, and the table keeps what it wrote", async () => {
  const { page, errors } = await openConsole(site);
  await createTable(page, "Orders");
  const child = { QueryLanguage: "JSONata", StartAt: "Ship", States: { Ship: { Type: "Pass", Output: "{% {'shipped': $states.input.orderId} %}", End: true } } };
  await createStateMachine(page, "Ship", child);
  const parent = {
    QueryLanguage: "JSONata",
    StartAt: "Put",
    States: {
      Put: { Type: "Task", Resource: "arn:aws:states:::dynamodb:putItem", Arguments: { TableName: "Orders", Item: { id: { S: "{% $states.input.orderId %}" }, total: { N: "42" } } }, Output: "{% $states.input %}", Next: "Get" },
      Get: { Type: "Task", Resource: "arn:aws:states:::dynamodb:getItem", Arguments: { TableName: "Orders", Key: { id: { S: "{% $states.input.orderId %}" } } }, Output: "{% {'orderId': $states.result.Item.id.S, 'total': $number($states.result.Item.total.N)} %}", Next: "Child" },
      Child: { Type: "Task", Resource: "arn:aws:states:::states:startExecution.sync:2", Arguments: { StateMachineArn: "{% $join(($split($states.context.StateMachine.Id, ':'))[[0..5]], ':') & ':Ship' %}", Input: "{% $states.input %}" }, Output: "{% $merge([$states.input, $states.result.Output]) %}", End: true },
    },
  };
  await createStateMachine(page, "Orders", parent);
  await openStateMachine(page, "Orders");
  await startExecution(page, '{"orderId": "o-7"}');
  assert.equal(await executionStatus(page), "Execution status: Succeeded");
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  assert.deepEqual(JSON.parse(await page.locator("#execution-output").innerText()), { orderId: "o-7", total: 42, shipped: "o-7" });
  // the table keeps the item the execution wrote
  await nav(page, "DynamoDB");
  await page.getByRole("link", { name: "Orders", exact: true }).click();
  assert.deepEqual(await page.locator("#items tbody tr").first().locator("td").allInnerTexts(), ["o-7", "42", "Edit Delete"]);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a seed file loads the resources, they download as a file, and Reset deletes them once confirmed", async () => {
  const { page, errors } = await openConsole(site);
  await nav(page, "DynamoDB");
  const seed = join(root, "tests", "data", "scenario", "resources.json");
  const calls = JSON.parse(readFileSync(seed, "utf8")).length;
  await page.getByLabel("Seed file").setInputFiles(seed);
  await page.locator("#resources-file-message").filter({ hasText: `${calls} call(s) made.` }).waitFor();
  assert.deepEqual((await page.locator("#dynamodb-tables tbody tr td:first-child").allInnerTexts()).sort(), ["OrderLines", "Orders"]);
  // the same file again: each call that fails is named, nothing changes
  await page.getByLabel("Seed file").setInputFiles(seed);
  await page.locator("#resources-file-message").filter({ hasText: "Not made: [0] dynamodb CreateTable: ResourceInUseException" }).waitFor();
  const download = page.waitForEvent("download");
  await page.locator("#download-resources").click();
  const saved = JSON.parse(readFileSync(await (await download).path(), "utf8"));
  assert.deepEqual(Object.keys(saved.dynamodb.tables).sort(), ["OrderLines", "Orders"]);
  await page.locator("#reset-resources").click();
  await page.locator("#reset-confirm").click();
  await page.getByText("Every table, queue, topic, bucket and rule was deleted.").waitFor();
  assert.equal(await page.locator("#dynamodb-tables tbody tr td:first-child").filter({ hasText: "Orders" }).count(), 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});
