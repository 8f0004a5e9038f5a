// Workflow Studio the console way (../shared/lab/README.md step 2): Design mode, "AWS Lambda Invoke" dragged
// onto the empty canvas, HelloStepFunction picked in the Inspector, the Code view equal to
// simple_lab.asl.json, Create, Confirm. Then the click/keyboard way of adding states, undo/redo, and the
// create flow's templates and "Copy to new".
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { newStateMachine, paste, storedWorkspace, setCode, editorText } from "./console.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const lab = join(root, "..", "shared", "lab");

const site = useSite();

const openApp = () => openConsole(site, { viewport: { width: 1400, height: 900 } });

async function createFunction(page, name) {
  await page.getByRole("link", { name: "Lambda", exact: true }).click();
  await page.getByRole("link", { name: "Create function" }).click();
  await page.getByLabel("Function name").fill(name);
  await page.getByRole("button", { name: "Create function" }).click();
  await page.getByRole("button", { name: "Deploy" }).waitFor();
}

/** The text in the Code editor, after switching to Code mode. */
async function codeView(page) {
  await page.getByRole("tab", { name: "Code" }).click();
  return editorText(page, "#definition");
}

/** Keys in document order, recursively: equal only when both have the same keys in the same order. */
function keyOrder(v) {
  if (Array.isArray(v)) return v.map(keyOrder);
  if (v && typeof v === "object") return Object.entries(v).map(([k, x]) => [k, keyOrder(x)]);
  return v;
}

