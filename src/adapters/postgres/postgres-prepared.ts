import type { Executor } from './postgres-connection.js';

/** A 53-bit FNV-1a style hash of `text`, in base 36: a stable, short statement name. */
function hash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return ((h2 >>> 0) * 2 ** 21 + ((h1 >>> 0) & 0x1fffff)).toString(36);
}

/** What node-postgres accepts besides `(text, values)`: a named statement. */
interface NamedQueryable {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ readonly rows: readonly unknown[] }>;
}

/**
 * Wraps executors so that the given statements run as named prepared statements (node-postgres's
 * `{ name, text, values }`): the server parses and plans each once per connection. The name is a
 * hash of the text, so repositories on different schemas never share one. Other statements pass
 * through unchanged.
 *
 * @internal
 */
export function preparing(texts: Iterable<string>): (executor: Executor) => Executor {
  const names = new Map<string, string>();
  for (const text of texts) names.set(text, `clinic_slots_${hash(text)}`);
  return (executor) => ({
    query: (text, values = []) => {
      const name = names.get(text);
      return name === undefined ? executor.query(text, values) : (executor as unknown as NamedQueryable).query({ name, text, values });
    },
  });
}
