// The code editor (CodeMirror, web/editor/) in Workflow Studio's Code mode: completion of state
// names, of the fields of the state being edited, of JSONata's functions and $states inside
// {% %}, hover help for fields, the validator's problems in the lint gutter with their message, a
// click on a problem selecting its text, and the YAML editor highlighted as YAML.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, shots } from "./site.mjs";
import { editorText, newStateMachine, setCode } from "./console.mjs";

const site = useSite();

const machine = {
  QueryLanguage: "JSONata",
  StartAt: "First",
  States: {
    First: { Type: "Pass", Output: "{% $states.input %}", Next: "Second" },
    Second: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Arguments: { FunctionName: "F" }, End: true },
  },
};

/** Puts the cursor after the first `marker` in the definition (its end) and focuses the editor. */
async function cursorAfter(page, marker) {
  await page.locator("#definition").evaluate((el, m) => {
    const editor = el.closest(".cm-host").steplabEditor;
    const at = editor.getValue().indexOf(m) + m.length;
    editor.select(at, at);
  }, marker);
}

/** Waits until the studio has checked the text as it stands (it does once typing pauses): Create is enabled. */
const checked = (page) => page.waitForFunction(() => {
  const create = [...document.querySelectorAll("button")].find((b) => b.textContent === "Create");
  return create && !create.disabled;
});

const options = (page) => page.locator(".cm-tooltip-autocomplete li").allInnerTexts();

test("Code mode completes state names, fields and JSONata, and helps on hover", async () => {
  const { page, errors } = await openConsole(site, { viewport: { width: 1400, height: 900 } });
  await newStateMachine(page, "Completing");
  await page.getByRole("tab", { name: "Code" }).click();
  await setCode(page, "#definition", JSON.stringify(machine, null, 2));
  await checked(page);

  // Next: the state names
  await cursorAfter(page, '"Next": "');
  await page.keyboard.press("Control+Space");
  await page.locator(".cm-tooltip-autocomplete").waitFor();
  const names = await options(page);
  assert.ok(names.some((o) => o.startsWith("First")) && names.some((o) => o.startsWith("Second")), names.join("|"));
  await page.keyboard.press("Escape");

  // a field of the Task being edited: Resource is there, Choices is not
  await cursorAfter(page, '"End": true');
  await page.keyboard.type(',\n"Ret');
  await page.locator(".cm-tooltip-autocomplete").waitFor();
  const fields = await options(page);
  assert.ok(fields.some((o) => o.startsWith("Retry")), fields.join("|"));
  assert.ok(!fields.some((o) => o.startsWith("Choices")), fields.join("|"));
  await page.locator(".cm-tooltip-autocomplete li", { hasText: "Retry" }).first().click();
  assert.match(await editorText(page, "#definition"), /"Retry"/);

  // JSONata's functions and $states inside {% %}
  await setCode(page, "#definition", JSON.stringify(machine, null, 2));
  await cursorAfter(page, '"{% $states.input');
  await page.keyboard.type(" + $su");
  await page.locator(".cm-tooltip-autocomplete").waitFor();
  assert.ok((await options(page)).some((o) => o.startsWith("$sum")));
  await page.keyboard.press("Escape");

  // hover help on a field name
  const startAt = page.locator(".cm-line", { hasText: '"StartAt"' }).first();
  const box = await startAt.boundingBox();
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.locator(".cm-help", { hasText: "StartAt: The name of the state" }).waitFor();
  await page.screenshot({ path: join(shots, "editor-help.png") });

  // a problem: marked in the text, listed in the gutter with its message; a click on it in the
  // list selects its text
  const dangling = structuredClone(machine);
  dangling.States.First.Next = "Nowhere";
  await setCode(page, "#definition", JSON.stringify(dangling, null, 2));
  await page.locator(".cm-lintRange-error").first().waitFor();
  await page.locator(".cm-lint-marker-error").first().hover();
  await page.locator(".cm-tooltip-lint", { hasText: "Nowhere" }).waitFor();
  assert.deepEqual(errors, []);
});

