// The workspace kept in IndexedDB: large executions survive a reload and are listed at once,
// a record that cannot be read is set aside while everything else loads, the workspace an
// earlier StepLab kept in localStorage is migrated, and two tabs creating functions at the same
// moment both keep theirs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { createFunction, createStateMachine, openStateMachine, paste, storedWorkspace, setCode, editorText } from "./console.mjs";

const site = useSite();

/** Starts an execution named `name` with `input` pasted in, and waits for it to end with `status`. */
async function run(page, name, input, status = "Succeeded") {
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  await dialog.getByLabel("Name").fill(name);
  await paste(page, "#execution-input", input);
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.getByText(`Execution: ${name}`).waitFor();
  await page.locator("#execution-status").filter({ hasText: status }).waitFor({ timeout: 120_000 });
}

/** How many executions of 25,000 events (the history's limit) the store keeps and lists after a reload. */
const RUNS = 20;

/** Per stored execution: its status, the events its header counts and its history chunks' events. */
const storedHistories = (page) =>
  page.evaluate(() => new Promise((ok) => {
    const r = indexedDB.open("steplab");
    r.onsuccess = () => {
      const tx = r.result.transaction(["executions", "history"]);
      const headers = tx.objectStore("executions").getAll();
      const keys = tx.objectStore("history").getAllKeys();
      tx.oncomplete = () => {
        r.result.close();
        ok(headers.result.map((t) => {
          const h = JSON.parse(t).record;
          const chunks = keys.result.filter((k) => k.startsWith(`${h.arn}#`)).length;
          return { name: h.name, status: h.status, count: h.event_count, chunks };
        }));
      };
    };
  }));

