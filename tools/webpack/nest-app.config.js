// The one webpack configuration of every NestJS service: node target, tsc compiler, node_modules
// left external (so OpenTelemetry can patch them at run time), a generated package.json for the
// image. Each app's webpack.config.js names only what differs.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { basename, join } = require('path');

/**
 * @param {string} appDir the app's folder (__dirname of its webpack.config.js)
 * @param {{ additionalEntryPoints?: { entryName: string, entryPath: string }[] }} [extra]
 */
module.exports = function nestAppConfig(appDir, extra = {}) {
  return {
    output: {
      path: join(__dirname, '../../dist/apps', basename(appDir)),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets: ['./src/assets'],
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
        ...extra,
      }),
    ],
  };
};
