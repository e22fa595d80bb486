// Opens every page given on the command line (file:// URLs of a site built from hostile
// reports) and reports, per page, what content could have made run: dialogs, console
// errors, uncaught exceptions, the sentinel global `__pwned` that every injected script
// in the fixture would set, and a scan of the live DOM (event-handler attributes,
// javascript:/data:/vbscript: URLs, scripts, frames, forms, plugins, <base>, refresh).
// Every element then gets the events an inline handler would wait for, every <details>
// is opened, and the sentinel is read again. Pages named search.html are also searched
// (typing the queries after `--`) so the search index's hostile strings are shown.
//
// usage: node hostile.mjs <url>... [-- <query>...]
import { launch, watch, main } from "./lib.mjs";

function scanDom() {
  // Runs in the page: everything it needs is defined here.
  const THEME_SCRIPTS = /^((\.\.\/)*|\/([\w.-]+\/)*)(filter|search-index|search|share|a11y)\.js$/;
  const SHARD = /^search\/[td]\d+\.js\?v=[0-9a-f]{16}$/;
  const themeSearch = (el) => el.matches("form.header-search, form.search-form")
    && /(^|\/)search\.html$/.test(el.getAttribute("action") || "");
  const problems = [];
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "poster", "data",
    "background", "srcset", "cite", "ping", "manifest", "codebase"];
  for (const el of document.querySelectorAll("*")) {
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on")) problems.push(`${el.tagName} has ${name}=`);
      if (urlAttrs.includes(name)) {
        let proto = "";
        try { proto = new URL(a.value, document.baseURI).protocol; } catch (e) { proto = "invalid:"; }
        if (!["http:", "https:", "mailto:", "file:"].includes(proto)) {
          problems.push(`${el.tagName} ${name}=${JSON.stringify(a.value)} (${proto})`);
        }
      }
    }
    const tag = el.tagName.toLowerCase();
    // (Inputs and buttons run nothing without a handler attribute, which is checked above;
    // the theme has a search box and the index's filter radios.)
    if (["iframe", "frame", "object", "embed", "form", "textarea", "base", "applet", "img",
      "video", "audio", "source", "math"].includes(tag) && !themeSearch(el)) {
      problems.push(`<${tag}> element`);
    }
    if (tag === "meta" && el.getAttribute("http-equiv")) problems.push("<meta http-equiv>");
    // search.js adds the index shards a query needs (search/t3.js?v=<key>).
    const src = el.getAttribute("src") || "";
    if (tag === "script" && (el.textContent.trim() !== "" || !(THEME_SCRIPTS.test(src) || SHARD.test(src)))) {
      problems.push(`script ${JSON.stringify(el.outerHTML.slice(0, 120))}`);
    }
    if (tag === "link" && !["stylesheet", "alternate", "icon", "canonical"].includes(el.getAttribute("rel"))) {
      problems.push(`<link rel=${el.getAttribute("rel")}>`);
    }
  }
  return problems;
}

function provoke() {
  for (const d of document.querySelectorAll("details")) d.open = true;
  for (const el of document.querySelectorAll("*")) {
    for (const type of ["mouseover", "mouseenter", "focus", "click", "load", "error", "toggle", "animationstart"]) {
      if (type === "click" && el.closest("a")) continue; // no navigation away
      try { el.dispatchEvent(new Event(type)); } catch (e) { /* ignore */ }
    }
  }
}

main(async (args) => {
  const cut = args.indexOf("--");
  const urls = cut < 0 ? args : args.slice(0, cut);
  const queries = cut < 0 ? [] : args.slice(cut + 1);
  const { browser, context, blocked } = await launch();
  const pages = [];
  for (const url of urls) {
    const { page, log } = await watch(context);
    await page.goto(url, { waitUntil: "load" });
    await page.waitForTimeout(100);
    const pwnedOnLoad = await page.evaluate(() => window.__pwned !== undefined);
    const problems = await page.evaluate(scanDom);
    await page.evaluate(provoke);
    await page.waitForTimeout(100);
    const searches = [];
    if (url.endsWith("search.html")) {
      for (const q of queries) {
        await page.fill("#search-q", q);
        await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes(q),
          q, { timeout: 15000 });
        searches.push(await page.evaluate(() => ({
          status: document.getElementById("search-status").textContent,
          results: document.querySelectorAll("#search-results > li").length,
          text: document.getElementById("search-results").textContent,
        })));
        await page.evaluate(provoke);
      }
      problems.push(...await page.evaluate(scanDom));
    }
    const pwned = pwnedOnLoad || await page.evaluate(() => window.__pwned !== undefined);
    pages.push({ url, pwned, problems, searches, ...log });
    await page.close();
  }
  await browser.close();
  return { pages, blocked };
});
