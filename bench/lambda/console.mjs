// Cold start and warm invocation of a Node.js function beside a Python one, as the Lambda
// console's Test runs them on the built dist/ in headless Chromium: cold = the first Test of a new
// function (a new Worker for it, INIT, the invoke; Python's interpreter may come from the spare
// Worker the console boots ahead), warm = the next Tests of the same environment. Each time is
// from the click on Test to the result on the page (the message round trips through the
// execution Worker included). Prints figures; it is not a test.
//   node bench/lambda/console.mjs [--dist DIST] [--cold 3] [--warm 10]
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "../../tests/e2e/serve.mjs";
import { launch } from "../../tests/e2e/browser.mjs";
import { createFunction } from "../../tests/e2e/console.mjs";
import { arg } from "../args.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const dist = resolve(arg("dist", join(root, "dist")));
const coldRuns = Number(arg("cold", 3));
const warmRuns = Number(arg("warm", 10));
if (!existsSync(join(dist, "index.html"))) throw new Error(`the site is missing at ${dist}: run trunk build --release`);

const handlers = {
  "Python 3.11": "def lambda_handler(event, context):\n    return {'statusCode': 200, 'message': 'Hello from Step Function!'}\n",
  "Node.js 22.x": "export const handler = async (event) => ({ statusCode: 200, message: 'Hello from Step Function!' });\n",
};

async function test(page) {
  const started = Date.now();
  await page.getByRole("button", { name: "Test", exact: true }).first().click();
  await page.locator("#test-result").waitFor({ timeout: 60_000 });
  const ms = Date.now() - started;
  const response = JSON.parse(await page.locator("#test-response").textContent());
  if (response.statusCode !== 200) throw new Error(`unexpected response ${JSON.stringify(response)}`);
  // the next Test replaces the result: wait for it to go
  await page.evaluate(() => document.querySelector("#test-result")?.remove());
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const server = await serve(dist);
const browser = await launch();
try {
  for (const [runtime, code] of Object.entries(handlers)) {
    const cold = [];
    const warm = [];
    for (let r = 0; r < coldRuns; r++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/index.html`);
      await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
      await createFunction(page, `Bench${r}`, code, runtime);
      await page.getByRole("tab", { name: "Test" }).click();
      cold.push(await test(page));
      for (let w = 0; w < warmRuns; w++) warm.push(await test(page));
      await context.close();
    }
    console.log(JSON.stringify({ runtime, coldMs: cold, warmMedianMs: median(warm) }));
    console.log(`figures: ${runtime}: cold Test ${median(cold)} ms median (${Math.min(...cold)}–${Math.max(...cold)}), warm Test ${median(warm)} ms median`);
  }
} finally {
  await browser.close();
  await server.close();
}
