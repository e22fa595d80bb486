// Runs axe-core (the npm package, injected into the page: nothing is fetched) on each URL
// given on the command line, in light and dark colour schemes (prefers-color-scheme, as
// playwright's colorScheme sets it) at 1280 and 390 px wide, and reports per page and mode
// the violations axe finds: rule id, impact, how many elements, and the first targets.
//
// With --keyboard, also walks each page with the Tab key (light, 1280 px) and reports the
// interactive elements Tab never reaches and those that show no focus indicator (no
// outline and no box-shadow) when Tab reaches them.
//
// Pages are served from the built site folder given with --root, under http://site.test/
// (answered by the script itself through playwright's routing, no server and no network),
// so a page that links root-relative (404.html) gets its stylesheet as on a web server; a
// path the folder lacks gets 404.html. A search page path may carry ?q=: the script waits
// for the results before running axe.
//
// usage: node axe.mjs --root <site folder> [--keyboard] [--modes light@1280,dark@390,...] <path>...
import { readFileSync, existsSync, statSync } from "node:fs";
import { join, extname, normalize } from "node:path";
import { createRequire } from "node:module";
import { launch, main } from "./lib.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const ALL_MODES = ["light@1280", "dark@1280", "light@390", "dark@390"];
const ORIGIN = "http://site.test/";
const TYPES = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript",
  ".svg": "image/svg+xml", ".json": "application/json", ".xml": "application/xml",
  ".ico": "image/x-icon", ".png": "image/png" };

/// Answers a request for http://site.test/<path> from the site folder.
function serveFile(root, url) {
  const path = decodeURIComponent(new URL(url).pathname);
  let file = normalize(join(root, path));
  if (!file.startsWith(normalize(root))) file = join(root, "404.html");
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
  if (!existsSync(file)) {
    return { status: 404, contentType: "text/html", body: readFileSync(join(root, "404.html")) };
  }
  return { status: 200, contentType: TYPES[extname(file)] || "application/octet-stream", body: readFileSync(file) };
}

/// Parses the command line: flags first, then URLs.
function parseArgs(args) {
  const opts = { keyboard: false, modes: ALL_MODES, urls: [], root: null };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--keyboard") opts.keyboard = true;
    else if (args[i] === "--root") opts.root = args[++i];
    else if (args[i] === "--modes") opts.modes = args[++i].split(",");
    else opts.urls.push(args[i]);
  }
  return opts;
}

/// Waits until the page's own script has done its work: search results shown, when the
/// page is a search page given a query.
async function settle(page, url) {
  if (/[?&]q=/.test(url)) {
    await page.waitForFunction(() => {
      const s = document.getElementById("search-status");
      return s && s.textContent.trim() !== "";
    }, null, { timeout: 15000 });
  }
  await page.waitForTimeout(50);
}

/// axe's violations on the page, reduced to what a test asserts on and a person reads.
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE });
  const res = await page.evaluate(() =>
    window.axe.run(document, { resultTypes: ["violations"] }));
  return res.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    count: v.nodes.length,
    targets: v.nodes.slice(0, 4).map((n) => n.target.join(" ")),
    summary: v.nodes[0] ? v.nodes[0].failureSummary.split("\n").slice(0, 3).join(" ") : "",
  }));
}

/// Tabs through the page; returns the visible interactive elements never reached and
/// those reached without a visible focus indicator (selectors, at most 10 of each).
async function keyboardWalk(page) {
  const total = await page.evaluate(() => {
    const sel = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ' +
      'select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])';
    const els = Array.from(document.querySelectorAll(sel)).filter((el) => {
      // Rendered, not in a closed <details> (content-visibility), not visibility:hidden.
      return !el.closest("[inert]") && el.checkVisibility({ visibilityProperty: true });
    });
    els.forEach((el, i) => el.setAttribute("data-kbd", String(i)));
    window.__kbd = { seen: new Set(), unstyled: [], stops: 0 };
    document.addEventListener("focusin", (e) => {
      const el = e.target;
      if (!el.hasAttribute || !el.hasAttribute("data-kbd")) return;
      // One radio button of a group is a tab stop; arrow keys move within the group.
      const group = el.type === "radio" && el.name
        ? document.querySelectorAll(`input[type="radio"][name="${CSS.escape(el.name)}"]`) : [el];
      group.forEach((g) => g.hasAttribute("data-kbd") && window.__kbd.seen.add(g.getAttribute("data-kbd")));
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
      if (!outline && s.boxShadow === "none") window.__kbd.unstyled.push(el.getAttribute("data-kbd"));
    });
    return els.length;
  });
  await page.evaluate(() => document.activeElement && document.activeElement.blur());
  // Tab until focus comes back to where it first landed (Chromium also stops on scrolling
  // boxes and on its own UI, so the number of stops is not known in advance).
  let first = null;
  for (let i = 0; i < 3 * total + 50; i++) {
    await page.keyboard.press("Tab");
    const at = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      if (!el.hasAttribute("data-kbd-stop")) el.setAttribute("data-kbd-stop", String(window.__kbd.stops++));
      return el.getAttribute("data-kbd-stop");
    });
    if (at === null) continue;
    if (first === null) first = at;
    else if (at === first) break;
  }
  return page.evaluate(() => {
    const name = (el) => {
      const id = el.id ? "#" + el.id : "";
      const cls = el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "";
      return el.tagName.toLowerCase() + id + cls + " " + JSON.stringify((el.textContent || "").trim().slice(0, 30));
    };
    const all = Array.from(document.querySelectorAll("[data-kbd]"));
    const unreached = all.filter((el) => !window.__kbd.seen.has(el.getAttribute("data-kbd")));
    const unstyled = [...new Set(window.__kbd.unstyled)].map((k) => document.querySelector(`[data-kbd="${k}"]`));
    return {
      interactive: all.length,
      unreached: unreached.length,
      unreachedExamples: unreached.slice(0, 10).map(name),
      unstyled: unstyled.length,
      unstyledExamples: unstyled.slice(0, 10).map(name),
    };
  });
}

main(async (args) => {
  const { modes, urls, keyboard, root } = parseArgs(args);
  if (!root) throw new Error("--root <site folder> is required");
  const { browser, blocked } = await launch();
  const pages = [];
  for (const mode of modes) {
    const [scheme, width] = mode.split("@");
    const context = await browser.newContext({
      colorScheme: scheme,
      viewport: { width: Number(width), height: 900 },
    });
    await context.route("**/*", (route) => {
      const u = route.request().url();
      if (u.startsWith(ORIGIN)) return route.fulfill(serveFile(root, u));
      if (u.startsWith("data:") || u.startsWith("about:")) return route.continue();
      blocked.push(u);
      return route.abort();
    });
    for (const url of urls) {
      const page = await context.newPage();
      await page.goto(ORIGIN + url, { waitUntil: "load" });
      await settle(page, url);
      const entry = { url, mode, violations: await axeViolations(page) };
      if (/[?&]q=/.test(url)) entry.results = await page.locator("#search-results > li").count();
      if (keyboard && mode === modes[0]) {
        await page.reload({ waitUntil: "load" });
        await settle(page, url);
        entry.keyboard = await keyboardWalk(page);
      }
      pages.push(entry);
      await page.close();
    }
    await context.close();
  }
  await browser.close();
  return { pages, blocked };
});
