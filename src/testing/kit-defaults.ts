/** The default number of runs of property and model-based tests. @internal */
export const DEFAULT_NUM_RUNS = 30;

/** The default timeout of property, model-based and concurrency tests. @internal */
export const DEFAULT_SLOW_TIMEOUT = 120_000;
