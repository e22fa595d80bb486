// Opens a review page with code excerpts in light and dark mode, wide and narrow, and
// reports per case: whether the page scrolls sideways, the text a reader copies from the
// first excerpt (line numbers must not be in it), the line number a line shows, and the
// backgrounds of a cited and a context line.
import { launch, watch, main } from "./lib.mjs";

main(async ([url]) => {
  const { browser, context, blocked } = await launch();
  const { page, log } = await watch(context);
  const cases = [];
  for (const colorScheme of ["light", "dark"]) {
    for (const width of [1300, 390]) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height: 900 });
      await page.goto(url, { waitUntil: "load" });
      const info = await page.evaluate(() => {
        const pre = document.querySelector("figure.excerpt pre");
        const range = document.createRange();
        range.selectNodeContents(pre);
        const sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        const copied = sel.toString();
        const cited = pre.querySelector(".xl.cited");
        const plain = pre.querySelector(".xl:not(.cited)");
        const bg = (el) => getComputedStyle(el).backgroundColor;
        return {
          pageScrollsSideways: document.scrollingElement.scrollWidth > window.innerWidth,
          excerptWidth: document.querySelector("figure.excerpt").getBoundingClientRect().width,
          copied,
          firstNumber: getComputedStyle(pre.querySelector(".xl"), "::before").content,
          citedBackground: bg(cited),
          plainBackground: bg(plain),
          pageBackground: bg(document.body),
        };
      });
      cases.push({ colorScheme, width, ...info });
    }
  }
  await browser.close();
  return { cases, ...log, blocked };
});