test("twenty executions that reach the 25,000-event limit are kept, listed after a reload, read when opened and exported", async () => {
  const { page, errors } = await openConsole(site);
  const definition = await readFile(join(root, "bench/workloads/map.asl.json"), "utf8");
  await createStateMachine(page, "BigMap", definition);
  // 6,250 items of four events each: the run reaches the history's limit and fails there
  const input = JSON.stringify({ items: Array.from({ length: 6250 }, (_, id) => ({ id })) });
  let count = 0;
  for (let i = 1; i <= RUNS; i++) {
    await openStateMachine(page, "BigMap");
    await run(page, `big-${i}`, input, "Failed");
    count = Number((await page.locator("#events-panel h2").innerText()).match(/^Events \((\d+)\)$/)[1]);
    assert.ok(count >= 25_000, `${count} events`);
  }
  const chunks = Math.ceil(count / 1000);
  // the last one's history is written (a reload during a save would lose what is not written yet)
  for (let tries = 0; ; tries++) {
    const stored = await storedHistories(page);
    if (stored.length === RUNS && stored.every((e) => e.status === "FAILED" && e.count === count && e.chunks === chunks)) break;
    assert.ok(tries < 150, `every execution is stored whole: ${JSON.stringify(stored)}`);
    await page.waitForTimeout(200);
  }
  // … and after a reload all five are listed
  await page.reload();
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  await openStateMachine(page, "BigMap");
  const rows = page.locator("#executions tbody tr");
  assert.equal(await rows.count(), RUNS);
  for (let i = 1; i <= RUNS; i++) {
    const row = rows.filter({ has: page.getByRole("link", { name: `big-${i}`, exact: true }) });
    assert.match(await row.innerText(), /Failed/);
  }
  // opened: its history is read from the store
  await page.getByRole("link", { name: "big-3", exact: true }).click();
  await page.locator("#events-panel h2", { hasText: `Events (${count})` }).waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(shots, "storage-reload.png") });
  // the home page shows the storage used and the largest executions; one deleted is gone for good
  await page.getByRole("link", { name: "StepLab", exact: true }).click();
  await page.locator("#storage-used", { hasText: "Storage used:" }).waitFor();
  const largest = page.locator("#largest-executions .storage-execution");
  assert.equal(await largest.count(), 5);
  assert.match(await largest.first().innerText(), new RegExp(`${count} events`));
  await page.locator('.storage-execution[data-arn$=":big-1"]').getByRole("button", { name: "Delete" }).click();
  await page.locator('.storage-execution[data-arn$=":big-1"]').waitFor({ state: "detached" });
  for (let tries = 0; (await storedHistories(page)).length !== RUNS - 1; tries++) {
    assert.ok(tries < 50, "the deleted execution is removed from the store");
    await page.waitForTimeout(100);
  }
  // Export writes every execution with its history (read from the store: none was opened but
  // big-3), and the file imports in another browser profile
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export workspace" }).click()]);
  const exported = await download.path();
  const file = JSON.parse(await readFile(exported, "utf8"));
  assert.deepEqual(file.executions.map((e) => e.name).sort(), Array.from({ length: RUNS - 1 }, (_, i) => `big-${i + 2}`).sort());
  assert.ok(file.executions.every((e) => e.events.length === count));
  const other = await openConsole(site);
  await other.page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await other.page.getByLabel("Workspace file").setInputFiles(exported);
  await other.page.getByText(new RegExp(`^Imported .*: 0 functions, 1 state machines, ${RUNS - 1} executions\\.$`)).waitFor({ timeout: 60_000 });
  await other.context.close();
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a record that cannot be read is set aside, listed with Export and Delete, and the rest loads", async () => {
  const { page, errors } = await openConsole(site);
  await createFunction(page, "Kept", "def lambda_handler(event, context):\n    return 1\n");
  await createStateMachine(page, "Machine", { StartAt: "P", States: { P: { Type: "Pass", End: true } } });
  // a function record garbled in the store
  await page.evaluate(() => new Promise((ok, no) => {
    const r = indexedDB.open("steplab");
    r.onsuccess = () => {
      const tx = r.result.transaction("functions", "readwrite");
      tx.objectStore("functions").put('{"schema": 1, "record": {"name": "Broken", "runtime": 3}}', "Broken");
      tx.oncomplete = () => { r.result.close(); ok(); };
      tx.onerror = () => no(tx.error);
    };
  }));
  await page.reload();
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  const aside = page.locator("#set-aside");
  await aside.waitFor();
  assert.match(await aside.innerText(), /1 stored record\(s\) could not be read/);
  assert.match(await aside.innerText(), /functions Broken/);
  // everything else loaded
  await page.getByRole("link", { name: "Lambda", exact: true }).click();
  await page.getByRole("link", { name: "Kept", exact: true }).waitFor();
  await openStateMachine(page, "Machine");
  // kept aside, not dropped: in the quarantine store with its text
  const stored = await storedWorkspace(page);
  assert.deepEqual(stored.functions.map((f) => f.function_name), ["Kept"]);
  const quarantined = await page.evaluate(() => new Promise((ok) => {
    const r = indexedDB.open("steplab");
    r.onsuccess = () => {
      const req = r.result.transaction("quarantine").objectStore("quarantine").getAll();
      req.onsuccess = () => { ok(req.result.map((t) => JSON.parse(t))); r.result.close(); };
    };
  }));
  assert.equal(quarantined.length, 1);
  assert.match(quarantined[0].text, /"runtime": 3/);
  // Export gives its text; Delete removes it for good
  const [download] = await Promise.all([page.waitForEvent("download"), aside.getByRole("button", { name: "Export" }).click()]);
  assert.match(await readFile(await download.path(), "utf8"), /"name": "Broken"/);
  await aside.getByRole("button", { name: "Delete" }).click();
  await aside.waitFor({ state: "detached" });
  await page.reload();
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  assert.equal(await page.locator("#set-aside").count(), 0);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("the workspace an earlier StepLab kept in localStorage is migrated, a bad record set aside, and the old copy removed", async () => {
  const context = await site.browser.newContext();
  const old = {
    functions: [
      { name: "OldOne", runtime: "python3.11", handler: "lambda_function.lambda_handler", code: "def lambda_handler(e, c):\n    return 'old'\n", last_modified_millis: 1700000000000 },
      { name: "Garbled", runtime: 11 },
    ],
    state_machines: [{ name: "OldMachine", kind: "STANDARD", definition: '{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}', role_name: "r", creation_millis: 1700000000000 }],
    executions: [],
  };
  await context.addInitScript((w) => {
    if (!sessionStorage.getItem("seeded")) {
      localStorage.setItem("steplab.workspace.v1", JSON.stringify(w));
      sessionStorage.setItem("seeded", "1");
    }
  }, old);
  const page = await context.newPage();
  await page.goto(`${site.server.url}/index.html`);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  assert.equal(await page.evaluate(() => localStorage.getItem("steplab.workspace.v1")), null);
  const stored = await storedWorkspace(page);
  assert.deepEqual(stored.functions.map((f) => f.function_name), ["OldOne"]);
  assert.deepEqual(stored.state_machines.map((s) => s.name), ["OldMachine"]);
  assert.match(await page.locator("#set-aside").innerText(), /localStorage functions\[1\]/);
  await page.getByRole("link", { name: "Lambda", exact: true }).click();
  await page.getByRole("link", { name: "OldOne", exact: true }).waitFor();
  await context.close();
});

