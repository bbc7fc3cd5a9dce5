// The Prisma CLI with Gatehouse's schema engine and this Node first on PATH, for anything
// the migrate command does not cover: tsx libs/db/src/cli/prisma.ts generate | migrate dev ...
import { runPrismaCli } from '../prisma-cli.js';

const result = await runPrismaCli(process.argv.slice(2), { inheritStdio: true, timeoutMs: 0 });
process.exitCode = result.exitCode;
