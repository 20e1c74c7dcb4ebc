// @ts-check
// The packages load as ES modules (their `import` condition).
import * as core from '@soni/core';
import * as locking from '@soni/locking';
import * as testing from '@soni/testing';
import { exercise } from './exercise.mjs';

console.log(`ESM  (import):  ${await exercise({ core, locking, testing }, 'ESM')}`);
