import { AsyncLocalStorage } from "node:async_hooks";

// The request id travels with the async work of one request, so every log line written while
// serving it — however deep in lib/ — carries it (read by the logger's mixin in lib/log.ts).
type RequestContext = { requestId: string };

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestId<T>(requestId: string, work: () => Promise<T>): Promise<T> {
  return storage.run({ requestId }, work);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}
