// Copy-link buttons and filters in the URL (issue 19). Args: a review page and the index,
// as file: URLs. The clipboard is replaced by a recorder (headless Chromium's real one
// depends on the desktop), then removed to take the fallback path.
import { launch, watch, main } from "./lib.mjs";

const recorder = () => {
  window.__copied = [];
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: { writeText: (t) => { window.__copied.push(t); return Promise.resolve(); } },
  });
};

main(async ([review, index]) => {
  const { browser, context, blocked } = await launch();
  await context.addInitScript(recorder);
  const { page, log } = await watch(context);
  await page.goto(review, { waitUntil: "load" });
  const counts = await page.evaluate(() => ({
    findings: document.querySelectorAll("article.finding[id]").length,
    findingButtons: document.querySelectorAll("article.finding .finding-head button.copy-link").length,
    headings: Array.from(document.querySelectorAll("main h2[id], main h3[id]"))
      .filter((h) => !h.classList.contains("visually-hidden")).length,
    headingButtons: document.querySelectorAll("main h2 button.copy-link, main h3 button.copy-link").length,
  }));
  const first = await page.$eval("article.finding[id]", (f) => f.id);
  // Keyboard: focus the button by its accessible name and press Enter.
  const btn = page.getByRole("button", { name: `Copy link to ${first}`, exact: true });
  await btn.focus();
  const focused = await page.evaluate(() => document.activeElement.className);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => window.__copied.length > 0);
  const copied = await page.evaluate(() => window.__copied[0]);
  const status = await page.$eval('[role="status"]', (s) => s.textContent);
  const headingId = await page.$eval("main h2[id] button.copy-link", (b) => b.getAttribute("data-copy"));
  await page.click("main h2[id] button.copy-link");
  await page.waitForFunction(() => window.__copied.length > 1);
  const copiedHeading = await page.evaluate(() => window.__copied[1]);

  // No clipboard API: the fallback copies (execCommand) or leaves the link in the address bar.
  const bare = await context.newPage();
  await bare.addInitScript(() => {
    Object.defineProperty(navigator, "clipboard", { configurable: true, value: undefined });
  });
  await bare.goto(review, { waitUntil: "load" });
  await bare.click("article.finding .copy-link");
  const fallback = await bare.evaluate(() => ({
    status: document.querySelector('[role="status"]').textContent,
    hash: window.location.hash,
  }));

  // Without script the anchors stay and no button appears.
  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto(review, { waitUntil: "load" });
  const noJsCounts = await plain.evaluate(() => ({
    buttons: document.querySelectorAll(".copy-link").length,
    badges: document.querySelectorAll("article.finding a.fid[href^='#']").length,
  }));

  // The index filters write the URL, and a URL sets them.
  await page.goto(index, { waitUntil: "load" });
  await page.click('label[for="fv-bad"]');
  const afterVerdict = await page.evaluate(() => location.href);
  const kind = await page.$eval('input[name="fk"]:not(#fk-all)', (i) => i.id.slice(3));
  await page.click(`label[for="fk-${kind}"]`);
  await page.fill("#review-search", "router");
  const afterAll = await page.evaluate(() => location.href);
  await page.goto(index + `?show=warn&type=${kind}&q=tern`, { waitUntil: "load" });
  const restored = await page.evaluate(() => ({
    show: document.querySelector('input[name="fv"]:checked').id,
    type: document.querySelector('input[name="fk"]:checked').id,
    q: document.getElementById("review-search").value,
    count: document.getElementById("filter-count").textContent,
  }));
  await page.click('label[for="fv-all"]');
  const cleared = await page.evaluate(() => location.href);
  await browser.close();
  return {
    counts, first, focused, copied, status, headingId, copiedHeading, fallback, noJsCounts,
    afterVerdict, kind, afterAll, restored, cleared, ...log, blocked,
  };
});
