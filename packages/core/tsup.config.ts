import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.shared';

// The Standard Schema types are inlined into the declarations so that `@soni/core`
// keeps zero dependencies while still typing `schema` with the official interface.
export default defineConfig(packageBuild({ index: 'src/index.ts' }, { dts: { resolve: ['@standard-schema/spec'] } }));
