// Opens the agents leaderboard, clicks the "Findings" heading of the family table twice,
// and reports the column's values after each click, the page URL (the script sorts in
// place instead of following the link) and any console errors.
import { launch, watch, main } from "./lib.mjs";

main(async ([url]) => {
  const { browser, context, blocked } = await launch();
  const { page, log } = await watch(context);
  await page.goto(url, { waitUntil: "load" });
  const values = () =>
    page.$$eval('#table-families tbody tr [data-col="findings"]', (cells) =>
      cells.map((c) => c.getAttribute("data-value")));
  const link = '#table-families a[data-sort-col="findings"]';
  await page.click(link);
  const first = await values();
  const firstSort = await page.$eval(link, (a) => a.closest("th").getAttribute("aria-sort"));
  await page.click(link);
  const second = await values();
  const finalUrl = page.url();
  await browser.close();
  return { first, firstSort, second, finalUrl, ...log, blocked };
});
