// A store that runs out of room: the console's IndexedDB is kept in a storage bucket with a small
// quota (navigator.storageBuckets), so the browser itself refuses the write that does not fit with
// QuotaExceededError. The execution whose history does not fit is named, on its page and in the
// banner, with Try again; everything saved before it is still there after a reload, and the
// execution that did not fit reads as what was saved of it, never as more.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { useSite, root, shots } from "./site.mjs";
import { createStateMachine, openStateMachine, paste } from "./console.mjs";

const site = useSite();

/** The bucket's quota: room for a state machine and small executions, not for 24,000 events. */
const QUOTA = 300_000;

async function open(page) {
  await page.goto(`${site.server.url}/index.html`);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  // the console's database is the bucket's (the bucket opens before the app's wasm has loaded)
  const inBucket = await page.evaluate(async () =>
    (await (await window.bucket).indexedDB.databases()).some((d) => d.name === "steplab"));
  assert.ok(inBucket, "the console keeps its workspace in the bucket");
}

async function start(page, name, input) {
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  await dialog.getByLabel("Name").fill(name);
  await paste(page, "#execution-input", input);
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.getByText(`Execution: ${name}`).waitFor();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 120_000 });
}

test("an execution that does not fit in the store is named on its page with Try again, and nothing saved before is lost", async () => {
  const context = await site.browser.newContext();
  await context.addInitScript((quota) => {
    window.bucket = navigator.storageBuckets.open("steplab-full", { quota }).then((bucket) => {
      Object.defineProperty(window, "indexedDB", { value: bucket.indexedDB, configurable: true });
      return bucket;
    });
  }, QUOTA);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await open(page);

  const definition = await readFile(join(root, "bench/workloads/map.asl.json"), "utf8");
  await createStateMachine(page, "BigMap", definition);
  await openStateMachine(page, "BigMap");
  await start(page, "small", JSON.stringify({ items: [{ id: 1 }, { id: 2 }] }));
  assert.equal(await page.locator("#unsaved-banner").count(), 0, "the small one fits");

  await openStateMachine(page, "BigMap");
  const items = Array.from({ length: 6000 }, (_, id) => ({ id }));
  await start(page, "big", JSON.stringify({ items }));
  // the save that does not fit is named, with the browser's reason, in the banner and on its page
  const banner = page.locator("#unsaved-banner");
  await banner.waitFor({ timeout: 60_000 });
  assert.match(await banner.innerText(), /Execution big could not be saved \(QuotaExceededError/);
  const notice = page.locator(".execution-page .unsaved");
  assert.match(await notice.innerText(), /Execution big: the latest changes are not saved \(QuotaExceededError/);
  await page.screenshot({ path: join(shots, "storage-full.png") });
  // Try again fails again while there is no room, and says so again
  await notice.getByRole("button", { name: "Try again" }).click();
  await page.waitForTimeout(1000);
  assert.match(await banner.innerText(), /Execution big could not be saved \(QuotaExceededError/);

  // leaving the page now asks first (what is shown is not stored)
  const prompts = [];
  page.on("dialog", (d) => {
    prompts.push(d.type());
    d.accept();
  });
  // after a reload: the state machine and the small execution, whole; of the big one, what was
  // saved of it (its start), closed as Aborted since the page that ran it is gone
  await open(page);
  assert.deepEqual(prompts, ["beforeunload"], "the browser asked before leaving");
  await openStateMachine(page, "BigMap");
  const rows = (await page.locator("#executions tbody tr").allInnerTexts()).map((r) => r.split("\t").slice(0, 2));
  assert.deepEqual(rows, [["big", "Aborted"], ["small", "Succeeded"]]);
  await page.getByRole("link", { name: "small", exact: true }).click();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor();
  assert.match(await page.locator("#events-panel h2").innerText(), /Events \(\d+\)/);
  assert.deepEqual(errors, []);
  await page.evaluate(() => navigator.storageBuckets.delete("steplab-full"));
  await context.close();
});
