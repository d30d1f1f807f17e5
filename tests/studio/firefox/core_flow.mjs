// Core flows in Firefox ESR (the second engine), driven by puppeteer-core over WebDriver BiDi:
// sign in, list, open a campaign, launch it, watch the live monitor connect and count.
// Usage: node core_flow.mjs BASE_URL USER PASSWORD CAMPAIGN_ID SCREENSHOT_DIR
import { createRequire } from "node:module";
import path from "node:path";
const require = createRequire(path.resolve("studio/frontend/package.json"));
const puppeteer = require("puppeteer-core");

const [base, user, password, campaign, shots] = process.argv.slice(2);
const browser = await puppeteer.launch({
  browser: "firefox",
  executablePath: process.env.ENROLLFLOW_FIREFOX || "/usr/bin/firefox-esr",
  headless: true,
  protocol: "webDriverBiDi",
  extraPrefsFirefox: { "app.update.enabled": false, "browser.shell.checkDefaultBrowser": false },
});
const fail = async (message) => { console.error(message); await browser.close(); process.exit(1); };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 900 });
  await page.goto(`${base}/login`);
  await page.type("#username", user);
  await page.type("#password", password);
  await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
  const heading = await page.$eval("h1", (h) => h.textContent);
  if (heading !== "Campaigns") await fail(`after sign-in expected Campaigns, got ${heading}`);
  await page.screenshot({ path: `${shots}/firefox-campaigns-1440.png` });
  await Promise.all([page.waitForNavigation(), page.click(`a[href="/campaigns/${campaign}"]`)]);
  const launch = await page.$("form[action$='/launch'] button");
  if (!launch) await fail("no Launch button for a draft campaign");
  await Promise.all([page.waitForNavigation(), launch.click()]);
  const status = await page.$eval("#status", (s) => s.textContent.trim());
  if (!["scheduled", "running"].includes(status)) await fail(`launch gave status ${status}`);
  await page.goto(`${base}/campaigns/${campaign}/live`);
  await page.waitForFunction(() => document.getElementById("connection").textContent === "live", { timeout: 15000 });
  await page.waitForFunction(() => document.getElementById("live-sent").textContent !== "–", { timeout: 15000 });
  await page.setViewport({ width: 375, height: 812 });
  await page.screenshot({ path: `${shots}/firefox-live-monitor-375.png`, fullPage: true });
  console.log(`ok: ${status}, live monitor connected in Firefox`);
  await browser.close();
} catch (error) {
  await fail(`firefox core flow failed: ${error.stack || error}`);
}
