// The built site as static files: served from a sub-path, it loads nothing from any other host,
// and once visited it works with no network at all (service worker); dist/ holds no URL of another
// host in what the browser loads.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, readdir, stat } from "node:fs/promises";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";
import { createFunction, createStateMachine, setCode } from "./console.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const dist = process.env.STEPLAB_DIST ?? join(root, "dist");
const lab = join(root, "tests", "data", "lab");
const shots = join(root, "target", "e2e");
const SUB = "/some/sub/path/";

// the MIME types README.md documents
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
};

/** dist/ served under SUB only (everything else is 404), with every requested path logged. */
async function serveUnder(prefix) {
  const requested = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    requested.push(path);
    if (!path.startsWith(prefix) || path.includes("..")) return res.writeHead(404).end("not found");
    let file = join(dist, path.slice(prefix.length));
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      const s = await stat(file);
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "last-modified": s.mtime.toUTCString(),
      });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requested,
    // closes the connections the browser keeps alive too: nothing answers any more
    close: () => new Promise((r) => { server.close(r); server.closeAllConnections(); }),
  };
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("dist/ names no other host in anything the browser loads", async () => {
  const files = (await readdir(dist, { recursive: true }))
    .filter((f) => [".html", ".js", ".mjs", ".css", ".json", ".svg", ".wasm"].includes(extname(f)));
  assert.ok(files.some((f) => f.endsWith(".wasm")) && files.includes("index.html") && files.includes("sw.js"));
  const found = [];
  for (const f of files) {
    // the Python worker's wasm carries CPython's standard library, whose docstrings and comments
    // cite web pages (peps.python.org, …); the worker has no network access (no socket module),
    // and the offline test below shows it runs with none.
    if (f.startsWith("lambda-worker") && f.endsWith(".wasm")) continue;
    let text = (await readFile(join(dist, f))).toString("latin1");
    // comments in JavaScript are not loaded (wasm-bindgen's glue cites MDN in one)
    if (f.endsWith(".js")) text = text.replace(/(^|\s)\/\/[^\n]*/g, "$1");
    for (const m of text.matchAll(/https?:\/\/[A-Za-z0-9.-]+(?::\d+)?[^\s"'<>)]*/g)) {
      // XML namespace names (Yew creates SVG/MathML elements with them): identifiers, never fetched
      if (/^http:\/\/www\.w3\.org\/(2000\/svg|1998\/Math\/MathML|1999\/xhtml|1999\/xlink)/.test(m[0])) continue;
      // AWS's own URL forms, written into data the services give (an SQS queue URL, an SNS
      // message's UnsubscribeURL) and AWS's documentation cited in a runtime's error text, as AWS
      // writes them: identifiers and text, never fetched (the offline test below runs with none)
      if (/^https:\/\/([a-z0-9-]+\.)?[^/]*amazonaws\.com(\/|$)|^https:\/\/(sns|sqs)\.[^\s/]*(\/|$)|^https:\/\/docs\.aws\.amazon\.com\//.test(m[0])) continue;
      found.push(`${f}: ${m[0].slice(0, 80)}`);
    }
  }
  assert.deepEqual(found, []);
});

test("served from a sub-path it loads only from there, and once visited it works offline", async () => {
  const server = await serveUnder(SUB);
  const context = await browser.newContext();
  const elsewhere = [];
  await context.route((url) => url.hostname !== "127.0.0.1", (route) => {
    elsewhere.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${server.url}${SUB}`);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  await page.waitForSelector('body[data-service-worker="registered"]', { timeout: 30_000 });
  // installed (the app shell and the wasm files stored) and in control of the page
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, `${server.url}${SUB}`);

  await createFunction(page, "HelloStepFunction", await readFile(join(lab, "hello_step_function.py"), "utf8"));
  await createStateMachine(page, "SimpleLab", await readFile(join(lab, "simple_lab.asl.json"), "utf8"));
  assert.deepEqual(server.requested.filter((p) => !p.startsWith(SUB)), []);

  // no network at all: the server is gone and the browser is offline
  await server.close();
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  await page.getByRole("link", { name: "Lambda", exact: true }).click();
  await page.getByRole("link", { name: "HelloStepFunction" }).waitFor();
  await page.getByRole("link", { name: "Step Functions", exact: true }).click();
  await page.getByRole("link", { name: "SimpleLab" }).click();
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  await setCode(dialog, "#execution-input", "{}");
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.locator("#execution-status").filter({ hasNotText: "Running" }).waitFor({ timeout: 120_000 });
  assert.equal(await page.locator("#execution-status").innerText(), "Execution status: Succeeded");
  await page.getByRole("tab", { name: "Execution input and output" }).click();
  assert.deepEqual(JSON.parse(await page.locator("#execution-output").innerText()), { statusCode: 200, message: "Hello from Step Function!" });
  await page.screenshot({ path: join(shots, "offline.png"), fullPage: true });
  assert.deepEqual(elsewhere, []);
  assert.deepEqual(errors, []);
  await context.close();
});
