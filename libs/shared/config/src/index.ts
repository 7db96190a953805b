export * from './lib/config-variable';
export * from './lib/config-error';
export * from './lib/load-config';
export * from './lib/common-variables';
