export * from './multidose-state';
export * from './multidose-episode.rules';
export * from './eresept-message';
export * from './office-capability';
export * from './episode-fields';
export * from './multidose-update.rules';
export * from './multidose-extensions';
