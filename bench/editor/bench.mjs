// Typing in Workflow Studio's Code mode on a large definition, in headless Chromium on the built
// dist/: a chain of N Pass states (N = 3,500 is about 1 MiB, AWS's limit), pasted into the code
// editor; then K keystrokes typed into a state's Comment, each timed from its keydown to the
// next frame painted after everything it set off (the editor's change, the app's render) has run.
// The Code mode graph is laid out in the execution Worker with the validation, once typing pauses:
// the bench waits for it after the paste and after the keys, and prints the longest main-thread
// task (Chromium's long tasks, 50 ms and over) of each phase.
// Prints figures; it is not a test.
//   node bench/editor/bench.mjs [--dist DIST] [--n 3500] [--keys 30]
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../tests/e2e/serve.mjs";
import { launch } from "../../tests/e2e/browser.mjs";
import { newStateMachine, setCode } from "../../tests/e2e/console.mjs";
import { arg } from "../args.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const dist = resolve(arg("dist", join(root, "dist")));
const n = Number(arg("n", 3500));
const keys = Number(arg("keys", 30));
if (!existsSync(join(dist, "index.html"))) throw new Error(`no site at ${dist}: build it (trunk build --release)`);

/** N chained Pass states with a little data each: about 300 bytes a state. */
function chain(count) {
  const States = {};
  for (let i = 0; i < count; i++) {
    States[`Step ${i}`] = {
      Type: "Pass",
      Comment: `state ${i} of a long chain, with a comment`,
      Assign: { [`v${i}`]: `{% $states.input.value + ${i} %}` },
      Output: { index: i, label: `item-${i}` },
      ...(i + 1 < count ? { Next: `Step ${i + 1}` } : { End: true }),
    };
  }
  return JSON.stringify({ QueryLanguage: "JSONata", Comment: "A long chain", StartAt: "Step 0", States }, null, 2);
}

/** Starts recording the page's long tasks (50 ms and over). */
const watchLongTasks = (page) => page.evaluate(() => {
  window.__long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__long.push({ start: e.startTime, end: e.startTime + e.duration });
  }).observe({ type: "longtask", buffered: true });
});

/** The longest long task that started at or after `from` (page time, ms), or 0. */
const longestSince = (page, from) => page.evaluate((from) => Math.max(0, ...window.__long.filter((t) => t.start >= from).map((t) => t.end - t.start)), from);

const now = (page) => page.evaluate(() => performance.now());

/** Waits for the Code mode graph to be drawn for the text as it stands (Create enabled: checked),
 *  and says who laid it out (`worker`; an older build without the attribute: `page`). */
async function codeGraph(page, count) {
  await page.waitForFunction((count) => {
    const create = [...document.querySelectorAll("button")].find((b) => b.textContent === "Create");
    return create && !create.disabled && document.querySelectorAll(".code-mode .graph .graph-node").length === count;
  }, count, { timeout: 120_000 });
  await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(true)))));
  return page.evaluate(() => document.querySelector(".code-mode .graph").getAttribute("data-laid-by") ?? "page");
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const definition = chain(n);
const server = await serve(dist);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  await newStateMachine(page, "Long");
  await page.getByRole("tab", { name: "Code" }).click();
  await watchLongTasks(page);
  const pasteAt = await now(page);
  const pasted = Date.now();
  await setCode(page, "#definition", definition);
  await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(true)))));
  const pasteMs = Date.now() - pasted;
  const pastedBy = await codeGraph(page, n);
  const pasteGraphMs = Date.now() - pasted;
  const pasteLongest = await longestSince(page, pasteAt);
  // the cursor inside the last state's Comment
  await page.locator("#definition").evaluate((el) => {
    const editor = el.closest(".cm-host").steplabEditor;
    const text = editor.getValue();
    const at = text.lastIndexOf("with a comment") + 4;
    editor.select(at, at);
  });
  await page.evaluate(() => {
    window.__keys = [];
    document.addEventListener("keydown", (e) => {
      const start = performance.now();
      // the frame after the key's work: rAF, then a task after it
      requestAnimationFrame(() => setTimeout(() => window.__keys.push(performance.now() - start)));
    }, { capture: true });
  });
  const typingAt = await now(page);
  for (let k = 0; k < keys; k++) {
    await page.keyboard.type("x");
    await page.waitForFunction((count) => window.__keys.length >= count, k + 1);
  }
  const typingLongest = await longestSince(page, typingAt);
  const lastKey = Date.now();
  const typedBy = await codeGraph(page, n);
  const settledMs = Date.now() - lastKey;
  const settleLongest = await longestSince(page, typingAt);
  const times = await page.evaluate(() => window.__keys);
  const typed = await page.locator("#definition").evaluate((el) => el.closest(".cm-host").steplabEditor.getValue().length);
  console.log(`definition: ${n} states, ${(definition.length / 1048576).toFixed(2)} MiB; paste to paint ${pasteMs} ms`);
  console.log(`keystroke to paint (${times.length} keys): median ${median(times).toFixed(1)} ms, min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}`);
  console.log(`Code mode graph (laid out by the ${pastedBy}): drawn ${pasteGraphMs} ms after the paste; longest main-thread task from the paste to the graph ${pasteLongest.toFixed(0)} ms`);
  console.log(`longest main-thread task while typing ${typingLongest.toFixed(0)} ms; after the last key the graph (laid out by the ${typedBy}) is drawn in ${settledMs} ms, longest task typing to graph ${settleLongest.toFixed(0)} ms`);
  // the Design graph of the whole definition: from the tab's click to the graph drawn and painted
  const designStart = Date.now();
  await page.getByRole("tab", { name: "Design" }).click();
  await page.locator(".graph-node").first().waitFor({ timeout: 120_000 });
  await page.waitForFunction(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(true)))));
  const designMs = Date.now() - designStart;
  const nodes = await page.locator(".graph-node").count();
  // panning: a scroll of the canvas, to the frame after it
  const panMs = await page.evaluate(() => new Promise((resolve) => {
    const viewport = document.querySelector(".canvas-viewport, .design-canvas, .canvas") ?? document.scrollingElement;
    const start = performance.now();
    viewport.scrollBy(0, 2000);
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start)));
  }));
  console.log(`Design graph: ${nodes} states drawn ${designMs} ms after the tab's click; a scroll paints in ${panMs.toFixed(1)} ms`);
  if (typed !== definition.length + keys) throw new Error(`the editor holds ${typed} characters, expected ${definition.length + keys}`);
} finally {
  await browser.close();
  await server.close();
}
