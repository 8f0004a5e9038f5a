// What the end-to-end test files share: the built site served on localhost (dist/, or
// $STEPLAB_DIST), one headless Chromium, the screenshots folder, and the console opened in a
// fresh browser context.
import { before, after } from "node:test";
import { mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.mjs";
import { launch } from "./browser.mjs";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const shots = join(root, "target", "e2e");

/** Serves the site and launches Chromium around this file's tests; `server` and `browser` are set once `before` has run. */
export function useSite() {
  const site = { server: undefined, browser: undefined };
  before(async () => {
    site.server = await serve(process.env.STEPLAB_DIST ?? join(root, "dist"));
    site.browser = await launch();
    await mkdir(shots, { recursive: true });
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}

/** Opens the console in a new browser context (with `contextOptions`) and waits until it is ready. */
export async function openConsole(site, contextOptions = {}) {
  const context = await site.browser.newContext(contextOptions);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const started = Date.now();
  await page.goto(`${site.server.url}/index.html`);
  await page.waitForSelector("body[data-ready]", { timeout: 60_000 });
  return { context, page, errors, ready: Date.now() - started };
}