test("Code mode's graph is laid out in the execution Worker once typing pauses, and an older text's layout is dropped", async () => {
  const { page, errors } = await openConsole(site, { viewport: { width: 1400, height: 900 } });
  await newStateMachine(page, "LaidOut");
  await page.getByRole("tab", { name: "Code" }).click();
  await setCode(page, "#definition", JSON.stringify(machine, null, 2));
  await checked(page);
  const graph = page.locator('.code-mode .graph[data-laid-by="worker"]');
  await graph.locator('.graph-node[data-state="Second"]').waitFor();
  assert.deepEqual(await graph.locator(".graph-node").evaluateAll((ns) => ns.map((n) => n.dataset.state)), ["First", "Second"]);
  // a text checked while a newer one is typed: the answer for the older text is not drawn
  const third = structuredClone(machine);
  third.States.Second = { ...third.States.Second, End: undefined, Next: "Third" };
  third.States.Third = { Type: "Succeed" };
  const older = structuredClone(machine);
  older.States.Second = { ...older.States.Second, End: undefined, Next: "Older" };
  older.States.Older = { Type: "Succeed" };
  await setCode(page, "#definition", JSON.stringify(older, null, 2));
  await page.waitForTimeout(320);
  await setCode(page, "#definition", JSON.stringify(third, null, 2));
  await checked(page);
  await graph.locator('.graph-node[data-state="Third"]').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.code-mode .graph-node[data-state="Older"]').count(), 0);
  assert.deepEqual(await graph.locator(".graph-node").evaluateAll((ns) => ns.map((n) => n.dataset.state)), ["First", "Second", "Third"]);
  // Design mode draws the Worker's layout of the same text
  await page.getByRole("tab", { name: "Design" }).click();
  await page.locator('.design-canvas .graph-node[data-state="Third"]').waitFor();
  await page.getByRole("tab", { name: "Code" }).click();
  // not JSON: said so, as before
  await setCode(page, "#definition", "{ \"StartAt\": ");
  await page.locator(".code-mode .graph-empty", { hasText: "not valid JSON" }).waitFor();
  assert.deepEqual(errors, []);
});

test("a large definition's draft is kept once typing pauses: a reload gives back what was typed", async () => {
  const { page, errors } = await openConsole(site);
  await newStateMachine(page, "Large");
  await page.getByRole("tab", { name: "Code" }).click();
  // about 100 KB: past the size whose draft is written at each keystroke
  const States = {};
  for (let i = 0; i < 1000; i++) {
    States[`Step ${i}`] = { Type: "Pass", Comment: `state ${i} of a long chain`, ...(i < 999 ? { Next: `Step ${i + 1}` } : { End: true }) };
  }
  const large = JSON.stringify({ StartAt: "Step 0", States }, null, 2);
  assert.ok(large.length > 64 * 1024);
  await setCode(page, "#definition", large);
  await checked(page);
  await cursorAfter(page, "state 999 of a long chain");
  await page.keyboard.type(", typed");
  await checked(page);
  await page.waitForTimeout(500);
  await page.reload();
  await page.waitForSelector("body[data-ready]");
  await page.getByText("The state machine Large was not created yet").waitFor();
  await page.getByRole("button", { name: "Continue editing" }).click();
  await page.getByRole("tab", { name: "Code" }).click();
  assert.ok((await editorText(page, "#definition")).includes("state 999 of a long chain, typed"));
  assert.deepEqual(errors, []);
});

