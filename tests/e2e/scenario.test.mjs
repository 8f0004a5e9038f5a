// The order scenario of tests/data/scenario in the console: the resources created from their
// pages, the Python function (boto3) and the two state machines from the scenario's files, one
// execution; then the table, the queue and the Lambda console's Test.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { useSite, openConsole, root } from "./site.mjs";
import { createBucket, createFunction, createQueue, createStateMachine, createTable, createTopic, executionStatus, nav, openStateMachine, startExecution, setCode } from "./console.mjs";

const site = useSite();
const scenario = (file) => readFileSync(join(root, "tests", "data", "scenario", file), "utf8");

test("the order scenario: boto3 stores the order, the workflow reads it, notifies a queue through a topic and ships it in a child workflow", async () => {
  const { page, errors } = await openConsole(site);
  await createTable(page, "Orders");
  await createTopic(page, "orders", await createQueue(page, "shipping"));
  // the order's lines, read by a Distributed Map from a CSV in S3 into their own table
  await createTable(page, "OrderLines", "sku");
  await createBucket(page, "order-lines", { "o-1.csv": "sku,qty\r\nA-1,2\r\nB-7,1\r\n" });

  await createFunction(page, "StoreOrder", scenario("store_order.py"));
  // the Lambda console's Test reaches the same table through boto3
  await page.getByRole("tab", { name: "Test" }).click();
  await setCode(page, "#test-event", '{"orderId": "t-1", "total": 1}');
  await page.getByRole("button", { name: "Test", exact: true }).first().click();
  await page.locator("#test-result").waitFor({ timeout: 60_000 });
  assert.deepEqual(JSON.parse(await page.locator("#test-response").textContent()), { orderId: "t-1" });

  await createStateMachine(page, "Ship", JSON.parse(scenario("ship.asl.json")));
  await createStateMachine(page, "Order", JSON.parse(scenario("order.asl.json")));
  await openStateMachine(page, "Order");
  await startExecution(page, '{"orderId": "o-1", "total": 42}');
  assert.equal(await executionStatus(page), "Execution status: Succeeded");
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  const output = JSON.parse(await page.locator("#execution-output").innerText());
  assert.equal(output.orderId, "o-1");
  assert.equal(output.shipped, true, JSON.stringify(output));

  // the execution page links each Task to what it touched
  const touched = async (state) => {
    await page.locator(`.graph-node[data-state="${state}"]`).click();
    await page.locator("#state-panel").getByRole("tab", { name: "Details" }).click();
    return page.locator("#state-touched");
  };
  assert.equal(await (await touched("StoreOrder")).innerText(), "function StoreOrder");
  assert.equal(await (await touched("ReadOrder")).innerText(), "table Orders");
  assert.equal(await (await touched("Notify")).innerText(), "topic orders");
  await (await touched("Ship")).locator("a").click();
  await page.getByRole("heading", { name: "Ship", exact: true }).waitFor();

  // the table has both orders, the queue the notification
  await nav(page, "DynamoDB");
  await page.getByRole("link", { name: "Orders", exact: true }).click();
  await page.locator("#items-view").click();
  const items = JSON.parse(await page.locator("#items-json").innerText());
  assert.deepEqual(items.map((i) => i.id.S).sort(), ["o-1", "t-1"]);
  assert.deepEqual(items.find((i) => i.id.S === "o-1").status, { S: "NEW" });
  await nav(page, "DynamoDB");
  await page.getByRole("link", { name: "OrderLines", exact: true }).click();
  await page.locator("#items-view").click();
  const lines = JSON.parse(await page.locator("#items-json").innerText());
  assert.deepEqual(lines.map((l) => [l.sku.S, l.qty.N]).sort(), [["A-1", "2"], ["B-7", "1"]]);
  await nav(page, "SQS");
  await page.getByRole("link", { name: "shipping", exact: true }).click();
  assert.equal(await page.locator("#messages-available").innerText(), "1");
  await page.locator("#poll-messages").click();
  const [envelope] = (await page.locator("#messages tbody pre").allInnerTexts()).map((t) => JSON.parse(t));
  assert.equal(envelope.Type, "Notification");
  assert.deepEqual(JSON.parse(envelope.Message), { orderId: "o-1", total: 42, status: "NEW" });

  // a share link carries the resources the machine and its function name (with the table's items)
  await openStateMachine(page, "Order");
  await page.locator("#share").click();
  const dialog = page.getByRole("dialog", { name: "Share state machine" });
  await dialog.getByText("the AWS resources it names (table OrderLines, table Orders, queue shipping, topic orders, bucket order-lines)").waitFor();
  const link = await dialog.locator("#share-link").inputValue();
  const other = await site.browser.newContext();
  const b = await other.newPage();
  await b.goto(link);
  await b.waitForSelector("body[data-ready]", { timeout: 60_000 });
  assert.deepEqual(await b.locator("#share-resources li").allInnerTexts(), ["table OrderLines", "table Orders", "queue shipping", "topic orders", "bucket order-lines"]);
  await b.locator("#share-import").click();
  await b.getByRole("heading", { name: "Order", exact: true }).waitFor();
  await nav(b, "DynamoDB");
  await b.getByRole("link", { name: "Orders", exact: true }).click();
  assert.equal(await b.locator("#items tbody tr").count(), 2);
  await other.close();
  assert.deepEqual(errors, []);
  await page.context().close();
});
