// Jest's globalSetup: the first line of every test run names the Node running
// the suites, so a log shows which runtime passed (CI: Node 24, as the runner).
export default function printNodeVersion() {
  process.stdout.write(`\njest on node ${process.version} (${process.execPath})\n`);
}
