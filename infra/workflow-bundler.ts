/**
 * How the workflow code is bundled: the same for the worker, the tests (whose recorded histories must replay
 * against what the worker runs) and the benchmark.
 *
 * The worker evaluates the modules a workflow loads once for every workflow it holds, so what the bundle
 * evaluates is paid per cached case, in memory, and again in CPU each time an evicted case wakes; except the
 * modules an entry point shares (`sharedWorkflowModules`), which the worker evaluates once, before any
 * workflow, and freezes. Webpack's development mode, the SDK's default, keeps every module of a package and
 * wraps each in a function of its own; here a package's modules that nothing uses are left out (zod's locales
 * and JSON Schema code, by the packages' own `sideEffects`) and the project's modules are joined into one scope
 * where they can be. The code is the same code, unminified, with its source map.
 */
import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

type WebpackConfiguration = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];

export function workflowWebpackConfig(config: WebpackConfiguration): WebpackConfiguration {
  return {
    ...config,
    optimization: {
      ...config.optimization,
      providedExports: true,
      usedExports: true,
      innerGraph: true,
      sideEffects: true,
      concatenateModules: true,
    },
  };
}

/**
 * The modules the workflows of an entry point share (its `shared-modules` file, beside it, when it has one):
 * the SDK evaluates them once per worker context instead of once per workflow. An entry without that file (a
 * test's own workflows) shares nothing, as before.
 */
export function sharedWorkflowModules(workflowsPath: string): string[] {
  const shared = join(dirname(workflowsPath), `shared-modules${extname(workflowsPath)}`);
  return existsSync(shared) ? [shared] : [];
}
