#!/usr/bin/env node
// The glassbox command: runs the TypeScript sources directly, so the CLI needs no build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
