// Opens search.html from file:// with each query given on the command line (as ?q=), and
// once more by typing the first query into the box, and reports per query the status line,
// the first results' links and texts, console errors, page errors and blocked requests.
//
// usage: node search.mjs <file:// URL of search.html> <query>...
import { launch, watch, main } from "./lib.mjs";

async function results(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById("search-status");
    return s && s.textContent.trim() !== "";
  }, null, { timeout: 15000 });
  return page.evaluate(() => ({
    status: document.getElementById("search-status").textContent,
    results: Array.from(document.querySelectorAll("#search-results > li")).slice(0, 10).map((li) => ({
      href: li.querySelector("a.result-title").getAttribute("href"),
      text: li.textContent,
      marks: Array.from(li.querySelectorAll("mark")).map((m) => m.textContent),
    })),
    // Report text must only ever become text: no element but ours inside a result.
    foreign: Array.from(document.querySelectorAll("#search-results *")).filter(
      (el) => !["LI", "A", "SPAN", "P", "CODE", "MARK"].includes(el.tagName)).length,
  }));
}

main(async ([url, ...queries]) => {
  const { browser, context, blocked } = await launch();
  const out = [];
  for (const q of queries) {
    const { page, log } = await watch(context);
    await page.goto(url + "?q=" + encodeURIComponent(q), { waitUntil: "load" });
    const r = await results(page);
    out.push({ query: q, how: "url", ...r, ...log });
    await page.close();
  }
  // Typing into the box (no ?q=) finds the same as the URL.
  if (queries.length) {
    const { page, log } = await watch(context);
    await page.goto(url, { waitUntil: "load" });
    await page.fill("#search-q", queries[0]);
    await page.waitForFunction((q) => document.getElementById("search-status").textContent.includes(q),
      queries[0], { timeout: 15000 });
    const r = await results(page);
    out.push({ query: queries[0], how: "typed", ...r, ...log });
    await page.close();
  }
  // Without JavaScript the page says so and links to the index.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const p = await noJs.newPage();
  await p.goto(url, { waitUntil: "load" });
  const noscript = await p.evaluate(() => {
    const n = document.querySelector("noscript");
    return n ? n.textContent : "";
  });
  await noJs.close();
  await browser.close();
  return { queries: out, noscript, blocked };
});
