// Where the page's time goes while the app runs the 6,000-item Map: a CPU profile of the page's
// main thread (Chrome DevTools Protocol) from Start execution to Succeeded, as self time by
// function, the largest first. Not a test: node bench/app/profile.mjs [--dist DIST] [--n 6000]
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../tests/e2e/serve.mjs";
import { launch } from "../../tests/e2e/browser.mjs";
import { createStateMachine, paste } from "../../tests/e2e/console.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const dist = resolve(arg("dist", join(root, "dist")));
const n = Number(arg("n", 6000));
const definition = readFileSync(join(root, "bench/workloads/map.asl.json"), "utf8");
const input = JSON.stringify({ items: Array.from({ length: n }, (_, id) => ({ id })) });

const server = await serve(dist);
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  // the state machine, created as a person does (Code mode, Create, Confirm)
  await createStateMachine(page, "BigMap", definition);
  await page.locator("#start-execution").click();
  const dialog = page.getByRole("dialog", { name: "Start execution" });
  await paste(page, "#execution-input", input);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
  await dialog.getByRole("button", { name: "Start execution" }).click();
  await page.locator("#execution-status").filter({ hasText: "Succeeded" }).waitFor({ timeout: 120_000 });
  await page.waitForTimeout(300);
  const { profile } = await cdp.send("Profiler.stop");
  const self = new Map();
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const name = `${f.functionName || "(anonymous)"} ${f.url.split("/").pop()}`;
    self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`profile: ${total.toFixed(0)} ms sampled`);
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
  }
  // inclusive time of the page's own functions (each counted once per sample)
  const parent = new Map();
  for (const node of profile.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
  const inclusive = new Map();
  profile.samples.forEach((id, i) => {
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at).callFrame;
      const short = (f.functionName || "").replace(/\[[0-9a-f]+\]/g, "");
      if (!/steplab_web|yew::|serde_json::ser::to_string|serde_json::de::from_str/.test(short) || seen.has(short)) continue;
      seen.add(short);
      inclusive.set(short, (inclusive.get(short) ?? 0) + (dt[i] ?? 0) / 1000);
    }
  });
  console.log("inclusive:");
  for (const [name, ms] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${name.slice(0, 200)}`);
  }
  // the three longest stretches without idle samples (about the longest tasks), and the page's
  // own functions that ran in each
  const idle = (id) => byId.get(id).callFrame.functionName === "(idle)";
  const stretches = [];
  let from = 0, busy = 0;
  profile.samples.forEach((id, i) => {
    if (idle(id)) {
      if (busy > 0) stretches.push({ from, to: i - 1, ms: busy });
      from = i + 1; busy = 0; return;
    }
    busy += (dt[i] ?? 0) / 1000;
  });
  if (busy > 0) stretches.push({ from, to: profile.samples.length - 1, ms: busy });
  for (const st of stretches.sort((a, b) => b.ms - a.ms).slice(0, 3)) {
    const within = new Map();
    for (let i = st.from; i <= st.to; i++) {
      const seen = new Set();
      for (let at = profile.samples[i]; at !== undefined; at = parent.get(at)) {
        const f = byId.get(at).callFrame;
        const short = (f.functionName || "(anonymous)").replace(/\[[0-9a-f]+\]/g, "");
        if (seen.has(short) || !/steplab|from_str|to_string|postMessage|string_get|passString|garbage|\(program\)/.test(short)) continue;
        seen.add(short);
        within.set(short, (within.get(short) ?? 0) + (dt[i] ?? 0) / 1000);
      }
    }
    const at = (i) => (profile.startTime + dt.slice(0, i + 1).reduce((a, b) => a + b, 0)) / 1000;
    console.log(`busy stretch: ${st.ms.toFixed(0)} ms, from ${(at(st.from) - at(0)).toFixed(0)} ms to ${(at(st.to) - at(0)).toFixed(0)} ms of the profile`);
    for (const [name, t] of [...within].sort((a, b) => b[1] - a[1]).slice(0, 22)) {
      console.log(`${t.toFixed(1).padStart(8)} ms  ${name.slice(0, 150)}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
