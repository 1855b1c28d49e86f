#!/usr/bin/env -S node --max-semi-space-size=8
// The `hsc-vo` command: runs the TypeScript CLI through tsx, so there is no build step.
// --max-semi-space-size=8 (V8's young generation at half its default): a streaming server's peak
// RSS 20-30 MB lower for the same CPU (bench/tap-memory.md). Node reads it only from its own
// command line or NODE_OPTIONS, hence here; `node bin/hsc-vo.js` needs it said: `node --max-semi-space-size=8 bin/hsc-vo.js`.
import { register } from 'tsx/esm/api';
register();
await import('../src/cli/main.ts');
