// Opens search.html from file:// once per query (as ?q=) and reports, per query, the
// status line and every result shown (following "Show more results" to the end): its
// link and text, the scripts the page loaded, plus console errors, page errors and blocked requests. Two builds of one
// site (one index shard of each kind, or many) must report the same.
//
// usage: node search_results.mjs <file:// URL of search.html> <query>...
import { launch, watch, main } from "./lib.mjs";

// SEARCH_MORE_PAGES=N follows "Show more results" at most N times (default: to the end).
const more_pages = process.env.SEARCH_MORE_PAGES === undefined ? Infinity : Number(process.env.SEARCH_MORE_PAGES);

main(async ([url, ...queries]) => {
  const { browser, context, blocked } = await launch();
  const out = [];
  for (const q of queries) {
    const { page, log } = await watch(context);
    await page.goto(url + "?q=" + encodeURIComponent(q), { waitUntil: "load" });
    await page.waitForFunction(() => document.documentElement.classList.contains("search-ready"),
      null, { timeout: 15000 });
    for (let pages = 0; pages < more_pages; pages++) {
      const more = await page.$("#search-more:not([hidden])");
      if (!more) break;
      const n = await page.locator("#search-results > li").count();
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll("#search-results > li").length > n,
        n, { timeout: 15000 });
    }
    const r = await page.evaluate(() => ({
      status: document.getElementById("search-status").textContent,
      results: Array.from(document.querySelectorAll("#search-results > li")).map((li) =>
        li.querySelector("a.result-title").getAttribute("href") + " " + li.textContent),
      // Every script the page loaded (the index shards the query needed among them).
      scripts: Array.from(document.querySelectorAll("script[src]"), (s) => s.getAttribute("src")),
    }));
    out.push({ query: q, ...r, ...log });
    await page.close();
  }
  await browser.close();
  return { queries: out, blocked };
});
