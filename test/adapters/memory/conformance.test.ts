import { describe, it } from 'vitest';
import { createMemoryRepository } from 'clinic-slots';
import { describeRepositoryConformance } from 'clinic-slots/testing';

describeRepositoryConformance({
  name: 'memory',
  create: () => ({ repository: createMemoryRepository(), teardown: async () => {} }),
  test: { describe, it },
});
