// Share (permalinks) and Export (SAM / CloudFormation templates), as a person uses them:
// a state machine shared from one browser opens in another one's empty StepLab exactly; a taken
// name is replaced or renamed as chosen; damaged and oversized links say why and change nothing;
// Export shows templates whose definition is StepLab's once the function ARNs are substituted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { useSite, root, shots } from "./site.mjs";
import { createFunction, createStateMachine, editorText, storedWorkspace, setCode } from "./console.mjs";

const lab = join(root, "tests", "data", "lab");
const ARN = "arn:aws:lambda:ca-central-1:123456789012:function:HelloStepFunction";

const site = useSite();

async function open(url = `${site.server.url}/index.html`) {
  const context = await site.browser.newContext();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.server.url });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  return { page, errors };
}

const stored = async (page) => JSON.stringify(await storedWorkspace(page));

async function startExecution(page, input) {
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  if (input !== undefined) await setCode(dialog, "#execution-input", input);
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.locator("#execution-status").filter({ hasNotText: "Running" }).waitFor({ timeout: 120_000 });
  return page.locator("#execution-status").innerText();
}

/** The lab, built through the console, run once with `input`; returns the page on SimpleLab. */
async function labWorkspace(input) {
  const { page, errors } = await open();
  await createFunction(page, "HelloStepFunction", await readFile(join(lab, "hello_step_function.py"), "utf8"));
  await createStateMachine(page, "SimpleLab", await readFile(join(lab, "simple_lab.asl.json"), "utf8"));
  assert.match(await startExecution(page, input), /Succeeded/);
  await page.getByRole("link", { name: "SimpleLab" }).click();
  return { page, errors };
}

async function shareLink(page) {
  await page.locator("#share").click();
  const dialog = page.getByRole("dialog", { name: "Share state machine" });
  await dialog.getByText("the function HelloStepFunction").waitFor();
  const link = await dialog.locator("#share-link").inputValue();
  // Copy link puts the same link on the clipboard
  await dialog.getByRole("button", { name: "Copy link" }).click();
  await dialog.getByText("Link copied.").waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
  await dialog.getByRole("button", { name: "Close" }).first().click();
  return link;
}

test("a shared link opens in another StepLab exactly, and collisions are the person's choice", async () => {
  const input = '{\n  "who": "wörld 🌍"\n}';
  const { page: a, errors: errorsA } = await labWorkspace(input);
  const link = await shareLink(a);
  assert.ok(link.startsWith(`${site.server.url}/index.html#/share/`), link);
  assert.match(link.split("#/share/")[1], /^[A-Za-z0-9_-]+$/);
  const mine = JSON.parse(await stored(a));

  // another browser, empty workspace: the preview, then Import
  const { page: b, errors: errorsB } = await open(link);
  await b.getByRole("heading", { name: "Open shared state machine" }).waitFor();
  assert.match(await b.locator("#share-state-machine").innerText(), /SimpleLab/);
  assert.match(await b.locator("#share-functions").innerText(), /HelloStepFunction/);
  assert.equal(await b.locator("#share-input").innerText(), input);
  assert.equal(await b.locator(".conflict").count(), 0);
  await b.screenshot({ path: join(shots, "share-preview.png"), fullPage: true });
  await b.locator("#share-import").click();
  await b.getByRole("heading", { name: "SimpleLab", exact: true }).waitFor();
  const theirs = JSON.parse(await stored(b));
  assert.deepEqual(theirs.state_machines, mine.state_machines);
  assert.deepEqual(theirs.functions, mine.functions.map((f) => ({ ...f, draft: null })));
  // Start execution offers the shared input, and the execution runs
  await b.locator("#start-execution").click();
  assert.equal(await editorText(b.getByRole("dialog", { name: "Start execution" }), "#execution-input"), input);
  await b.getByRole("dialog", { name: "Start execution" }).getByRole("button", { name: "Cancel" }).click();
  assert.match(await startExecution(b), /Succeeded/);

  // the same link again in B after B changed the function: B chooses to rename the shared one
  await b.getByRole("link", { name: "Lambda", exact: true }).click();
  await b.getByRole("link", { name: "HelloStepFunction" }).click();
  await setCode(b, "#code-source", 'def lambda_handler(event, context):\n    return "mine"\n');
  await b.getByRole("button", { name: "Deploy" }).click();
  await b.getByText("Successfully updated the function HelloStepFunction.").waitFor();
  const before = await stored(b);
  await b.goto(link);
  await b.locator("#conflict-function-HelloStepFunction").waitFor();
  assert.equal(await b.locator("#conflict-state-machine").count(), 0);
  await b.locator("#conflict-function-HelloStepFunction").getByLabel("Import it under another name").check();
  await b.getByLabel("New name of the function HelloStepFunction").fill("HelloShared");
  // the state machine would now call HelloShared: its name is taken by a different one
  await b.locator("#conflict-state-machine").getByLabel("Import it under another name").check();
  await b.getByLabel("New name of the state machine SimpleLab").fill("SimpleLabShared");
  assert.equal(await stored(b), before, "nothing is stored before Import");
  await b.locator("#share-import").click();
  await b.getByRole("heading", { name: "SimpleLabShared", exact: true }).waitFor();
  const after = JSON.parse(await stored(b));
  const mineFn = after.functions.find((f) => f.function_name === "HelloStepFunction");
  const shared = after.functions.find((f) => f.function_name === "HelloShared");
  assert.match(mineFn.code, /"mine"/);
  assert.equal(shared.code, mine.functions[0].code);
  const def = JSON.parse(after.state_machines.find((m) => m.name === "SimpleLabShared").definition);
  assert.equal(def.States["Lambda Invoke"].Arguments.FunctionName,
    "arn:aws:lambda:ca-central-1:123456789012:function:HelloShared:$LATEST");
  assert.match(await startExecution(b, "{}"), /Succeeded/);
  await b.getByRole("tab", { name: "Execution input and output" }).click();
  assert.deepEqual(JSON.parse(await b.locator("#execution-output").innerText()), { statusCode: 200, message: "Hello from Step Function!" });

  // replace: the shared function takes the name back
  await b.goto(link);
  await b.locator("#conflict-function-HelloStepFunction").getByLabel("Replace your function HelloStepFunction").check();
  await b.locator("#share-import").click();
  await b.getByRole("heading", { name: "SimpleLab", exact: true }).waitFor();
  assert.equal(JSON.parse(await stored(b)).functions.find((f) => f.function_name === "HelloStepFunction").code, mine.functions[0].code);
  assert.deepEqual(errorsA, []);
  assert.deepEqual(errorsB, []);
});

