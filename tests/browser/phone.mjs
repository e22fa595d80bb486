// Opens each URL given on the command line at phone widths (360 and 390 px, 800 px tall)
// and reports, per page and width: whether the page is wider than the viewport
// (document.documentElement.scrollWidth against the viewport width) and which elements
// stick out, the header's height, and on a review page where the verdict, the counts and
// the first finding's jump link sit (their bottom edge, in px from the top of the page).
//
// usage: node phone.mjs [--widths=360,390] [--height=800] [--root=<site folder>] <file:// URL>...
//
// With --root, a request for a file:// path outside the site folder (404.html links its
// stylesheet from the server root, "/style.css") is answered from the site folder, as the
// server would.
import { existsSync } from "node:fs";
import { launch, watch, main } from "./lib.mjs";

function measure() {
  const vw = document.documentElement.clientWidth;
  const bottom = (el) => (el ? Math.round(el.getBoundingClientRect().bottom + window.scrollY) : null);
  // Elements whose right edge passes the viewport, outermost first, that are not inside a
  // box that scrolls sideways on its own (those are fine: the page itself does not widen).
  const offenders = [];
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (/(auto|scroll|hidden|clip)/.test(s.overflowX) && p !== document.documentElement && p !== document.body) return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 0.5 && !scrolls(el)) {
      if (offenders.some((o) => o.el.contains(el))) continue;
      offenders.push({ el, right: Math.round(r.right) });
    }
  }
  // Text wider than its own box (an unbroken word) does not move the box's edges.
  for (const el of document.body.querySelectorAll("*")) {
    if (el.scrollWidth <= el.clientWidth + 1 || getComputedStyle(el).overflowX !== "visible" || scrolls(el)) continue;
    const right = el.getBoundingClientRect().left + el.scrollWidth;
    if (right > vw + 0.5 && ![...el.children].some((c) => c.scrollWidth > c.clientWidth + 1)) {
      offenders.push({ el, right: Math.round(right) });
    }
  }
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const header = document.querySelector(".site-header");
  const first = document.querySelector("article.finding[id]");
  const jump = first ? document.querySelector(`.jump-list a[href="#${CSS.escape(first.id)}"]`) : null;
  const visible = (el) => !!el && el.getClientRects().length > 0;
  const inner = document.querySelector(".header-inner");
  return {
    viewport: vw,
    // The phone header is a grid: false when the stylesheet did not load (a page without
    // its stylesheet is never too wide, so the other figures would prove nothing).
    styled: !!inner && getComputedStyle(inner).display === "grid",
    scrollWidth: document.documentElement.scrollWidth,
    offenders: offenders.slice(0, 8).map((o) => ({ el: name(o.el), right: o.right, text: o.el.textContent.slice(0, 60) })),
    header: header ? Math.round(header.getBoundingClientRect().height) : null,
    review: document.body.classList.contains("page-review")
      ? {
          firstFinding: first ? first.id : null,
          verdictBottom: bottom(document.querySelector(".verdict-line")),
          countsBottom: bottom(document.querySelector(".verdict-line .counts")),
          jumpBottom: visible(jump) ? bottom(jump) : null,
          metaOpen: visible(document.querySelector("table.meta")) && bottom(document.querySelector("table.meta")) < 800,
          contents: visible(document.querySelector(".toc-phone > summary")) ? bottom(document.querySelector(".toc-phone > summary")) : null,
          pageHeight: document.documentElement.scrollHeight,
        }
      : null,
  };
}

main(async (args) => {
  const opt = (k, d) => (args.find((a) => a.startsWith(`--${k}=`)) || `=${d}`).split("=")[1];
  const widths = opt("widths", "360,390").split(",").map(Number);
  const height = Number(opt("height", "800"));
  const root = opt("root", "");
  const urls = args.filter((a) => !a.startsWith("--"));
  const { browser, context, blocked } = await launch();
  const pages = [];
  for (const url of urls) {
    // One load per page; the viewport then narrows or widens to each width in turn.
    const { page, log } = await watch(context);
    await page.setViewportSize({ width: widths[0], height });
    if (root) {
      await page.route((u) => u.protocol === "file:" && !decodeURIComponent(u.pathname).startsWith(root), (route) => {
        const path = root + decodeURIComponent(new URL(route.request().url()).pathname);
        return existsSync(path) ? route.fulfill({ path }) : route.continue();
      });
    }
    await page.goto(url, { waitUntil: "load" });
    // The search page fills its results from a script: measure them, not the empty page.
    await page.waitForFunction(() => {
      const s = document.getElementById("search-status");
      return !s || s.textContent.trim() !== "";
    }, null, { timeout: 15000 });
    for (const width of widths) {
      await page.setViewportSize({ width, height });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      pages.push({ url, width, ...(await page.evaluate(measure)), ...log });
    }
    await page.close();
  }
  await browser.close();
  return { pages, blocked };
});