test("the lab's state machine, built in Design mode", async () => {
  const { page, errors } = await openApp();
  await createFunction(page, "HelloStepFunction");
  await newStateMachine(page, "SimpleLab");

  assert.equal(await page.getByRole("tab", { name: "Design" }).getAttribute("aria-selected"), "true");
  const toolbar = page.getByRole("toolbar", { name: "Design tools" });
  for (const name of ["Undo", "Redo", "Zoom in", "Zoom out", "Center", "Duplicate", "Delete"]) {
    await toolbar.getByRole("button", { name, exact: true }).waitFor();
  }
  const browserPanel = page.getByRole("complementary", { name: "States browser" });
  for (const name of ["Actions", "Flow", "Patterns"]) await browserPanel.getByRole("tab", { name }).waitFor();
  const firstAction = browserPanel.locator(".browser-item").first();
  assert.match(await firstAction.innerText(), /^AWS Lambda Invoke/);
  const empty = page.locator(".canvas .graph-drop");
  assert.equal(await empty.innerText(), "Drag first state here");
  assert.deepEqual(await page.locator(".canvas .graph-terminal").allInnerTexts(), ["Start", "End"]);

  // drag "AWS Lambda Invoke" onto the empty canvas (HTML5 drag and drop)
  await firstAction.dragTo(empty);
  const node = page.locator('.graph-node[data-state="Lambda Invoke"]');
  await node.waitFor();
  assert.equal(await node.getAttribute("aria-pressed"), "true", "the new state is selected");
  const inspector = page.getByRole("complementary", { name: "Inspector" });
  for (const name of ["Configuration", "Arguments & Output", "Error handling", "Variables"]) {
    await inspector.getByRole("tab", { name }).waitFor();
  }
  await inspector.getByLabel("Function name").selectOption("HelloStepFunction");
  await page.screenshot({ path: join(shots, "studio-design.png"), fullPage: true });

  const expected = JSON.parse(await readFile(join(lab, "simple_lab.asl.json"), "utf8"));
  await inspector.getByRole("tab", { name: "Definition" }).click();
  assert.deepEqual(JSON.parse(await inspector.getByLabel("State definition").innerText()), { "Lambda Invoke": expected.States["Lambda Invoke"] });
  const code = await codeView(page);
  assert.deepEqual(JSON.parse(code), expected);
  assert.deepEqual(keyOrder(JSON.parse(code)), keyOrder(expected));
  assert.equal(code, JSON.stringify(expected, null, 2));
  await page.screenshot({ path: join(shots, "studio-code.png"), fullPage: true });

  await page.getByRole("button", { name: "Create", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm role creation" });
  await dialog.getByText("lambda:InvokeFunction").waitFor();
  await dialog.getByText(/StepFunctions-SimpleLab-role-/).first().waitFor();
  await dialog.getByRole("button", { name: "View role configuration" }).click();
  const policy = JSON.parse(await dialog.locator("pre.json").nth(1).innerText());
  assert.deepEqual(policy.Statement[0].Resource, [
    "arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction",
    "arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction:*",
  ]);
  assert.deepEqual(await dialog.locator("tbody tr td:first-child").allInnerTexts(), ["AWS Lambda", "AWS X-Ray"]);
  await page.screenshot({ path: join(shots, "studio-role-dialog.png"), fullPage: true });
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("heading", { name: "SimpleLab", exact: true }).waitFor();
  assert.deepEqual(errors, []);
});

test("states are added with clicks and the keyboard, and edits can be undone", async () => {
  const { page, errors } = await openApp();
  await newStateMachine(page, "Clicked");
  const browserPanel = page.getByRole("complementary", { name: "States browser" });
  await browserPanel.getByRole("tab", { name: "Flow" }).click();
  await browserPanel.getByLabel("Search states").fill("wai");
  assert.deepEqual(await browserPanel.locator(".browser-item strong").allInnerTexts(), ["Wait"]);
  await browserPanel.getByLabel("Search states").fill("");

  // pick Pass with a click, drop it with a click on the empty canvas
  await browserPanel.getByRole("button", { name: /^Pass/ }).click();
  await page.locator(".canvas .graph-drop").click();
  await page.locator('.graph-node[data-state="Pass"]').waitFor();
  // pick Wait with the keyboard, drop it after Pass with the keyboard
  await browserPanel.getByRole("button", { name: /^Wait/ }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Add Wait here: after Pass" }).focus();
  await page.keyboard.press("Enter");
  await page.locator('.graph-node[data-state="Wait"]').waitFor();
  // a Choice between them: its rule and default both go on to Wait
  await browserPanel.getByRole("button", { name: /^Choice/ }).click();
  await page.getByRole("button", { name: "Add Choice here: after Pass" }).click();
  let def = JSON.parse(await codeView(page));
  assert.deepEqual(Object.keys(def.States), ["Pass", "Choice", "Wait"]);
  assert.equal(def.States.Pass.Next, "Choice");
  assert.equal(def.States.Choice.Choices[0].Next, "Wait");
  assert.equal(def.States.Choice.Default, "Wait");
  assert.equal(def.States.Wait.End, true);

  // a second Choice rule, added in the Inspector
  await page.getByRole("tab", { name: "Design" }).click();
  await page.locator('.graph-node[data-state="Choice"]').click();
  await page.getByRole("button", { name: "Add new choice rule" }).click();
  await page.getByLabel("Condition").nth(1).fill("{% $states.input.fast %}");
  def = JSON.parse(await codeView(page));
  assert.deepEqual(def.States.Choice.Choices[1], { Condition: "{% $states.input.fast %}", Next: "Wait" });

  // Inspector edits apply at once: rename Wait, give it a comment
  await page.getByRole("tab", { name: "Design" }).click();
  await page.locator('.graph-node[data-state="Wait"]').click();
  await page.getByLabel("State name").fill("Pause");
  await page.getByLabel("Comment - optional").fill("a short pause");
  await page.getByLabel("Seconds", { exact: true }).fill("10");
  await page.locator('.graph-node[data-state="Pause"]').waitFor();
  def = JSON.parse(await codeView(page));
  assert.equal(def.States.Choice.Default, "Pause");
  assert.equal(def.States.Pause.Comment, "a short pause");
  assert.equal(def.States.Pause.Seconds, 10);

  // duplicate, delete, undo, redo
  await page.getByRole("tab", { name: "Design" }).click();
  const toolbar = page.getByRole("toolbar", { name: "Design tools" });
  await page.locator('.graph-node[data-state="Pass"]').click();
  await toolbar.getByRole("button", { name: "Duplicate" }).click();
  await page.locator('.graph-node[data-state="Pass (1)"]').waitFor();
  await toolbar.getByRole("button", { name: "Delete" }).click();
  await page.locator('.graph-node[data-state="Pass (1)"]').waitFor({ state: "detached" });
  await toolbar.getByRole("button", { name: "Undo" }).click();
  await page.locator('.graph-node[data-state="Pass (1)"]').waitFor();
  await toolbar.getByRole("button", { name: "Redo" }).click();
  await page.locator('.graph-node[data-state="Pass (1)"]').waitFor({ state: "detached" });
  // move a state by dragging it onto a drop zone; delete with the Delete key
  await page.locator('.graph-node[data-state="Pass"]').dragTo(page.locator('.drop-zone[title$=": after Pause"]'));
  def = JSON.parse(await codeView(page));
  assert.equal(def.StartAt, "Choice");
  assert.equal(def.States.Pause.Next, "Pass");
  assert.equal(def.States.Pass.End, true);
  await page.getByRole("tab", { name: "Design" }).click();
  await page.locator('.graph-node[data-state="Pass"]').click();
  await page.keyboard.press("Delete");
  await page.locator('.graph-node[data-state="Pass"]').waitFor({ state: "detached" });
  def = JSON.parse(await codeView(page));
  assert.equal(def.States.Pause.End, true);
  await page.getByRole("tab", { name: "Design" }).click();
  await toolbar.getByRole("button", { name: "Zoom out" }).click();
  await toolbar.getByRole("button", { name: "Center" }).click();

  // a dangling Next is listed with its AWS code and underlined where it is
  await page.getByRole("tab", { name: "Code" }).click();
  const dangling = JSON.parse(await editorText(page, "#definition"));
  dangling.States.Pause.Next = "Nowhere";
  delete dangling.States.Pause.End;
  await paste(page, "#definition", JSON.stringify(dangling, null, 2));
  await page.getByRole("alert", { name: "Definition problems" }).getByText("MISSING_TRANSITION_TARGET").first().waitFor();
  await page.locator(".cm-lintRange-error").first().waitFor();
  assert.ok((await page.locator(".cm-lintRange-error").allInnerTexts()).some((t) => t.includes("Nowhere")));
  await page.screenshot({ path: join(shots, "studio-diagnostics.png"), fullPage: true });

  // invalid JSON blocks Design mode, with the reason, and keeps the text
  await setCode(page, "#definition", '{"StartAt": ');
  await page.getByRole("tab", { name: "Design" }).click();
  await page.getByText("Design mode is unavailable: the definition is not valid JSON").waitFor();
  assert.equal(await editorText(page, "#definition"), '{"StartAt": ');

  // a reload loses nothing: the unsaved machine is offered back, with its text
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  await page.getByText("The state machine Clicked was not created yet").waitFor();
  await page.getByRole("button", { name: "Continue editing" }).click();
  await page.getByRole("tab", { name: "Code" }).click();
  assert.equal(await editorText(page, "#definition"), '{"StartAt": ');
  assert.deepEqual(errors, []);
});

test("create from a template, and copy to new", async () => {
  const { page, errors } = await openApp();
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.getByRole("button", { name: "Create state machine" }).click();
  await page.getByLabel("Create from template").check();
  await page.getByLabel("Parallel").check();
  await page.getByLabel("State machine name").fill("Twins");
  await page.getByRole("button", { name: "Continue" }).click();
  for (const s of ["Parallel", "Greet", "Pause", "Combine"]) await page.locator(`.graph-node[data-state="${s}"]`).waitFor();
  await page.screenshot({ path: join(shots, "studio-parallel.png"), fullPage: true });
  // a drop onto an invalid target is refused, visibly
  await page.locator('.graph-node[data-state="Parallel"]').dragTo(page.locator('.drop-zone[title$="at the start of Parallel branch 1"]'));
  await page.getByRole("alert").filter({ hasText: "Parallel cannot be moved inside itself" }).waitFor();
  assert.equal(JSON.parse(await codeView(page)).StartAt, "Parallel");
  await page.getByRole("tab", { name: "Design" }).click();
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("dialog", { name: "Confirm role creation" }).getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("heading", { name: "Twins", exact: true }).waitFor();

  // Code mode: YAML view, Format; Config mode: tags kept with the machine
  await page.getByRole("link", { name: "State machines" }).click();
  await page.getByLabel("Select Twins").check();
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByRole("button", { name: "YAML", exact: true }).click();
  assert.match(await editorText(page, "#definition-yaml"), /^Comment: Two branches at the same time\nStartAt: Parallel\n/);
  await page.getByRole("button", { name: "JSON", exact: true }).click();
  await paste(page, "#definition", JSON.stringify(JSON.parse(await editorText(page, "#definition"))));
  await page.getByRole("status").filter({ hasText: "Unsaved changes" }).waitFor();
  await page.getByRole("button", { name: "Format" }).click();
  assert.match(await editorText(page, "#definition"), /^\{\n  "Comment"/);
  await page.getByRole("tab", { name: "Config" }).click();
  await page.getByLabel("Log level").selectOption("ERROR");
  await page.getByLabel("Enable X-Ray tracing").check();
  await page.getByRole("button", { name: "Add new tag" }).click();
  await page.getByLabel("Tag 1 key").fill("aws:nope");
  await page.getByText('keys starting with "aws:" are reserved').waitFor();
  assert.equal(await page.getByRole("button", { name: "Save", exact: true }).isDisabled(), true);
  await page.getByLabel("Tag 1 key").fill("team");
  await page.getByLabel("Tag 1 value").fill("lab");
  await page.screenshot({ path: join(shots, "studio-config.png"), fullPage: true });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await page.getByRole("heading", { name: "Twins", exact: true }).waitFor();
  const saved = (await storedWorkspace(page)).state_machines.find((s) => s.name === "Twins").config;
  assert.deepEqual(saved, { log_level: "ERROR", include_execution_data: false, tracing: true, tags: [["team", "lab"]] });

  await page.getByRole("link", { name: "State machines" }).click();
  await page.getByLabel("Select Twins").check();
  await page.getByRole("button", { name: "Copy to new" }).click();
  assert.equal(await page.getByLabel("State machine name").inputValue(), "Twins-copy");
  await page.getByRole("button", { name: "Continue" }).click();
  const copied = JSON.parse(await codeView(page));
  assert.deepEqual(Object.keys(copied.States), ["Parallel", "Combine"]);

  // the whole workspace goes to a file and comes back in another browser profile
  await page.getByRole("button", { name: "Cancel" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export workspace" }).click()]);
  const exported = await readFile(await download.path(), "utf8");
  assert.deepEqual(JSON.parse(exported).state_machines.map((s) => s.name), ["Twins"]);
  const other = await openApp();
  await other.page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await other.page.getByLabel("Workspace file").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from('{"functions": [') });
  await other.page.getByRole("alert").filter({ hasText: "The file is not valid JSON" }).waitFor();
  await other.page.getByLabel("Workspace file").setInputFiles({ name: "ws.json", mimeType: "application/json", buffer: Buffer.from(exported) });
  await other.page.getByText("Imported ws.json: 0 functions, 1 state machines, 0 executions.").waitFor();
  await other.page.getByRole("link", { name: "Twins", exact: true }).waitFor();
  assert.deepEqual(other.errors, []);
  assert.deepEqual(errors, []);
});

/** A machine of `n` states: Lambda tasks with a catcher, and every 8th a Choice whose two branches rejoin. */
function bigMachine(n) {
  const States = {};
  const name = (i) => `Step ${i}`;
  let i = 0;
  while (i < n - 2) {
    if (i % 8 === 7 && i + 3 < n - 2) {
      States[name(i)] = { Type: "Choice", Choices: [{ Condition: "{% $states.input.left %}", Next: name(i + 1) }], Default: name(i + 2) };
      States[name(i + 1)] = { Type: "Pass", Next: name(i + 3) };
      States[name(i + 2)] = { Type: "Pass", Next: name(i + 3) };
      i += 3;
    } else {
      States[name(i)] = {
        Type: "Task", Resource: "arn:aws:states:::lambda:invoke",
        Arguments: { FunctionName: "HelloStepFunction", Payload: "{% $states.input %}" },
        Catch: [{ ErrorEquals: ["States.ALL"], Next: "Failed" }], Next: name(i + 1),
      };
      i += 1;
    }
  }
  States[name(i)] = { Type: "Succeed" };
  States.Failed = { Type: "Fail", Error: "Oops" };
  return { StartAt: name(0), States, QueryLanguage: "JSONata" };
}

test("large machines stay readable and responsive; names are text", async () => {
  const { page, errors } = await openApp();
  await newStateMachine(page, "Big");
  await page.getByRole("tab", { name: "Code" }).click();
  await paste(page, "#definition", JSON.stringify(bigMachine(40), null, 2));
  await page.getByRole("tab", { name: "Design" }).click();
  assert.equal(await page.locator(".design-canvas .graph-node").count(), 40);
  await page.screenshot({ path: join(shots, "studio-40-states.png"), fullPage: true });
  // branches of a Choice sit side by side
  const box = async (s) => page.locator(`.graph-node[data-state="${s}"]`).boundingBox();
  const [left, right] = [await box("Step 8"), await box("Step 9")];
  assert.equal(left.y, right.y);
  assert.ok(left.x + left.width < right.x);

  await page.getByRole("tab", { name: "Code" }).click();
  const started = Date.now();
  await paste(page, "#definition", JSON.stringify(bigMachine(300), null, 2));
  await page.getByRole("tab", { name: "Design" }).click();
  assert.equal(await page.locator(".design-canvas .graph-node").count(), 300);
  const took = Date.now() - started;
  assert.ok(took < 10_000, `300 states took ${took} ms`);
  console.log(`figures: 300-state machine pasted and drawn in Design mode in ${took} ms`);

  // a state named with markup is shown as text
  await page.locator('.graph-node[data-state="Step 0"]').click();
  await page.getByLabel("State name").fill('<img src=x onerror="window.pwned=1">');
  await page.locator(".design-canvas .graph-node").filter({ hasText: "<img src=x" }).waitFor();
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.locator(".design-canvas img").count(), 0);
  assert.deepEqual(errors, []);
});