test("damaged and oversized links say why and leave the workspace alone", async () => {
  const { page, errors } = await labWorkspace("{}");
  const link = await shareLink(page);
  const payload = link.split("#/share/")[1];
  const before = await stored(page);
  const cases = [
    [`${payload.slice(0, 20)}*${payload.slice(20)}`, /'\*' at character 21 after #\/share\/ is not base64url/],
    [payload.slice(0, Math.floor(payload.length / 2)), /The link is damaged: its data does not decompress/],
    ["A".repeat(100_001), /The link is too long: 100001 characters after #\/share\/, more than the 100000/],
  ];
  for (const [bad, message] of cases) {
    await page.goto(`${site.server.url}/index.html#/share/${bad}`);
    await page.locator("#share-error").waitFor();
    assert.match(await page.locator("#share-error").innerText(), message);
    await page.getByText("Nothing was imported: your workspace is unchanged.").waitFor();
    assert.equal(await stored(page), before);
  }
  await page.screenshot({ path: join(shots, "share-damaged.png"), fullPage: true });
  // the workspace is still there after a reload
  await page.goto(`${site.server.url}/index.html#/states/statemachines`);
  await page.getByRole("link", { name: "SimpleLab" }).waitFor();
  assert.equal(await stored(page), before);
  assert.deepEqual(errors, []);
});

test("Export gives SAM and CloudFormation templates holding StepLab's definition", async () => {
  const { page, errors } = await labWorkspace("{}");
  const definition = JSON.parse(await readFile(join(lab, "simple_lab.asl.json"), "utf8"));
  const code = await readFile(join(lab, "hello_step_function.py"), "utf8");
  for (const [button, title, type, fnType] of [
    ["#export-sam", "AWS SAM template", "AWS::Serverless::StateMachine", "AWS::Serverless::Function"],
    ["#export-cloudformation", "AWS CloudFormation template", "AWS::StepFunctions::StateMachine", "AWS::Lambda::Function"],
  ]) {
    await page.locator(button).click();
    const dialog = page.getByRole("dialog", { name: title });
    const text = await dialog.locator("#export-template").innerText();
    await writeFile(join(shots, `${type.split("::")[1]}-template.json`), text);
    const template = JSON.parse(text);
    const sm = template.Resources.StateMachine;
    assert.equal(sm.Type, type);
    const subs = sm.Properties.DefinitionSubstitutions;
    assert.deepEqual(subs, { HelloStepFunctionArn: { "Fn::GetAtt": ["HelloStepFunction", "Arn"] } });
    const inside = JSON.parse(JSON.stringify(sm.Properties.Definition).replaceAll("${HelloStepFunctionArn}", ARN));
    assert.deepEqual(inside, definition);
    const fn = template.Resources.HelloStepFunction;
    assert.equal(fn.Type, fnType);
    assert.equal(fn.Properties.InlineCode ?? fn.Properties.Code.ZipFile, code);
    assert.equal(fn.Properties.Handler, "index.lambda_handler");
    assert.equal(fn.Properties.Runtime, "python3.11");
    const policies = template.Resources.StateMachineRole.Properties.Policies.map((p) => p.PolicyName);
    assert.deepEqual(policies, ["LambdaInvokeScopedAccessPolicy", "XRayAccessPolicy"]);
    await dialog.getByRole("button", { name: "Close" }).first().click();
  }
  assert.deepEqual(errors, []);
});
