/**
 * The error contract as data: `SCHEDULER_ERROR_CODES_BY_METHOD` names, for every scheduler
 * method, the codes it may reject with; the TSDoc of `Scheduler` (src/booking/types.ts) and the
 * errors guide (docs/errors.md) say exactly the same. Whether the scheduler keeps to it is the
 * property test's job (error-contract.property.test.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SCHEDULER_ERROR_CODES_BY_METHOD, SCHEDULING_ERROR_CODES, createMemoryRepository, createScheduler, type SchedulingErrorCode } from 'clinic-slots';

const read = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)), 'utf8');

const METHODS = Object.keys(createScheduler({ repository: createMemoryRepository() })).sort();
const map = SCHEDULER_ERROR_CODES_BY_METHOD as Readonly<Record<string, readonly SchedulingErrorCode[]>>;

/** What the TSDoc of each member of `interface Scheduler` says: its `@throws` codes, and every code it mentions. */
function schedulerTsdoc(): Map<string, { throws: { code: string; when: string }[]; mentioned: Set<string>; tags: string[] }> {
  const file = 'src/booking/types.ts';
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true);
  const scheduler = source.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Scheduler');
  if (scheduler === undefined) throw new Error(`${file} declares no interface Scheduler`);
  const out = new Map<string, { throws: { code: string; when: string }[]; mentioned: Set<string>; tags: string[] }>();
  for (const member of scheduler.members) {
    const name = member.name !== undefined && ts.isIdentifier(member.name) ? member.name.text : member.getText(source);
    const docs = ts.getJSDocCommentsAndTags(member).filter(ts.isJSDoc);
    const throws: { code: string; when: string }[] = [];
    const tags: string[] = [];
    for (const tag of docs.flatMap((d) => d.tags ?? [])) {
      tags.push(tag.tagName.text);
      if (tag.tagName.text !== 'throws') continue;
      const text = ts.getTextOfJSDocComment(tag.comment) ?? '';
      const match = /^SchedulingError `([A-Z_]+)` (when|while|if|only when) (.+)$/s.exec(text.trim());
      throws.push(match ? { code: match[1]!, when: match[3]!.trim() } : { code: `(unparsed: ${text})`, when: '' });
    }
    const whole = docs.map((d) => d.getText(source)).join('\n');
    const mentioned = new Set([...whole.matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1]!).filter((c) => (SCHEDULING_ERROR_CODES as readonly string[]).includes(c)));
    out.set(name, { throws, mentioned, tags });
  }
  return out;
}

describe('SCHEDULER_ERROR_CODES_BY_METHOD', () => {
  it('has exactly the methods of a scheduler', () => {
    expect(Object.keys(map).sort()).toEqual(METHODS);
  });

  it('lists known codes, each once, in the order of SCHEDULING_ERROR_CODES', () => {
    for (const [method, codes] of Object.entries(map)) {
      const ordered = SCHEDULING_ERROR_CODES.filter((c) => codes.includes(c));
      expect(codes, method).toEqual(ordered);
    }
  });

  it('gives every method VALIDATION_FAILED (every method validates) and STORAGE_FAILED (every method reads the repository)', () => {
    for (const [method, codes] of Object.entries(map)) {
      expect(codes, method).toContain('VALIDATION_FAILED');
      expect(codes, method).toContain('STORAGE_FAILED');
    }
  });

  it('is frozen, the lists too', () => {
    expect(Object.isFrozen(map)).toBe(true);
    for (const codes of Object.values(map)) expect(Object.isFrozen(codes)).toBe(true);
    expect(() => {
      (map.book as SchedulingErrorCode[]).push('NOT_ACTIVE');
    }).toThrow(TypeError);
  });

  it('gives CONFLICT to book and reschedule (a doctor changed 8 times within one call, or a repeated newId id)', () => {
    expect(map.book).toContain('CONFLICT');
    expect(map.reschedule).toContain('CONFLICT');
    expect(map.listAppointments).toEqual(['VALIDATION_FAILED', 'STORAGE_FAILED']);
  });

  it('gives PATIENT_BUSY to exactly the methods that take a patient\'s time', () => {
    const busy = METHODS.filter((m) => map[m]!.includes('PATIENT_BUSY'));
    expect(busy).toEqual(['book', 'confirmHold', 'hold', 'reschedule']);
  });

  it('gives HOLD_NOT_FOUND to the methods that take a hold id, and HOLD_EXPIRED to those that change a hold', () => {
    expect(METHODS.filter((m) => map[m]!.includes('HOLD_NOT_FOUND'))).toEqual(['confirmHold', 'getHold', 'releaseHold', 'renewHold']);
    expect(METHODS.filter((m) => map[m]!.includes('HOLD_EXPIRED'))).toEqual(['confirmHold', 'releaseHold', 'renewHold']);
  });
});

describe('the TSDoc of Scheduler', () => {
  const docs = schedulerTsdoc();

  it('documents every method (the parser sees them all)', () => {
    expect([...docs.keys()].sort()).toEqual(METHODS);
  });

  for (const method of METHODS) {
    it(`${method}: one @throws per code of the map, in its order, each saying when`, () => {
      const doc = docs.get(method)!;
      expect(doc.throws.map((t) => t.code)).toEqual([...map[method]!]);
      for (const t of doc.throws) expect(t.when.length, `${method} ${t.code} says when`).toBeGreaterThan(10);
    });

    it(`${method}: mentions no code it does not list`, () => {
      const doc = docs.get(method)!;
      const strays = [...doc.mentioned].filter((c) => !map[method]!.includes(c as SchedulingErrorCode));
      expect(strays).toEqual([]);
    });
  }

  it('would notice a code missing from a method (the check is not vacuous)', () => {
    const book = docs.get('book')!;
    expect(book.throws.map((t) => t.code)).not.toEqual(map.book!.filter((c) => c !== 'SLOT_TAKEN'));
    expect(book.throws.length).toBeGreaterThanOrEqual(8);
  });
});

describe('the errors guide, "Codes by method"', () => {
  const text = read('docs/errors.md');
  const start = text.indexOf('## Codes by method');
  const section = text.slice(start, text.indexOf('\n## ', start + 1));
  const rows = [...section.matchAll(/^\| ((?:`[a-z][a-zA-Z]+`(?:, )?)+) \| (.*) \|$/gm)];
  const guide = new Map<string, string[]>();
  for (const [, methods, codes] of rows) {
    const listed = [...codes!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!);
    for (const m of methods!.matchAll(/`([a-z][a-zA-Z]+)`/g)) guide.set(m[1]!, listed);
  }

  it('has a row for every method', () => {
    expect([...guide.keys()].sort()).toEqual(METHODS);
  });

  for (const method of METHODS) {
    it(`${method}: names the codes of the map besides VALIDATION_FAILED and STORAGE_FAILED`, () => {
      const besides = map[method]!.filter((c) => c !== 'VALIDATION_FAILED' && c !== 'STORAGE_FAILED');
      expect(guide.get(method)).toEqual(besides);
    });
  }
});
