// The Lambda console's code editor and test results, as a person uses them: a syntax error is
// marked at its line while typing (the text stays as typed, the page keeps working), and a handler
// whose import fails gets a hint saying which module StepLab lacks and why.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { useSite, openConsole, root, shots } from "./site.mjs";
import { createFunction } from "./console.mjs";


const site = useSite();

const openApp = () => openConsole(site);

const GOOD = "def lambda_handler(event, context):\n    return {'ok': True}\n";

test("a syntax error is marked at its line in the code editor", async () => {
  const { page, errors } = await openApp();
  await createFunction(page, "Editor", GOOD);
  const editor = page.locator("#code-source");
  const alert = page.locator("#code-syntax-error");

  const bad = "import json\n\ndef lambda_handler(event, context)\n    return json.dumps(event)\n";
  await editor.fill(bad);
  await alert.waitFor();
  assert.equal(await alert.textContent(), "SyntaxError: expected ':' (lambda_function.py, line 3, column 35)");
  // the line number, the line and the span are marked; the message stands beside the line
  assert.equal(await page.locator(".py-gutter .py-gutter-error").textContent(), "3");
  const line = page.locator(".py-highlight .py-error-line");
  assert.equal(await line.count(), 1);
  assert.match(await line.textContent(), /^def lambda_handler\(event, context\)\s+← SyntaxError: expected ':'$/);
  assert.equal(await editor.getAttribute("aria-invalid"), "true");
  // keywords and strings are highlighted
  assert.equal(await page.locator(".py-highlight .keyword", { hasText: "import" }).count(), 1);
  assert.equal(await page.locator(".py-highlight .definition").textContent(), "lambda_handler");
  // the text is what was typed, the page still answers, and "Changes not deployed" shows
  assert.equal(await editor.inputValue(), bad);
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
  await editor.fill(GOOD);
  await alert.waitFor({ state: "detached" });
  assert.equal(await page.locator(".py-gutter .py-gutter-error").count(), 0);
  assert.equal(await editor.getAttribute("aria-invalid"), "false");

  // an unterminated string at the end of the text is marked too
  await editor.fill("def lambda_handler(event, context):\n    return 'abc");
  await alert.waitFor();
  assert.equal(await alert.textContent(), "SyntaxError: unterminated string literal (detected at line 2) (lambda_function.py, line 2, column 12)");
  assert.equal(await editor.inputValue(), "def lambda_handler(event, context):\n    return 'abc");
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
