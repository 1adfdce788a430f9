/**
 * One code of the error catalog: its HTTP status and its message, verbatim from the API where the API
 * documents it. `origin: 'canopy'` marks codes that Canopy adds beyond the documented API; each of
 * those is described in docs/errors.md (a test checks). Messages may hold `%s` placeholders that are
 * filled from ApiError arguments.
 */
export interface CatalogEntry {
  readonly status: number;
  readonly message: string;
  readonly origin?: 'canopy';
}
