// Opens each URL given on the command line and reports, per page, its title, console
// errors, uncaught exceptions, dialogs and blocked network requests.
import { launch, watch, main } from "./lib.mjs";

main(async (urls) => {
  const { browser, context, blocked } = await launch();
  const pages = [];
  for (const url of urls) {
    const { page, log } = await watch(context);
    await page.goto(url, { waitUntil: "load" });
    await page.waitForTimeout(200);
    pages.push({ url, title: await page.title(), ...log });
    await page.close();
  }
  await browser.close();
  return { pages, blocked };
});
