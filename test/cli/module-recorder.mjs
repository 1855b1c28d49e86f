// Module customization hooks for tests: append every module URL the process resolves to a file,
// so a test can see what a command really loads (dynamic imports included, once they run).
import fs from 'node:fs';

let file = '';

export function initialize(data) {
  file = data.file;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  fs.appendFileSync(file, `${resolved.url}\n`);
  return resolved;
}
