// The embed widget: the sample docs page (web/docs/index.html) embeds three state machines with
// <steplab-embed>; each renders its graph, code and input, runs, and shows its result, and none of
// them touches the workspace the console keeps in localStorage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, root, shots } from "./site.mjs";
import { storedWorkspace, setCode, editorText } from "./console.mjs";


const site = useSite();

// a workspace of the user's own, as the console saved it before the function config had its own
// type (`name`, not `function_name`): it still loads
const MINE = {
  partition: { region: "ca-central-1", account: "123456789012" },
  functions: [{ name: "MyOwnFunction", runtime: "python3.11", handler: "lambda_function.lambda_handler",
    code: "def lambda_handler(event, context):\n    return 'mine'\n", last_modified_millis: 1700000000000 }],
  state_machines: [],
  executions: [],
};

const storage = (page) => page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));

/** Clicks Run in an embed and waits for the execution to end; returns its status. */
async function run(frame) {
  await frame.locator("#embed-run:not([disabled])").click();
  await frame.locator('#embed-result:not([data-status="RUNNING"])').waitFor({ timeout: 120_000 });
  return frame.locator("#embed-result").getAttribute("data-status");
}

const output = async (frame) => JSON.parse(await frame.locator("#embed-output").innerText());
const stateStatus = (frame, state) => frame.locator(`.graph-node[data-state="${state}"]`).getAttribute("data-status");

