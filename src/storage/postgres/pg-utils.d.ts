// pg's own value serializer, the one it applies to every bound parameter; pg ships no types for it.
declare module 'pg/lib/utils.js' {
  export function prepareValue(value: unknown): string | Buffer | null;
}
