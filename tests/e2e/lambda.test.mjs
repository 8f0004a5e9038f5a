// The Lambda console's code editor and test results, as a person uses them: a syntax error is
// marked at its line while typing (the text stays as typed, the page keeps working), and a handler
// whose import fails gets a hint saying which module StepLab lacks and why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { createFunction, editorText, setCode } from "./console.mjs";


const site = useSite();

const openApp = () => openConsole(site);

const GOOD = "def lambda_handler(event, context):\n    return {'ok': True}\n";

test("a syntax error is marked at its span in the code editor, with its message in the lint gutter", async () => {
  const { page, errors } = await openApp();
  await createFunction(page, "Editor", GOOD);
  const source = page.locator(".code-source");
  const alert = page.locator("#code-syntax-error");

  const bad = "import json\n\ndef lambda_handler(event, context)\n    return json.dumps(event)\n";
  await setCode(page, "#code-source", bad);
  await alert.waitFor();
  assert.equal(await alert.textContent(), "SyntaxError: expected ':' (lambda_function.py, line 3, column 35)");
  // the span is marked in the text, and the gutter marks its line with the message
  // (the caret CPython gives is past the line's last character: a point mark there)
  const range = source.locator(".cm-lintRange-error, .cm-lintPoint-error");
  await range.first().waitFor({ state: "attached" });
  assert.equal(await source.locator(".cm-lint-marker-error").count(), 1);
  const lines = source.locator(".cm-line");
  const marked = await lines.evaluateAll((ls) => ls.findIndex((l) => l.querySelector(".cm-lintRange-error, .cm-lintPoint-error")));
  assert.equal(marked, 2, "the third line");
  await source.locator(".cm-lint-marker-error").hover();
  await page.locator(".cm-tooltip-lint", { hasText: "SyntaxError: expected ':'" }).waitFor();
  assert.equal(await source.getAttribute("aria-invalid"), "true");
  // Python is highlighted: a keyword is a span of its own
  assert.equal(await lines.first().locator("span", { hasText: "import" }).count(), 1);
  // the text is what was typed, the page still answers, and "Changes not deployed" shows
  assert.equal(await editorText(page, "#code-source"), bad);
  await page.getByText("Changes not deployed").waitFor();
  await page.screenshot({ path: join(shots, "lambda-syntax-error.png") });

  // deployed anyway (as on AWS), the invocation fails as on AWS
  await page.getByRole("button", { name: "Deploy" }).click();
  await page.getByText("Successfully updated the function Editor.").waitFor();
  assert.equal(await alert.count(), 1);
  await page.getByRole("button", { name: "Test", exact: true }).first().click();
  await page.locator("#test-result").waitFor({ timeout: 60_000 });
  const response = JSON.parse(await page.locator("#test-response").textContent());
  assert.equal(response.errorType, "Runtime.UserCodeSyntaxError");

  // fixed: the marks go away
  await page.getByRole("tab", { name: "Code" }).click();
  await setCode(page, "#code-source", GOOD);
  await alert.waitFor({ state: "detached" });
  await source.locator(".cm-lint-marker-error").waitFor({ state: "detached" });
  assert.equal(await source.getAttribute("aria-invalid"), "false");

  // an unterminated string at the end of the text is marked too
  await setCode(page, "#code-source", "def lambda_handler(event, context):\n    return 'abc");
  await alert.waitFor();
  assert.equal(await alert.textContent(), "SyntaxError: unterminated string literal (detected at line 2) (lambda_function.py, line 2, column 12)");
  assert.equal(await editorText(page, "#code-source"), "def lambda_handler(event, context):\n    return 'abc");
  assert.deepEqual(errors, []);
});

test("the code editor searches and replaces, matches brackets, folds and undoes", async () => {
  const { page, errors } = await openApp();
  await createFunction(page, "Searching", "def lambda_handler(event, context):\n    value = {'a': [1, 2]}\n    return value\n");
  const content = page.locator("#code-source");
  await content.click();
  // search and replace (Ctrl+F opens the panel; replace all)
  await page.keyboard.press("Control+f");
  const search = page.locator(".cm-search input[name=search]");
  await search.fill("value");
  await page.locator(".cm-search input[name=replace]").fill("result");
  await page.locator(".cm-search button[name=replaceAll]").click();
  assert.equal(await editorText(page, "#code-source"), "def lambda_handler(event, context):\n    result = {'a': [1, 2]}\n    return result\n");
  await page.keyboard.press("Escape");
  // undo brings the text back, in one step
  await content.click();
  await page.keyboard.press("Control+z");
  assert.match(await editorText(page, "#code-source"), /value = /);
  // a bracket next to the cursor is matched with its pair
  await content.locator(".cm-line").nth(1).click();
  await page.keyboard.press("End");
  await page.locator(".cm-matchingBracket").first().waitFor();
  assert.equal(await page.locator(".cm-matchingBracket").count(), 2);
  // the function's body folds
  await page.locator(".cm-foldGutter span[title='Fold line']").first().click();
  await page.locator(".cm-foldPlaceholder").waitFor();
  assert.deepEqual(errors, []);
});

test("a module StepLab lacks gets a hint saying so", async () => {
  const { page, errors } = await openApp();
  const cases = [
    ["tarfile", "StepLab runs Python in your browser; module tarfile is not available."],
    ["jmespath", "StepLab runs Python in your browser; module jmespath is not available. AWS's python3.11 runtime includes it with the AWS SDK for Python"],
    ["requests", "Module requests is not part of the python3.11 runtime, on AWS either"],
  ];
  for (const [module, hint] of cases) {
    await createFunction(page, `Import-${module}`, `import ${module}\n\ndef lambda_handler(event, context):\n    return 1\n`);
    await page.getByRole("button", { name: "Test", exact: true }).first().click();
    await page.locator("#test-result").waitFor({ timeout: 60_000 });
    const response = JSON.parse(await page.locator("#test-response").textContent());
    assert.equal(response.errorType, "Runtime.ImportModuleError");
    assert.equal(response.errorMessage, `Unable to import module 'lambda_function': No module named '${module}'`);
    assert.ok((await page.locator("#module-hint").textContent()).startsWith(hint), module);
  }
  // the Code tab says which modules are there and which are not
  await page.getByRole("tab", { name: "Code" }).click();
  await page.getByText("Python in StepLab").click();
  const modules = await page.locator("#python-modules").textContent();
  assert.match(modules, /Not available \(importing them raises ModuleNotFoundError\): .*\btarfile\b/);
  assert.doesNotMatch(modules, /Not available.*\bjson\b/);
  // a module that exists raises no hint
  await createFunction(page, "Import-json", "import json\n\ndef lambda_handler(event, context):\n    raise ValueError('no')\n");
  await page.getByRole("button", { name: "Test", exact: true }).first().click();
  await page.locator("#test-result").waitFor({ timeout: 60_000 });
  assert.equal(await page.locator("#module-hint").count(), 0);
  await page.screenshot({ path: join(shots, "lambda-module-hint.png") });
  assert.deepEqual(errors, []);
});
