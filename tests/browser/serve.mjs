// Drives a running `reviewsite serve`: opens the index, a review and the agents page and
// records what each logs; then, with the review page left open, edits its report on disk
// and measures how long the page takes to show the edit by itself (live reload); then
// breaks book.toml (with markup in the broken line), records the error page the open page
// turns into, and restores the file, recording whether the page recovers by itself.
//
// Arguments: the site URL (with its base path), the review page's path below it, the
// report file, book.toml, and optionally a folder to save screenshots in.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, watch, main } from "./lib.mjs";

main(async ([site, reviewPath, reportFile, bookFile, shots]) => {
  const { browser, context, blocked } = await launch();
  const pages = [];
  const open = async (path) => {
    const { page, log } = await watch(context);
    const response = await page.goto(site + path, { waitUntil: "load" });
    await page.waitForTimeout(300);
    const entry = {
      path,
      status: response.status(),
      title: await page.title(),
      liveReload: await page.$$eval('script[src*="__reviewsite/live-reload.js"]', (s) => s.length),
      // As the page was on opening (the review page's log grows on).
      log: JSON.parse(JSON.stringify(log)),
    };
    pages.push(entry);
    return { page, log };
  };
  const shot = async (page, name) => {
    if (shots) await page.screenshot({ path: join(shots, name), fullPage: false });
  };

  const index = await open("");
  await shot(index.page, "serve-index.png");
  await index.page.close();
  const agents = await open("agents/index.html");
  await agents.page.close();
  const review = await open(reviewPath);
  const page = review.page;
  let loads = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) loads++;
  });

  // Edit the report: the open page must show the edit by itself.
  const marker = "zebracorn" + Date.now();
  const original = readFileSync(reportFile, "utf8");
  const edited = original.replace("measurable GC pressure.", `measurable GC pressure (${marker}).`);
  if (edited === original) throw new Error("the report lacks the phrase to edit");
  const t0 = Date.now();
  writeFileSync(reportFile, edited);
  await page.waitForFunction((m) => document.body && document.body.innerText.includes(m), marker, {
    timeout: 10000,
    polling: 10,
  });
  const reloadMs = Date.now() - t0;
  const loadsAfterEdit = loads;
  await shot(page, "serve-review-edited.png");

  // Break book.toml: the open page turns into the error page, escaped.
  const book = readFileSync(bookFile, "utf8");
  writeFileSync(bookFile, book + "\ntitle = <script>window.__pwned = 1</script>\n");
  await page.waitForSelector("#reviewsite-error", { timeout: 10000 });
  const errorText = await page.$eval("#reviewsite-error", (e) => e.textContent);
  const errorTitle = await page.title();
  const pwned = await page.evaluate(() => window.__pwned === 1);
  await shot(page, "serve-error.png");

  // Fix it: the page comes back by itself.
  writeFileSync(bookFile, book);
  let recovered = true;
  try {
    await page.waitForFunction((m) => document.body && document.body.innerText.includes(m) &&
      !document.getElementById("reviewsite-error"), marker, { timeout: 10000, polling: 20 });
  } catch (e) {
    recovered = false;
  }
  await shot(page, "serve-recovered.png");
  writeFileSync(reportFile, original);
  await browser.close();
  return {
    pages,
    reloadMs,
    loadsAfterEdit,
    errorText,
    errorTitle,
    pwned,
    recovered,
    reviewLog: review.log,
    blocked,
  };
});
