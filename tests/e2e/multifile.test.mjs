// Functions whose deployment package has several files (yardstick bug 3): tests/data/templates/multifile
// imported as a folder, its Python and Node.js handlers importing their folders' other files, the other
// files listed on the function's page, one edited and deployed, and the run seeing the edit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { editorText, executionStatus, setCode, startExecution } from "./console.mjs";

const site = useSite();
const multifile = join(root, "tests", "data", "templates", "multifile");

async function runMachine(page) {
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.getByRole("link", { name: "steplab-Machine", exact: true }).click();
  await startExecution(page, "{}");
  assert.equal(await executionStatus(page), "Execution status: Succeeded");
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  return JSON.parse(await page.locator("#execution-output").innerText());
}

test("a function's other files are imported, listed, editable, and its handler imports them", async () => {
  const { page, errors } = await openConsole(site);
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.locator("#import-template").click();
  await page.getByLabel("Template folder").setInputFiles(multifile);
  await page.locator("#template-preview").waitFor();
  await page.locator("#template-import").click();
  await page.getByRole("heading", { name: "steplab-Machine", exact: true }).waitFor();
  assert.deepEqual(await runMachine(page), {
    py: { helper: 42, shared: "shared", double: 42 },
    js: { greeting: "hello multifile", legacy: 8 },
  });

  // the Python function's page lists its package; util.py opens in the editor
  await page.getByRole("link", { name: "Lambda", exact: true }).click();
  await page.getByRole("link", { name: "steplab-PyFunction", exact: true }).click();
  const files = page.locator("#package-files li");
  assert.deepEqual(await files.allInnerTexts(), ["app.py", "shared/__init__.py", "shared/rules.py", "util.py"]);
  await page.locator("#package-files").getByRole("button", { name: "util.py" }).click();
  assert.match(await editorText(page, "#package-file"), /def helper\(\):\n {4}return 42/);
  await setCode(page, "#package-file", "def helper():\n    return 43\n");
  await page.getByText("Changes not deployed").waitFor();
  await page.getByRole("button", { name: "Deploy" }).click();
  await page.getByText("Successfully updated the function steplab-PyFunction.").waitFor();
  await page.screenshot({ path: join(shots, "multifile-function.png"), fullPage: true });
  // the handler's file is still there, unchanged
  await page.locator("#package-files").getByRole("button", { name: "app.py" }).click();
  assert.match(await editorText(page, "#code-source"), /^from util import helper/);

  const output = await runMachine(page);
  assert.equal(output.py.helper, 43);
  assert.equal(output.py.double, 43);
  assert.deepEqual(errors, []);
  await page.context().close();
});
