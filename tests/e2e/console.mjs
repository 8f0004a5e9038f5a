// Steps through the console that several end-to-end tests share, done as a person does them.

/** Lambda › Functions › Create function (with `runtime`), then the code pasted in and deployed. */
export async function createFunction(page, name, code, runtime = "Python 3.11") {
  await page.getByRole("link", { name: "Lambda", exact: true }).click();
  await page.getByRole("link", { name: "Create function" }).click();
  await page.getByLabel("Function name").fill(name);
  await page.getByLabel("Runtime").selectOption(runtime);
  await page.getByRole("button", { name: "Create function" }).click();
  await setCode(page, "#code-source", code);
  await page.getByRole("button", { name: "Deploy" }).click();
  await page.getByText(`Successfully updated the function ${name}.`).waitFor();
}

/**
 * Step Functions › Create state machine (Standard), the definition pasted in Code mode, Create,
 * then Confirm in "Confirm role creation"; `checkDialog(dialog)` may look at the dialog first.
 */
export async function createStateMachine(page, name, definition, checkDialog = async () => {}) {
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.getByRole("button", { name: "Create state machine" }).click();
  await page.getByLabel("State machine name").fill(name);
  await page.getByLabel("Standard").check();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("tab", { name: "Code" }).click();
  await setCode(page, "#definition", typeof definition === "string" ? definition : JSON.stringify(definition, null, 2));
  await page.getByRole("button", { name: "Create", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Confirm role creation" });
  await checkDialog(dialog);
  await dialog.getByRole("button", { name: "Confirm" }).click();
  await page.getByRole("heading", { name, exact: true }).waitFor();
}

/** Step Functions › Create state machine › Create from blank (Standard): Workflow Studio opens on an empty canvas. */
export async function newStateMachine(page, name) {
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.getByRole("button", { name: "Create state machine" }).click();
  await page.getByLabel("Create from blank").check();
  await page.getByLabel("State machine name").fill(name);
  await page.getByLabel("Standard").check();
  await page.getByRole("button", { name: "Continue" }).click();
}

/**
 * Puts `text` in the editor `selector` (the id of its editable element, under `root`: a page, a
 * frame or a locator) as one edit: the code editor's (CodeMirror's) own input, or one input event
 * on a plain text area. Playwright's fill slows down with size and types into CodeMirror as keys.
 */
export async function setCode(root, selector, text) {
  const element = root.locator(selector);
  await element.waitFor();
  await element.evaluate((el, t) => {
    const host = el.closest(".cm-host");
    if (host && host.steplabEditor) {
      host.steplabEditor.type(t);
      return;
    }
    el.value = t;
    el.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
  }, text);
}

/** The text of the editor `selector` under `root` (all of it: CodeMirror draws only what is in view). */
export async function editorText(root, selector) {
  const element = root.locator(selector);
  await element.waitFor();
  return element.evaluate((el) => {
    const host = el.closest(".cm-host");
    return host && host.steplabEditor ? host.steplabEditor.getValue() : el.value;
  });
}

/** Puts `text` in the editor `selector` as a paste does. */
export const paste = (page, selector, text) => setCode(page, selector, text);

/** Step Functions › State machines › `name`: its page. */
export async function openStateMachine(page, name) {
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.getByRole("link", { name, exact: true }).click();
  await page.getByRole("heading", { name, exact: true }).waitFor();
}

/**
 * Start execution from the state machine page with `input` (and the execution `name`, and the
 * mocks' `testCase`, when given); waits for the execution's end unless `wait` is false.
 * Returns the execution's name.
 */
export async function startExecution(page, input, { name, testCase, wait = true } = {}) {
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  if (name) await dialog.getByLabel("Name").fill(name);
  const used = await dialog.getByLabel("Name").inputValue();
  await setCode(dialog, "#execution-input", input);
  if (testCase !== undefined) await dialog.locator("#mock-test-case").selectOption(testCase);
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.getByText(`Execution: ${used}`).waitFor();
  if (wait) await page.locator("#execution-status").filter({ hasNotText: "Running" }).waitFor({ timeout: 120_000 });
  return used;
}

/** The execution page's status banner, e.g. "Execution status: Succeeded". */
export const executionStatus = async (page) => (await page.locator("#execution-status").innerText()).split("\n")[0];

/** The status a state's node on the graph shows ("Succeeded", "Caught error", …). */
export const nodeStatus = (page, state) => page.locator(`.graph-node[data-state="${state}"]`).getAttribute("data-status");

/** The workspace as the console stores it (the IndexedDB database `steplab`), as one object:
 * `{partition, functions, state_machines, executions}`, each execution with its `events`. */
export const storedWorkspace = (page) =>
  page.evaluate(async () => {
    const db = await new Promise((ok, no) => {
      const r = indexedDB.open("steplab");
      // never create the database here: only the console does
      r.onupgradeneeded = () => r.transaction.abort();
      r.onsuccess = () => ok(r.result);
      r.onerror = () => no(r.error);
    });
    const read = (store) =>
      new Promise((ok, no) => {
        const s = db.transaction(store).objectStore(store);
        const keys = s.getAllKeys();
        const values = s.getAll();
        values.onsuccess = () => ok(keys.result.map((k, i) => [k, JSON.parse(values.result[i]).record]));
        values.onerror = () => no(values.error);
      });
    const history = await read("history");
    const executions = (await read("executions")).map(([arn, header]) => {
      const { event_count, ...rest } = header;
      const events = history.filter(([k]) => k.startsWith(`${arn}#`)).flatMap(([, chunk]) => chunk);
      return { ...rest, events };
    });
    const partition = (await read("meta")).find(([k]) => k === "partition")?.[1];
    const workspace = {
      partition,
      functions: (await read("functions")).map(([, f]) => f),
      state_machines: (await read("state_machines")).map(([, s]) => s),
      executions,
    };
    db.close();
    return workspace;
  });

/** The top bar's link to a service's console (`DynamoDB`, `SQS`, `SNS`, `S3`, `EventBridge`). */
export const nav = (page, label) => page.getByRole("navigation", { name: "Services" }).getByRole("link", { name: label, exact: true }).click();

/** DynamoDB › Create table `name` with the partition key `key` (a string). */
export async function createTable(page, name, key = "id") {
  await nav(page, "DynamoDB");
  await page.locator("#table-name").fill(name);
  await page.locator("#partition-key").fill(key);
  await page.locator("#create-table").click();
  await page.getByText(`Table ${name} was created.`).waitFor();
}

/** SQS › Create queue `name`; returns its ARN as its page shows it. */
export async function createQueue(page, name) {
  await nav(page, "SQS");
  await page.locator("#queue-name").fill(name);
  await page.locator("#create-queue").click();
  await page.getByRole("link", { name, exact: true }).click();
  return page.locator("dl.details dd code").nth(1).innerText();
}

/** SNS › Create topic `name`, subscribing the queue `queueArn` when given. */
export async function createTopic(page, name, queueArn) {
  await nav(page, "SNS");
  await page.locator("#topic-name").fill(name);
  await page.locator("#create-topic").click();
  await page.getByRole("link", { name, exact: true }).click();
  if (queueArn) {
    await page.locator("#subscription-endpoint").fill(queueArn);
    await page.locator("#create-subscription").click();
    await page.getByText("Subscription created successfully.").waitFor();
  }
}

/** S3 › Create bucket `name`, with the objects `objects` (key → text) uploaded. */
export async function createBucket(page, name, objects = {}) {
  await nav(page, "S3");
  await page.locator("#bucket-name").fill(name);
  await page.locator("#create-bucket").click();
  await page.getByRole("link", { name, exact: true }).click();
  for (const [key, body] of Object.entries(objects)) {
    await page.locator("#object-key").fill(key);
    await setCode(page, "#object-body", body);
    await page.locator("#put-object").click();
    await page.getByText(`Uploaded ${key}`).waitFor();
  }
}
