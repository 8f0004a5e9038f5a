// Bad input to Node.js functions in the browser, as data: the runtime's own case files
// (crates/steplab-node/tests/cases, which `cargo test -p steplab-node` runs in `node`) whose code is
// the console's `index.mjs` run through the Lambda console's Test, each giving the same payload and
// log lines as in `node`; then a handler that never resolves and an endless loop time out, and the
// page answers throughout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { useSite, openConsole, root } from "./site.mjs";
import { createFunction, setCode } from "./console.mjs";

const site = useSite();
const dir = join(root, "crates", "steplab-node", "tests", "cases");
const CASES = ["syntax_error", "missing_export", "import_missing_package", "rejected_promise", "unhandled_rejection", "bigint_result", "circular_result", "oversized_result", "process_exit", "thrown_error", "nodejs24_syntax_error", "nodejs24_bigint_result"];

const glob = (pattern, text) => {
  const parts = pattern.split("*");
  if (parts.length === 1) return pattern === text;
  if (!text.startsWith(parts[0]) || !text.slice(parts[0].length).endsWith(parts.at(-1))) return false;
  let rest = text.slice(parts[0].length, text.length - parts.at(-1).length);
  for (const part of parts.slice(1, -1)) {
    const at = rest.indexOf(part);
    if (at < 0) return false;
    rest = rest.slice(at + part.length);
  }
  return true;
};
const mask = (log, id) => log.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<ts>").split(id).join("<id>");

async function runTest(page, event) {
  await page.getByRole("tab", { name: "Test" }).click();
  await setCode(page, "#test-event", JSON.stringify(event));
  await page.getByRole("button", { name: "Test", exact: true }).first().click();
  await page.locator("#test-result").waitFor({ timeout: 60_000 });
  const shown = await page.locator("#test-response").textContent();
  let payload;
  try {
    payload = JSON.stringify(JSON.parse(shown));
  } catch {
    payload = shown;
  }
  const failed = (await page.locator("#test-result h2").textContent()).endsWith("failed");
  const log = await page.locator("#test-result pre.logs").textContent();
  const id = (await page.locator("#test-result pre").nth(2).textContent()).trim();
  return { payload, failed, log: mask(log, id), id };
}

test("the Node.js runtime's bad-input cases give in the browser the payload and log lines they give in node", async () => {
  const { page, errors } = await openConsole(site);
  const found = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
  for (const name of CASES) {
    assert.ok(found.includes(name), `the case ${name} is missing`);
    const c = JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));
    assert.equal(c.fileName ?? "index.mjs", "index.mjs", name);
    const runtime = c.runtime === "nodejs24.x" ? "Node.js 24.x" : "Node.js 22.x";
    await createFunction(page, name.replace(/_/g, "-"), c.code, runtime);
    for (const [n, invocation] of c.invocations.entries()) {
      const got = await runTest(page, invocation.event);
      const where = `${name} #${n}`;
      assert.equal(got.failed, invocation.functionError === "Unhandled", `${where}: ${got.payload}`);
      if (invocation.payloadGlob) {
        assert.ok(glob(invocation.payloadGlob.split("<id>").join(got.id), got.payload), `${where}: ${got.payload}\nexpected ${invocation.payloadGlob}`);
      } else {
        assert.deepEqual(JSON.parse(got.payload), JSON.parse(JSON.stringify(invocation.payload).split("<id>").join(got.id)), where);
      }
      const lines = got.log.replace(/\n$/, "").split("\n");
      assert.equal(lines.length, invocation.log.length, `${where}:\n${got.log}`);
      lines.forEach((line, i) => assert.ok(glob(invocation.log[i], line), `${where} line ${i}: ${line}\nexpected ${invocation.log[i]}`));
    }
  }
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("a Node.js handler that never resolves and an endless loop time out as Lambda's do, and the page answers meanwhile", async () => {
  const { page, errors } = await openConsole(site);
  for (const [name, code] of [
    ["never-resolves", "export const handler = () => new Promise(() => {});\n"],
    ["endless-loop", "export const handler = async () => { for (;;) {} };\n"],
  ]) {
    await createFunction(page, name, code, "Node.js 22.x");
    await page.getByRole("tab", { name: "Test" }).click();
    await page.getByRole("button", { name: "Test", exact: true }).first().click();
    // the page answers while the function runs (its Worker is apart from the page)
    await page.getByRole("tab", { name: "Code" }).click();
    assert.equal(await page.locator("#test-result").count(), 0, `${name}: answered before its timeout`);
    await page.getByRole("tab", { name: "Test" }).click();
    await page.locator("#test-result").waitFor({ timeout: 60_000 });
    const payload = JSON.parse(await page.locator("#test-response").textContent());
    assert.equal(payload.errorType, "Sandbox.Timedout", name);
    assert.match(payload.errorMessage, /Task timed out after 3\.00 seconds$/, name);
  }
  assert.deepEqual(errors, []);
  await page.context().close();
});
