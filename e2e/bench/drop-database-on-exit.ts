// Watchdog of the snapshot benchmark: `<pid> <databaseUrl>`. Started detached (its own process
// group), it waits for the benchmark process to end, however it ends, then drops its database.
// A Ctrl-C can end the benchmark before its own cleanup runs: tsx SIGKILLs a child whose event
// loop is too busy to acknowledge the signal within 60 ms (e.g. during a bulk insert).
import { dropDatabase } from '@gatehouse/db';

const [pidText = '', databaseUrl = ''] = process.argv.slice(2);
const pid = Number(pidText);
if (!Number.isInteger(pid) || pid <= 0 || databaseUrl === '') {
  console.error('usage: drop-database-on-exit <pid> <databaseUrl>');
  process.exit(2);
}

function alive(): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

while (alive()) await new Promise((resolve) => setTimeout(resolve, 250));
// IF EXISTS: after a normal run the benchmark has dropped it already.
await dropDatabase(databaseUrl);