test("the docs page's three embeds render, run, and leave the workspace alone", async () => {
  const context = await site.browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // the user's own workspace, in the console
  await page.goto(`${site.server.url}/index.html`);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  await page.evaluate((w) => localStorage.setItem("steplab.workspace.v1", JSON.stringify(w)), MINE);
  const before = await storage(page);

  const started = Date.now();
  await page.goto(`${site.server.url}/docs/index.html`);
  const lab = page.frameLocator("#lab-embed iframe");
  const choice = page.frameLocator("#choice-embed iframe");
  const catcher = page.frameLocator("#catch-embed iframe");
  for (const frame of [lab, choice, catcher]) await frame.locator("#embed-run").waitFor({ timeout: 120_000 });
  const ready = Date.now() - started;

  // each shows its graph, its handler's code and its input
  assert.equal(await lab.locator('.graph-node[data-state="Lambda Invoke"]').count(), 1);
  assert.match(await editorText(lab, "#embed-code"), /def lambda_handler\(event, context\):/);
  assert.equal(await lab.getByRole("tab", { name: "HelloStepFunction" }).getAttribute("aria-selected"), "true");
  assert.deepEqual(JSON.parse(await editorText(lab, "#embed-input")), {});
  assert.equal(await lab.locator(".embed").getAttribute("data-mode"), "lab");
  for (const state of ["Price order", "Large order?", "Hold for review", "Approve"]) {
    assert.equal(await choice.locator(`.graph-node[data-state="${state}"]`).count(), 1, state);
  }
  assert.match(await editorText(choice, "#embed-code"), /^def lambda_handler\(event, context\):\n    total = sum/);
  assert.deepEqual(JSON.parse(await editorText(choice, "#embed-input")), { order: "A-1001", items: [{ price: 40, quantity: 3 }] });
  assert.equal(await catcher.locator('.graph-node[data-state="Charge card"]').count(), 1);
  assert.match(await editorText(catcher, "#embed-code"), /^class CardDeclined\(Exception\):/);

  // lab mode walks the lab's steps: the function's code, the definition, then Run
  const steps = lab.getByRole("list", { name: "Lab steps" }).locator("li");
  assert.equal(await steps.count(), 3);
  assert.equal(await steps.nth(0).getAttribute("aria-current"), "step");
  await lab.locator("#embed-next-step").click();
  assert.equal(await lab.getByRole("tab", { name: "Definition" }).getAttribute("aria-selected"), "true");
  assert.equal(JSON.parse(await editorText(lab, "#embed-definition")).StartAt, "Lambda Invoke");
  await lab.locator("#embed-next-step").click();
  assert.equal(await steps.nth(2).getAttribute("aria-current"), "step");
  assert.equal(await lab.locator("#embed-next-step").count(), 0);

  // the reference lab gives the lab's output, its state green
  const ranAt = Date.now();
  assert.equal(await run(lab), "SUCCEEDED");
  const labRun = Date.now() - ranAt;
  assert.deepEqual(await output(lab), { statusCode: 200, message: "Hello from Step Function!" });
  assert.equal(await stateStatus(lab, "Lambda Invoke"), "Succeeded");
  assert.equal(await lab.locator(".embed-steps li.done").count(), 3);

  // Choice and Wait: a large order waits, then is approved
  assert.equal(await run(choice), "SUCCEEDED");
  assert.deepEqual(await output(choice), { order: "A-1001", total: 120, approved: true });
  assert.equal(await stateStatus(choice, "Hold for review"), "Succeeded");
  // editable: a small order goes straight to Approve
  await setCode(choice, "#embed-input", '{"order": "A-1003", "items": [{"price": 40, "quantity": 1}]}');
  assert.equal(await run(choice), "SUCCEEDED");
  assert.deepEqual(await output(choice), { order: "A-1003", total: 40, approved: true });
  assert.equal(await stateStatus(choice, "Hold for review"), "Not run");
  assert.equal(await stateStatus(choice, "Approve"), "Succeeded");

  // the failing handler is caught: the Catch's state reports the error
  assert.equal(await run(catcher), "SUCCEEDED");
  assert.deepEqual(await output(catcher), { order: "A-1002", status: "declined", reason: "CardDeclined" });
  assert.equal(await stateStatus(catcher, "Charge card"), "Caught error");
  assert.equal(await stateStatus(catcher, "Notify customer"), "Succeeded");

  // read-only refuses edits: code, input and definition
  const code = await editorText(catcher, "#embed-code");
  await catcher.locator("#embed-code").click();
  await page.keyboard.type("raise SystemExit");
  assert.equal(await editorText(catcher, "#embed-code"), code);
  assert.equal(await catcher.locator("#embed-code").getAttribute("contenteditable"), "false");
  const input = await editorText(catcher, "#embed-input");
  await catcher.locator("#embed-input").click();
  await page.keyboard.type("123");
  assert.equal(await editorText(catcher, "#embed-input"), input);
  await catcher.getByRole("tab", { name: "Definition" }).click();
  const definition = await editorText(catcher, "#embed-definition");
  await catcher.locator("#embed-definition").click();
  await page.keyboard.type("{");
  assert.equal(await editorText(catcher, "#embed-definition"), definition);
  assert.equal(JSON.parse(definition).StartAt, "Charge card");

  // each frame is as tall as its content
  for (const id of ["lab-embed", "choice-embed", "catch-embed"]) {
    const frame = page.frameLocator(`#${id} iframe`);
    const content = await frame.locator("body").evaluate((b) => Math.ceil(b.getBoundingClientRect().height));
    const height = await page.locator(`#${id} iframe`).evaluate((f) => parseFloat(f.style.height));
    assert.ok(Math.abs(height - content) <= 2 && height > 300, `${id}: frame ${height}px, content ${content}px`);
  }

  await page.screenshot({ path: join(shots, "embed-docs.png"), fullPage: true });
  // the console's workspace is exactly as it was, and nothing else was stored
  assert.deepEqual(await storage(page), before);
  assert.deepEqual(errors, []);
  console.log(`figures: three embeds ready ${ready} ms after navigation; lab Run → Succeeded ${labRun} ms`);
  await context.close();
});

