/**
 * A benchmark workload for `bench/run.ts`. Put a module in `bench/workloads/` that exports
 * `workloads: Array<Workload | LatencyWorkload>`; the harness times `run` (and `fresh`, `floor`
 * and `naive`, when given) and prints one JSON line per workload on stdout.
 */
export interface Workload<T = unknown> {
  readonly kind?: 'batch';
  /** Short name, printed as `workload` (e.g. `W1`). `npm run bench -- W1` runs only that one. */
  readonly name: string;
  /** One line: what is measured. */
  readonly description: string;
  /** The JSON key under which `count` is printed (e.g. `slots`, `bookings`). */
  readonly unit: string;
  /** Runs once before any timing (build data, open databases). */
  prepare?(): void | Promise<void>;
  /** The code under test. Its result is kept until timed so that it counts in the heap delta. */
  run(): T | Promise<T>;
  /**
   * An honest lower bound doing the same work the plainest way (optional). Its `count` and
   * `fingerprint` must equal those of `run`, or the benchmark fails.
   */
  naive?(): T | Promise<T>;
  /**
   * An oracle lower bound (optional): the same output built the cheapest plain way, with every
   * lookup that does not depend on the input done before timing (in `prepare`), sharing no code
   * with the code under test. Its `count` and `fingerprint` must equal those of `run`. With a
   * floor the harness prints `floorMs`, `warmRatio` (`ms / floorMs`) and, with `freshen`,
   * `freshRatio`.
   */
  floor?(): T | Promise<T>;
  /**
   * Makes the inputs of `run` new objects the code under test has never seen (optional; e.g.
   * `structuredClone` of the doctors), so that nothing cached by object identity is reused.
   * Called, untimed, before each run of the `fresh` variant, which is `run` measured that way
   * and printed as `freshMs`.
   */
  freshen?(): void;
  /** The size of a result (e.g. the number of slots). */
  count(result: T): number;
  /** A checksum of a result, to compare `run` and `naive` beyond their counts. */
  fingerprint?(result: T): string | number;
  /** Runs once after timing. */
  teardown?(): void | Promise<void>;
  /** Untimed runs before timing (default 5). */
  readonly warmups?: number;
  /** Timed runs per child process; the median is printed (default 15). */
  readonly runs?: number;
  /**
   * Measure `run` and `naive` side by side, in the same child processes (one timed run of each
   * in turn, the order alternating), and print throughput: `perSecond` (`count` per second of
   * `run`), `rawPerSecond` (of `naive`), `ratio` = perSecond / rawPerSecond and `pairedRatio`
   * (the median of the same ratio over pairs of runs made one after the other), instead of
   * `naiveMs` and a ratio of times. For workloads whose baseline shares a server or a disk with
   * `run` (the booking workloads): their speed drifts with the machine's load, so only runs made
   * side by side compare.
   */
  readonly paired?: boolean;
  /**
   * What `naive` is, for a `paired` workload's line: its rate is printed as
   * `<baseline>PerSecond` (default `raw`: `rawPerSecond`). The hold workloads compare with
   * `book()` and print `bookPerSecond`.
   */
  readonly baseline?: string;
  /**
   * How many results of `run` to keep at once to measure the heap they take (default 1; more
   * makes the figure of a small output less noisy: the delta is divided by this number).
   */
  readonly heapSamples?: number;
}

/**
 * A latency workload for `bench/run.ts`: one call of what users call (`call`), made `calls` times
 * after `warmups`, each timed on its own, beside the floor of the same call (`floor`, one timed
 * call of each in turn, the order alternating), in one child process. The harness prints
 * `{"workload","p50Us","p99Us","floorUs","ratio",<unit>,"calls"}`: the 50th and 99th percentiles
 * of `call` in microseconds, the 50th of `floor`, and `ratio` = `p50Us / floorUs`.
 */
export interface LatencyWorkload<T = unknown> {
  readonly kind: 'latency';
  /** Short name, printed as `workload`. */
  readonly name: string;
  /** One line: what is measured. */
  readonly description: string;
  /** The JSON key under which `count` is printed (e.g. `slots`). */
  readonly unit: string;
  /** Runs once before any timing. */
  prepare?(): void | Promise<void>;
  /** One call of the code under test. */
  call(): Promise<T>;
  /**
   * The floor of one call: the work the call cannot avoid, done the plainest way. Its `count`
   * and `fingerprint` must equal those of `call`, or the benchmark fails.
   */
  floor(): Promise<T>;
  /** The size of a result. */
  count(result: T): number;
  /** A checksum of a result, to compare `call` and `floor` beyond their counts. */
  fingerprint(result: T): string | number;
  /** Runs once after timing. */
  teardown?(): void | Promise<void>;
  /** Untimed calls of each before timing (default 200). */
  readonly warmups?: number;
  /** Timed calls of each (default 1,000). */
  readonly calls?: number;
}
