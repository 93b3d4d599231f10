/**
 * How the workflow code is bundled: the same for the worker, the tests (whose recorded histories must replay
 * against what the worker runs) and the benchmark.
 *
 * The worker evaluates the modules a workflow loads once for every workflow it holds, so what the bundle
 * evaluates is paid per cached case, in memory, and again in CPU each time an evicted case wakes. Webpack's
 * development mode, the SDK's default, keeps every module of a package and wraps each in a function of its
 * own; here a package's modules that nothing uses are left out (zod's locales and JSON Schema code, by the
 * packages' own `sideEffects`) and the project's modules are joined into one scope where they can be. The code
 * is the same code, unminified, with its source map.
 */
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