test("the YAML editor is highlighted as YAML and keeps what is typed", async () => {
  const { page, errors } = await openConsole(site, { viewport: { width: 1400, height: 900 } });
  await newStateMachine(page, "InYaml");
  await page.getByRole("tab", { name: "Code" }).click();
  await setCode(page, "#definition", JSON.stringify(machine, null, 2));
  await page.getByRole("button", { name: "YAML", exact: true }).click();
  const yaml = await editorText(page, "#definition-yaml");
  assert.match(yaml, /StartAt: First/);
  // a key is a highlighted span of its own
  const line = page.locator("[data-editor-for=definition-yaml] .cm-line", { hasText: "StartAt" }).first();
  assert.ok((await line.locator("span").count()) >= 1);
  await setCode(page, "#definition-yaml", `${yaml}# a comment\n`);
  assert.match(await editorText(page, "#definition-yaml"), /# a comment\n$/);
  assert.deepEqual(errors, []);
});

test("a definition over 1 MiB is refused at Create with the API's error, and the text is kept", async () => {
  const { page, errors } = await openConsole(site, { viewport: { width: 1400, height: 900 } });
  await newStateMachine(page, "TooLarge");
  await page.getByRole("tab", { name: "Code" }).click();
  const States = {};
  for (let i = 0; i < 3000; i++) States[`S${i}`] = { Type: "Pass", Comment: "x".repeat(330), ...(i < 2999 ? { Next: `S${i + 1}` } : { End: true }) };
  const big = JSON.stringify({ StartAt: "S0", States }, null, 2);
  assert.ok(big.length > 1048576);
  await setCode(page, "#definition", big);
  const refusal = page.locator("#definition-too-large");
  await refusal.waitFor();
  assert.match(await refusal.textContent(), /^ValidationException: 1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576/);
  assert.equal(await page.getByRole("button", { name: "Create" }).isDisabled(), true);
  assert.equal((await editorText(page, "#definition")).length, big.length);
  assert.deepEqual(errors, []);
});

test("bad input in the definition's editors: a 50 MB paste and a binary file are refused, 10,000 levels are located, line endings are read", async () => {
  const { page, errors } = await openConsole(site, { viewport: { width: 1400, height: 900 } });
  await newStateMachine(page, "BadInput");
  await page.getByRole("tab", { name: "Code" }).click();
  const good = JSON.stringify(machine, null, 2);
  await setCode(page, "#definition", good);
  await checked(page);

  // 50 MB at once: refused whole, the text kept, the page answering
  const started = Date.now();
  await page.locator("#definition").evaluate((el) => el.closest(".cm-host").steplabEditor.type("x".repeat(50 * 1024 * 1024)));
  const refusal = page.locator("#definition-refused");
  await refusal.waitFor();
  console.log(`# figures: a 50 MB paste refused in ${Date.now() - started} ms`);
  assert.match(await refusal.textContent(), /^Not changed: the text would have been 52428800 characters long/);
  assert.equal(await editorText(page, "#definition"), good);
  await page.getByRole("tab", { name: "Config" }).click();
  await page.getByRole("tab", { name: "Code" }).click();

  // 10,000 levels of JSON: a located problem, the text kept
  const deep = `${"[".repeat(10000)}${"]".repeat(10000)}`;
  await setCode(page, "#definition", deep);
  const problems = page.getByRole("alert", { name: "Definition problems" });
  await problems.getByText("INVALID_JSON_DESCRIPTION").waitFor();
  assert.match(await problems.textContent(), /nesting depth exceeds the maximum allowed.*\(line 1, column 513\)/s);
  assert.equal((await editorText(page, "#definition")).length, 20000);

  // mixed line endings: read as lines, the definition valid
  await setCode(page, "#definition", good.replace(/\n/g, (_, i) => (i % 2 ? "\r\n" : "\n")));
  await checked(page);
  assert.equal(await problems.count(), 0);

  // a binary file dropped into the editor: refused with where it stops being text, the text
  // kept; a text file dropped is inserted
  await setCode(page, "#definition", good);
  await checked(page);
  const drop = (name, bytes) => page.locator("#definition").evaluate((el, [name, bytes]) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], name));
    const box = el.getBoundingClientRect();
    el.dispatchEvent(new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true, clientX: box.left + 5, clientY: box.top + 5 }));
  }, [name, bytes]);
  await drop("logo.png", [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const dropRefused = page.locator(".cm-refused");
  await dropRefused.waitFor();
  assert.equal(await dropRefused.textContent(), "The file logo.png was not inserted: it holds a NUL byte at offset 8, so it is not text.");
  await drop("latin1.txt", [0x63, 0x61, 0x66, 0xe9, 0x20]);
  await page.locator(".cm-refused", { hasText: "latin1.txt" }).waitFor();
  assert.match(await dropRefused.textContent(), /latin1\.txt was not inserted: its bytes are not UTF-8 text \(from offset 3\)/);
  assert.equal(await editorText(page, "#definition"), good);
  await drop("comment.txt", [...new TextEncoder().encode(" ")]);
  await page.waitForFunction((n) => document.querySelector("#definition").closest(".cm-host").steplabEditor.getValue().length === n, good.length + 1, { timeout: 5000 });
  assert.equal((await editorText(page, "#definition")).length, good.length + 1);

  // 10,000 levels of YAML: a located error in the YAML typed
  await setCode(page, "#definition", good);
  await checked(page);
  await page.getByRole("button", { name: "YAML", exact: true }).click();
  await setCode(page, "#definition-yaml", "- ".repeat(10000) + "x\n");
  const yamlProblem = page.locator("#yaml-problem");
  await yamlProblem.waitFor();
  assert.match(await yamlProblem.textContent(), /line 1, column \d+/);
  assert.deepEqual(errors, []);
});
