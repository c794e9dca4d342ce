/**
 * The conformance kit takes its runner: the memory adapter runs the whole published kit under
 * node:test in a child process (no vitest there), every test the kit registers runs, and a
 * broken adapter fails it there, so the kit's own assertions work without vitest.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from 'clinic-slots';
import { describeRepositoryConformance, type ConformanceRunner } from 'clinic-slots/testing';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/node-test-conformance.ts', import.meta.url));

interface NodeTestRun {
  readonly code: number | null;
  readonly output: string;
  /** The TAP reporter's closing counts: tests, pass, fail, skipped, ... */
  readonly counts: Readonly<Record<string, number>>;
}

/** Runs the fixture with `node --test` (TAP reporter), through tsx so it imports the sources. */
function runUnderNodeTest(env: NodeJS.ProcessEnv): Promise<NodeTestRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=tap', FIXTURE], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const counts = Object.fromEntries([...output.matchAll(/^# (\w+) (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
      resolve({ code, output, counts });
    });
  });
}

/** The names of the tests the kit registers for the memory adapter, read with a recording runner. */
function registeredTests(): string[] {
  const names: string[] = [];
  const recorder: ConformanceRunner = {
    describe: (_name, body) => body(),
    it: (name) => {
      names.push(name);
    },
  };
  describeRepositoryConformance({ name: 'memory', create: () => ({ repository: createMemoryRepository(), teardown: () => {} }), test: recorder });
  return names;
}

describe('the conformance kit under node:test', () => {
  it('runs every test of the kit on the memory adapter: all pass but the cross-process race, skipped with its reason', async () => {
    const expected = registeredTests();
    expect(expected.length).toBeGreaterThan(50);
    const run = await runUnderNodeTest({ CONFORMANCE_BROKEN: '0' });
    expect({ code: run.code, tests: run.counts.tests, fail: run.counts.fail, skipped: run.counts.skipped }, run.output).toStrictEqual({
      code: 0,
      tests: expected.length,
      fail: 0,
      skipped: 1,
    });
    expect(run.counts.pass).toBe(expected.length - 1);
    expect(run.output).toMatch(/# SKIP memory declares concurrentWriters 'process'/);
  }, 120_000);

  it('fails on an adapter that breaks the contract (the kit asserts without vitest)', async () => {
    const run = await runUnderNodeTest({ CONFORMANCE_BROKEN: '1' });
    expect(run.code, run.output).not.toBe(0);
    expect(run.counts.fail, run.output).toBeGreaterThan(0);
    expect(run.counts.pass, run.output).toBeGreaterThan(0);
    // A test that reads a doctor back fails, with node:assert's report of the difference.
    expect(run.output).toMatch(/^\s*not ok \d+ - stores a doctor and gives back an equal one$/m);
    expect(run.output).toContain('Expected values to be strictly deep-equal');
  }, 120_000);
});
