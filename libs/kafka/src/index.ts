export * from './read-model-messages';
export * from './read-model-publisher';
