export * from './runner/projection';
export * from './runner/read-model-store';
export * from './runner/projection-runner';
export * from './runner/as-domain-event';
export * from './execution-tracking/execution-tracking.projection';
export * from './execution-tracking/tracking-view';
