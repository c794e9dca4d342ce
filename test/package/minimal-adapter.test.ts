/**
 * The minimal adapter of the "Writing an adapter" guide (docs/examples/minimal-adapter.ts) runs
 * the published conformance kit, so the guide's example cannot rot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SchedulingError, type Doctor } from 'clinic-slots';
import { aDoctor, describeRepositoryConformance } from 'clinic-slots/testing';
import { createDocumentRepository, fileDocumentStore, type DocumentStore } from '../../docs/examples/minimal-adapter.js';

/** A document store in a variable. */
function memoryDocumentStore(): DocumentStore {
  let document: string | undefined;
  return {
    load: async () => document,
    save: async (next) => {
      document = next;
    },
  };
}

describeRepositoryConformance({
  name: 'minimal adapter from the guide (document in memory)',
  create: () => ({ repository: createDocumentRepository(memoryDocumentStore()), teardown: () => {} }),
  test: { describe, it },
});

describeRepositoryConformance({
  name: 'minimal adapter from the guide (document in a file)',
  create: () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinic-slots-minimal-adapter-'));
    return {
      repository: createDocumentRepository(fileDocumentStore(join(dir, 'clinic.json'))),
      teardown: () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  test: { describe, it },
  numRuns: 10,
});

describe('the minimal adapter from the guide', () => {
  it('keeps its data in the file across repository objects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'clinic-slots-minimal-adapter-'));
    try {
      const doctor: Doctor = aDoctor({ id: 'dr-file' });
      await createDocumentRepository(fileDocumentStore(join(dir, 'clinic.json'))).createDoctor(doctor);
      expect(await createDocumentRepository(fileDocumentStore(join(dir, 'clinic.json'))).getDoctor('dr-file')).toEqual(doctor);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a failing store as STORAGE_FAILED and changes nothing', async () => {
    const inner = memoryDocumentStore();
    let failing = false;
    const store: DocumentStore = {
      load: () => inner.load(),
      save: (document) => (failing ? Promise.reject(new Error('disk full')) : inner.save(document)),
    };
    const repository = createDocumentRepository(store);
    failing = true;
    const error: unknown = await repository.createDoctor(aDoctor({ id: 'dr-x' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchedulingError);
    expect((error as SchedulingError).code).toBe('STORAGE_FAILED');
    expect(await repository.getDoctor('dr-x')).toBeUndefined();
  });
});
