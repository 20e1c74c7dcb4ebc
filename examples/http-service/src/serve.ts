import { consoleLogger } from '@soni/logging';
import { chooseLock } from './lock-choice';
import { createActionService } from './service';

// `pnpm serve`: the service alone, for trying it with curl (PORT, default 3000; Ctrl-C stops it).
const service = createActionService({ lock: chooseLock(), logger: consoleLogger({ level: 'info' }), timeoutMs: 2_000 });
await service.reload();
const port = Number(process.env.PORT ?? 3000);
service.server.listen(port, '127.0.0.1', () => {
  console.log(`Listening on http://127.0.0.1:${port}; try:`);
  console.log(`  curl -s localhost:${port}/actions`);
  console.log(`  curl -s -X POST localhost:${port}/actions/quote -d '{"items":[{"sku":"fig","qty":2}]}'`);
  console.log(`  curl -s -X POST localhost:${port}/admin/reload`);
});
process.once('SIGINT', () => {
  service.server.close();
  service.server.closeAllConnections();
});
