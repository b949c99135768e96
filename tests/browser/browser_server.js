/* One Chromium for every pytest worker of a test run (tests/browser/browser_server.py).
 *
 * Playwright's launchServer, run by the node that ships with Playwright for Python. Each worker
 * connects with chromium.connect() and sees only its own browser contexts. Prints the server's
 * address, then closes Chromium and exits when the test run that owns it (OWNER_PID) is gone.
 *
 *   node browser_server.js PLAYWRIGHT_PACKAGE CHROMIUM ARGS_JSON OWNER_PID */
const [pkg, executablePath, args, owner] = process.argv.slice(2)
const { chromium } = require(pkg)

chromium.launchServer({ executablePath, args: JSON.parse(args) }).then(server => {
  console.log(server.wsEndpoint())
  setInterval(() => {
    try { process.kill(Number(owner), 0) }
    catch { server.close().then(() => process.exit(0)) }
  }, 1000)
})
