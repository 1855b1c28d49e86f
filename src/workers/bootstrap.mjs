// Worker-thread entry: registers the TypeScript loader, then runs the task module named in
// workerData (its default export is called once per task message).
import { register } from 'tsx/esm/api';
import { parentPort, workerData } from 'node:worker_threads';

register();
const mod = await import(workerData.module);
parentPort.on('message', async (msg) => {
  try {
    const result = await mod.default(msg.task);
    parentPort.postMessage({ id: msg.id, ok: true, result });
  } catch (err) {
    parentPort.postMessage({ id: msg.id, ok: false, error: err instanceof Error ? err.stack ?? err.message : String(err) });
  }
});
parentPort.postMessage({ ready: true });
