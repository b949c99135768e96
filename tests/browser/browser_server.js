/* One Chromium for every pytest worker of a test run (tests/browser/browser_server.py).
 *
 * Playwright's launchServer, run by the node that ships with Playwright for Python. Each worker
 * connects with chromium.connect() and sees only its own browser contexts. Prints the server's
 * address. On SIGTERM, or once the test run that owns it (OWNER_PID) is gone, it closes Chromium
 * and exits.
 *
 *   node browser_server.js PLAYWRIGHT_PACKAGE CHROMIUM ARGS_JSON OWNER_PID */
const [pkg, executablePath, args, owner] = process.argv.slice(2)
const { chromium } = require(pkg)

chromium.launchServer({ executablePath, args: JSON.parse(args), handleSIGTERM: false }).then(server => {
  const stop = () => server.close().then(() => process.exit(0))
  process.on("SIGTERM", stop)
  setInterval(() => {
    try { process.kill(Number(owner), 0) } catch { stop() }
  }, 1000)
  console.log(server.wsEndpoint())
})