test("lab mode's Open in StepLab imports into the console once confirmed", async () => {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.server.url}/index.html`);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  await page.evaluate((w) => localStorage.setItem("steplab.workspace.v1", JSON.stringify(w)), MINE);
  await page.goto(`${site.server.url}/docs/index.html#lab`);
  const lab = page.frameLocator("#lab-embed iframe");
  // an edit made in the embed goes along
  await setCode(lab, "#embed-input", '{"from": "docs"}');
  const [app] = await Promise.all([context.waitForEvent("page"), lab.getByRole("link", { name: "Open in StepLab" }).click()]);
  await app.waitForSelector("body[data-ready]", { timeout: 60_000 });
  // the console's permalink page shows what the link carries
  await app.locator("#share-import").waitFor();
  assert.match(await app.locator("#share-state-machine").innerText(), /SimpleLab/);
  assert.match(await app.locator("#share-state-machine").innerText(), /StepFunctions-SimpleLab-role-/);
  assert.match(await app.locator("#share-functions").innerText(), /HelloStepFunction/);
  assert.deepEqual(JSON.parse(await app.locator("#share-input").innerText()), { from: "docs" });
  // nothing is added before the user confirms
  const unchanged = await storedWorkspace(app);
  assert.deepEqual(unchanged.functions.map((f) => f.function_name), ["MyOwnFunction"]);
  assert.deepEqual(unchanged.state_machines, []);
  await app.locator("#share-import").click();
  await app.getByRole("heading", { name: "SimpleLab", exact: true }).waitFor();
  const saved = await storedWorkspace(app);
  assert.deepEqual(saved.functions.map((f) => f.function_name).sort(), ["HelloStepFunction", "MyOwnFunction"]);
  assert.equal(saved.state_machines[0].name, "SimpleLab");
  assert.equal(JSON.parse(saved.state_machines[0].definition).StartAt, "Lambda Invoke");
  assert.match(saved.functions.find((f) => f.function_name === "HelloStepFunction").code, /Hello from Step Function!/);
  await app.screenshot({ path: join(shots, "embed-import.png"), fullPage: true });
  await context.close();
});

test("bad embed content gets a clear message", async () => {
  const context = await site.browser.newContext();
  const cases = [
    ["#src=examples/missing.json", /examples\/missing\.json: HTTP 404/],
    ["#c=eyJkZWZpbml0aW9uIjog", /not valid JSON: EOF while parsing a value at line 1, column 15/],
    [`#c=${Buffer.from('{"definition": {}, "mode": "kiosk"}').toString("base64url")}`, /"mode" is "kiosk": it must be one of "read-only", "editable", "lab"/],
    ["#c=***", /not base64url/],
    ["", /Nothing to show/],
  ];
  for (const [fragment, message] of cases) {
    // a page each: a new fragment alone does not reload embed.html
    const page = await context.newPage();
    await page.goto(`${site.server.url}/embed.html${fragment}`);
    await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
    assert.match(await page.locator("#embed-problem").innerText(), message, fragment);
    await page.close();
  }
  await context.close();
});

test("attributes override a src file's fields, and height fixes the frame", async () => {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  await page.goto(`${site.server.url}/docs/index.html`);
  await page.evaluate(() => {
    const element = document.createElement("steplab-embed");
    element.id = "added";
    element.setAttribute("src", "examples/hello-step-function.json");
    element.setAttribute("mode", "read-only");
    element.setAttribute("input", '{"from": "attribute"}');
    element.setAttribute("height", "420");
    document.body.append(element);
  });
  const frame = page.frameLocator("#added iframe");
  await frame.locator("#embed-run").waitFor({ timeout: 120_000 });
  assert.equal(await frame.locator(".embed").getAttribute("data-mode"), "read-only");
  assert.deepEqual(JSON.parse(await editorText(frame, "#embed-input")), { from: "attribute" });
  // the file's other fields stay
  assert.match(await frame.locator(".embed-title").innerText(), /HelloStepFunction/);
  assert.equal(await run(frame), "SUCCEEDED");
  assert.deepEqual(await output(frame), { statusCode: 200, message: "Hello from Step Function!" });
  assert.equal(await page.locator("#added iframe").evaluate((f) => f.style.height), "420px");
  await context.close();
});
