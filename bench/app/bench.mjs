// The app beside the engine: an inline Map over N Pass items (the `map` workload, 4 events an item:
// N = 6,000 gives about 24,000 events) started from the console's UI in headless Chromium on the
// built dist/, against the engine alone compiled to wasm (crates/steplab-bench under Node) on the
// same workload, in the same run. Prints figures; it is not a test.
//   node bench/app/bench.mjs [--dist DIST] [--n 6000] [--repeat 3] [--engine target/bench/wasm/steplab_bench.js]
// (bash bench/app/run.sh builds what it needs first.)
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../tests/e2e/serve.mjs";
import { launch } from "../../tests/e2e/browser.mjs";
import { createStateMachine, paste } from "../../tests/e2e/console.mjs";
import { arg } from "../args.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const dist = resolve(arg("dist", join(root, "dist")));
const n = Number(arg("n", 6000));
const repeat = Number(arg("repeat", 3));
const engine = resolve(arg("engine", join(root, "target/bench/wasm/steplab_bench.js")));
for (const [what, path] of [["the site", join(dist, "index.html")], ["the engine's wasm module", engine]]) {
  if (!existsSync(path)) throw new Error(`${what} is missing at ${path}: run bash bench/app/run.sh`);
}

// the engine alone: fastest of `repeat` runs (bench/wasm.mjs times only the run)
const engineRuns = execFileSync("node", [join(root, "bench/wasm.mjs"), engine, "map", String(n), String(Math.max(repeat, 3))], { encoding: "utf8" })
  .trim().split("\n").map((l) => JSON.parse(l));
const engineMs = Math.min(...engineRuns.map((r) => r.ms));

const definition = readFileSync(join(root, "bench/workloads/map.asl.json"), "utf8");
const input = JSON.stringify({ items: Array.from({ length: n }, (_, id) => ({ id })) });

const server = await serve(dist);
const browser = await launch();
const rows = [];
try {
  for (let r = 0; r < repeat; r++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/index.html`);
    await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
    // the state machine, created as a person does (Code mode, Create, Confirm)
    await createStateMachine(page, "BigMap", definition);
    await page.locator("#start-execution").click();
    const dialog = page.getByRole("dialog", { name: "Start execution" });
    await paste(page, "#execution-input", input);
    // long tasks and the run's end, seen from inside the page
    await page.evaluate(() => {
      window.__bench = { longTasks: [], started: 0, ended: 0, click: null };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, ms: e.duration, name: e.name, container: e.attribution?.[0]?.containerType });
      }).observe({ type: "longtask", buffered: false });
      const button = [...document.querySelectorAll("button")].find((b) => b.textContent === "Start execution" && b.closest("[role=dialog]"));
      button.addEventListener("click", () => { window.__bench.started = performance.now(); }, { capture: true });
      new MutationObserver(() => {
        const s = document.querySelector("#execution-status");
        if (!window.__bench.ended && s && /Succeeded|Failed/.test(s.textContent)) window.__bench.ended = performance.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await dialog.getByRole("button", { name: "Start execution" }).click();
    // a click on another tab while the run goes on: how long until the tab shows as selected
    await page.getByRole("tab", { name: "Execution input and output" }).waitFor();
    await page.evaluate(() => {
      const tab = [...document.querySelectorAll("[role=tab]")].find((t) => t.textContent === "Execution input and output");
      const clicked = performance.now();
      const seen = () => {
        if (tab.isConnected && tab.getAttribute("aria-selected") === "true") window.__bench.click = performance.now() - clicked;
        else requestAnimationFrame(seen);
      };
      setTimeout(() => { tab.click(); requestAnimationFrame(seen); }, 0);
    });
    await page.waitForFunction(() => window.__bench.ended > 0 && window.__bench.click !== null, null, { timeout: 120_000 });
    const b = await page.evaluate(() => window.__bench);
    const during = b.longTasks.filter((t) => t.start + t.ms >= b.started && t.start <= b.ended);
    rows.push({
      run: r,
      startToSucceededMs: Math.round(b.ended - b.started),
      longestTaskMs: Math.round(Math.max(0, ...during.map((t) => t.ms))),
      longTasks: during.length,
      tasks: during.map((t) => `${Math.round(t.start - b.started)}+${Math.round(t.ms)}(${t.name}/${t.container})`).join(" "),
      clickToEffectMs: Math.round(b.click),
    });
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
const best = (k) => Math.min(...rows.map((r) => r[k]));
const median = (k) => rows.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(rows.length / 2)];
for (const r of rows) console.log(JSON.stringify(r));
const app = median("startToSucceededMs");
console.log(`figures: map of ${n} items: app Start to Succeeded ${app} ms median (best ${best("startToSucceededMs")}), ` +
  `longest main-thread task ${median("longestTaskMs")} ms median, click to effect ${median("clickToEffectMs")} ms median; ` +
  `engine alone in wasm ${engineMs.toFixed(1)} ms; app / engine ${(app / engineMs).toFixed(1)}x`);
