// Shared helpers for reviewsite's browser tests: launch Debian's headless Chromium through
// playwright-core, with the network cut off except for the given origins, and collect what
// a page does that a test may assert on (console errors, page errors, dialogs, requests).
//
// Every script prints one JSON object on stdout (its findings) and exits 0; the Rust test
// that ran it asserts on that object. A script exits non-zero only when it could not run.
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

/// Launches Chromium. `allow(url)` decides which requests may proceed (default: file: and
/// loopback http); every other request is aborted and recorded, so a test sees any attempt
/// to reach the network.
export async function launch({ allow } = {}) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const context = await browser.newContext();
  const blocked = [];
  const ok =
    allow ||
    ((u) => u.startsWith("file:") || /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(u) ||
      u.startsWith("data:") || u.startsWith("about:"));
  await context.route("**/*", (route) => {
    const u = route.request().url();
    if (ok(u)) return route.continue();
    blocked.push(u);
    return route.abort();
  });
  return { browser, context, blocked };
}

/// Opens a page and records its console errors, uncaught exceptions and dialogs (alert,
/// confirm, prompt: dismissed at once so a page cannot hang the test).
export async function watch(context) {
  const page = await context.newPage();
  const log = { consoleErrors: [], pageErrors: [], dialogs: [] };
  page.on("console", (m) => {
    if (m.type() === "error") log.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => log.pageErrors.push(String(e)));
  page.on("dialog", async (d) => {
    log.dialogs.push({ type: d.type(), message: d.message() });
    await d.dismiss().catch(() => {});
  });
  return { page, log };
}

/// Prints the result object and exits; on an exception prints it and exits 2.
export async function main(fn) {
  try {
    const result = await fn(process.argv.slice(2));
    process.stdout.write(JSON.stringify(result) + "\n");
    process.exit(0);
  } catch (e) {
    process.stderr.write(String(e && e.stack ? e.stack : e) + "\n");
    process.exit(2);
  }
}