test("two tabs creating functions at the same moment both keep theirs, and each sees the other's within a second", async () => {
  const { context, page: a, errors } = await openConsole(site);
  const b = await context.newPage();
  b.on("pageerror", (e) => errors.push(e.message));
  await b.goto(`${site.server.url}/index.html`);
  await b.waitForSelector("body[data-ready]", { timeout: 60_000 });
  const create = async (page, name) => {
    await page.getByRole("link", { name: "Lambda", exact: true }).click();
    await page.getByRole("link", { name: "Create function" }).click();
    await page.getByLabel("Function name").fill(name);
    await page.getByLabel("Runtime").selectOption("Python 3.11");
  };
  await create(a, "FromA");
  await create(b, "FromB");
  await Promise.all([
    a.getByRole("button", { name: "Create function" }).click(),
    b.getByRole("button", { name: "Create function" }).click(),
  ]);
  for (const page of [a, b]) {
    await page.getByRole("link", { name: "Lambda", exact: true }).click();
    await page.getByRole("link", { name: "FromA", exact: true }).waitFor({ timeout: 1000 });
    await page.getByRole("link", { name: "FromB", exact: true }).waitFor({ timeout: 1000 });
  }
  const stored = await storedWorkspace(a);
  assert.deepEqual(stored.functions.map((f) => f.function_name).sort(), ["FromA", "FromB"]);
  // an execution run in A shows in B; deleted in A, it is gone from B too
  await createStateMachine(a, "Tiny", { StartAt: "P", States: { P: { Type: "Pass", End: true } } });
  await run(a, "t-1", "{}");
  await b.getByRole("link", { name: "StepLab", exact: true }).click();
  const inB = b.locator('.storage-execution[data-arn$=":t-1"]');
  await inB.waitFor({ timeout: 1000 });
  await a.getByRole("link", { name: "StepLab", exact: true }).click();
  await a.locator('.storage-execution[data-arn$=":t-1"]').getByRole("button", { name: "Delete" }).click();
  await inB.waitFor({ state: "detached", timeout: 1000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test("two tabs editing the same function's code get a conflict to settle, never a silent overwrite", async () => {
  const { context, page: a, errors } = await openConsole(site);
  await createFunction(a, "Shared", "def lambda_handler(event, context):\n    return 0\n");
  const b = await context.newPage();
  b.on("pageerror", (e) => errors.push(e.message));
  await b.goto(`${site.server.url}/index.html#/lambda/functions/Shared`);
  await b.waitForSelector("body[data-ready]", { timeout: 60_000 });
  // A edits; B, which has no edits of its own, shows them
  await setCode(a, "#code-source", "def lambda_handler(event, context):\n    return 'a'\n");
  await b.waitForFunction(() => document.querySelector("#code-source").closest(".cm-host").steplabEditor.getValue().includes("'a'"), null, { timeout: 2000 });
  // B edits too: A has edits of its own, so A is asked
  await setCode(b, "#code-source", "def lambda_handler(event, context):\n    return 'b'\n");
  await a.locator("#function-conflict").waitFor({ timeout: 2000 });
  assert.ok((await editorText(a, "#code-source")).includes("'a'"), "A keeps its edits until it chooses");
  await a.locator("#keep-mine").click();
  // A's version is saved over B's, and B (with edits of its own) is asked in turn
  await b.locator("#function-conflict").waitFor({ timeout: 2000 });
  await b.locator("#take-theirs").click();
  await b.waitForFunction(() => document.querySelector("#code-source").closest(".cm-host").steplabEditor.getValue().includes("'a'"), null, { timeout: 2000 });
  const stored = await storedWorkspace(b);
  assert.match(stored.functions.find((f) => f.function_name === "Shared").draft, /return 'a'/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("two tabs editing the same state machine in Workflow Studio get a conflict to settle, and a tab without edits follows", async () => {
  const { context, page: a, errors } = await openConsole(site);
  const pass = (result) => JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", Result: result, End: true } } }, null, 2);
  await createStateMachine(a, "Shared", pass("saved"));
  const editor = (page) => page.locator("#definition");
  const open = async (page) => {
    await page.goto(`${site.server.url}/index.html#/states/statemachines/edit/Shared`);
    await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
    await editor(page).waitFor();
  };
  await a.getByRole("button", { name: "Edit" }).click();
  await editor(a).waitFor();
  const b = await context.newPage();
  b.on("pageerror", (e) => errors.push(e.message));
  await open(b);
  // A edits; B, which has no edits of its own, follows
  await setCode(a, "#definition", pass("a"));
  await b.waitForFunction(() => document.querySelector("#definition").closest(".cm-host").steplabEditor.getValue().includes('"a"'), null, { timeout: 2000 });
  // B edits too: A has edits of its own, so A is asked, and keeps its text until it chooses
  await setCode(b, "#definition", pass("b"));
  await a.locator("#draft-conflict").waitFor({ timeout: 2000 });
  assert.match(await editorText(a, "#definition"), /"a"/);
  await a.locator("#keep-mine").click();
  // A's draft is written over B's, and B (with edits of its own) is asked in turn
  await b.locator("#draft-conflict").waitFor({ timeout: 2000 });
  await b.locator("#take-theirs").click();
  await b.waitForFunction(() => document.querySelector("#definition").closest(".cm-host").steplabEditor.getValue().includes('"a"'), null, { timeout: 2000 });
  // B saves the machine; A, still on its page with the same text, has nothing to settle
  await b.getByRole("button", { name: "Save", exact: true }).click();
  await b.getByRole("heading", { name: "Shared", exact: true }).waitFor();
  await a.waitForTimeout(500);
  assert.equal(await a.locator("#draft-conflict").count(), 0);
  // A edits again, then B edits and saves: A is asked, with B's saved definition as theirs
  await setCode(a, "#definition", pass("a2"));
  await open(b);
  await setCode(b, "#definition", pass("b2"));
  await b.getByRole("button", { name: "Save", exact: true }).click();
  await b.getByRole("heading", { name: "Shared", exact: true }).waitFor();
  await a.locator("#draft-conflict").waitFor({ timeout: 2000 });
  assert.match(await a.locator("#draft-conflict pre").textContent(), /"b2"/);
  assert.match(await editorText(a, "#definition"), /"a2"/, "A keeps its edits until it chooses");
  await a.locator("#take-theirs").click();
  assert.match(await editorText(a, "#definition"), /"b2"/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("an import file that is truncated or of another format gets a message that says what and where, and nothing stored changes", async () => {
  const { page, errors } = await openConsole(site);
  await createFunction(page, "Mine", "def lambda_handler(event, context):\n    return 1\n");
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  const before = JSON.stringify(await storedWorkspace(page));
  const file = page.locator('input[type=file][aria-label="Workspace file"]');
  const alert = page.locator(".workspace-file [role=alert]");
  // cut short
  await file.setInputFiles({ name: "cut.json", mimeType: "application/json", buffer: Buffer.from('{\n  "functions": [\n    {"name": "X"') });
  await alert.waitFor();
  assert.match(await alert.innerText(), /^The file is not valid JSON: EOF while parsing .* at line 3, column \d+$/);
  // another format
  await file.setInputFiles({ name: "other.json", mimeType: "application/json", buffer: Buffer.from('{"Comment": "a state machine", "StartAt": "A"}') });
  await page.locator(".workspace-file [role=alert]", { hasText: "none of functions, state_machines, executions" }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(JSON.stringify(await storedWorkspace(page)), before);
  assert.deepEqual(errors, []);
  await page.context().close();
});
