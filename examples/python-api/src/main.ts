import { ActionRegistry } from '@soni/core';
import * as handler from './action-handler';
import * as clearing from './clearing';
import * as duplicateWarning from './duplicate-warning';
import * as globalDecorator from './global-decorator';
import * as listActions from './list-actions';
import * as localRegistration from './local-registration';
import * as manualValidation from './manual-validation';
import * as toThread from './to-thread';

const steps: [string, () => unknown][] = [
  ['Global registration with the decorator', globalDecorator.run],
  ['Local registration', localRegistration.run],
  ['list_actions()', listActions.run],
  ['Clearing', clearing.run],
  ['Duplicate registration warns', duplicateWarning.run],
  ['ActionHandler and its errors', handler.run],
  ['A synchronous action in a thread (asyncio.to_thread): a worker pool', toThread.run],
  ['Manual validation: 10 concurrent workers x 100 registrations', manualValidation.run],
];

for (const [title, step] of steps) {
  console.log(`- ${title}`);
  await step();
}

const total = new ActionRegistry().listActions().global.length;
if (total !== 1000) {
  console.error(`expected 1000 actions, got ${total}`);
  process.exit(1);
}
