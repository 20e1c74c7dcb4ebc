import { consoleLogger } from '@soni/logging';
import { ADMIN_TOKEN_ENV, adminTokenFromEnv } from './admin-token';
import { chooseLock } from './lock-choice';
import { createActionService } from './service';

// `pnpm serve`: the service alone, for trying it with curl (PORT, default 3000; Ctrl-C stops it).
// `POST /admin/reload` is mounted only when SONI_ADMIN_TOKEN is set (16+ characters).
const adminToken = adminTokenFromEnv();
const service = createActionService({ lock: chooseLock(), logger: consoleLogger({ level: 'info' }), timeoutMs: 2_000, adminToken });
await service.reload();
const port = Number(process.env.PORT ?? 3000);
service.server.listen(port, '127.0.0.1', () => {
  console.log(`Listening on http://127.0.0.1:${port}; try:`);
  console.log(`  curl -s localhost:${port}/actions`);
  console.log(`  curl -s localhost:${port}/actions/quote -H 'content-type: application/json' -d '{"items":[{"sku":"fig","qty":2}]}'`);
  if (adminToken !== undefined) console.log(`  curl -s -X POST localhost:${port}/admin/reload -H "authorization: Bearer $${ADMIN_TOKEN_ENV}"`);
});
process.once('SIGINT', () => {
  service.server.close();
  service.server.closeAllConnections();
});
